/* test-server-permissions.c: who may call which endpoint of the real
 * quorum-server, as one table of expected statuses, checked cell by cell.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include "qm-test-server.h"

#define PASSWORD "correct horse battery"
#define MEETINGS "/api/v1/meetings/%" G_GINT64_FORMAT

/* The callers, one column each. */
typedef enum
{
  COL_ADMIN,         /* account roles ["admin"] only */
  COL_SECRETARY,     /* account roles ["secretary"], not a participant */
  COL_CHAIR,         /* plain accounts from here on */
  COL_MEETING_SEC,
  COL_DELEGATE,
  COL_OBSERVER,
  COL_OUTSIDER,
  COL_ANON,          /* no token */
  N_COLUMNS
} Column;

static const char *column_names[N_COLUMNS] = {
  "admin", "secretary", "chair", "mtg-sec", "delegate", "observer", "outsider", "no token",
};

/* The accounts: the columns' (but for COL_ANON), the bootstrap admin that
 * sets everything up, and the extras that cells act upon. */
typedef enum
{
  ACC_ROOT = N_COLUMNS,
  ACC_DELEGATE_2,
  ACC_DELEGATE_3,
  ACC_SPARE,
  N_ACCOUNTS
} Account;

static const struct
{
  const char     *name;
  QmAccountRoles  roles;
} accounts[N_ACCOUNTS] = {
  [COL_ADMIN] = { "admin-only", QM_ACCOUNT_ROLE_ADMIN },
  [COL_SECRETARY] = { "global-secretary", QM_ACCOUNT_ROLE_SECRETARY },
  [COL_CHAIR] = { "chair", 0 },
  [COL_MEETING_SEC] = { "meeting-secretary", 0 },
  [COL_DELEGATE] = { "delegate", 0 },
  [COL_OBSERVER] = { "observer", 0 },
  [COL_OUTSIDER] = { "outsider", 0 },
  [COL_ANON] = { NULL, 0 },
  [ACC_ROOT] = { "root", QM_ACCOUNT_ROLE_ADMIN | QM_ACCOUNT_ROLE_SECRETARY },
  [ACC_DELEGATE_2] = { "delegate-2", 0 },
  [ACC_DELEGATE_3] = { "delegate-3", 0 },
  [ACC_SPARE] = { "spare", 0 },
};

static struct
{
  QmTestServer *server;
  gint64        ids[N_ACCOUNTS];
  char         *tokens[N_ACCOUNTS];   /* tokens[COL_ANON] stays NULL */
  gint64        meeting;              /* every column's role is set here */
  gint64        item;                 /* on it, holding document */
  char         *document;             /* on the meeting's agenda */
  char         *loose_document;       /* uploaded by root, on no agenda */
  GBytes       *pdf;
} fixture;

/* One request of one cell. */
typedef struct
{
  const char *method;
  char       *path;
  char       *json;
  GBytes     *pdf;        /* sent as application/pdf instead of json */
} Request;

typedef void (*BuildFunc) (Request *request,
                           Column   column);

typedef struct
{
  const char *name;
  BuildFunc   build;
  guint       expected[N_COLUMNS];
} Row;

/* Set-up helpers: the bootstrap admin acts as the meetings' secretary. */

static void
put (gint64      meeting,
     guint       who,
     const char *role)
{
  g_autoptr(QmParticipant) participant =
    qm_test_put_participant (fixture.server, fixture.tokens[ACC_ROOT], meeting, fixture.ids[who],
                             role);
}

/* A meeting with every column in its role, and two extra delegates. */
static gint64
fresh_meeting (void)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.tokens[ACC_ROOT],
                                                         "Fresh", NULL);

  put (meeting->id, COL_MEETING_SEC, "secretary");
  put (meeting->id, COL_CHAIR, "chair");
  put (meeting->id, COL_DELEGATE, "delegate");
  put (meeting->id, COL_OBSERVER, "observer");
  put (meeting->id, ACC_DELEGATE_2, "delegate");
  put (meeting->id, ACC_DELEGATE_3, "delegate");
  return meeting->id;
}

static gint64
fresh_item (gint64 meeting)
{
  g_autoptr(QmAgendaItem) item = qm_test_add_item (fixture.server, fixture.tokens[ACC_ROOT],
                                                   meeting, "Fresh item");

  return item->id;
}

/* The cells' requests */

static void
build_health (Request *request,
              Column   column)
{
  request->method = "GET";
  request->path = g_strdup ("/api/v1/health");
}

static void
build_login (Request *request,
             Column   column)
{
  g_autoptr(QmLoginRequest) login = qm_login_request_new ();

  login->username = g_strdup (accounts[column == COL_ANON ? COL_OUTSIDER : column].name);
  login->password = g_strdup (PASSWORD);
  request->method = "POST";
  request->path = g_strdup ("/api/v1/login");
  request->json = qm_login_request_serialize (login, NULL);
}

static void
build_me (Request *request,
          Column   column)
{
  request->method = "GET";
  request->path = g_strdup ("/api/v1/me");
}

static void
build_create_user (Request *request,
                   Column   column)
{
  request->method = "POST";
  request->path = g_strdup ("/api/v1/users");
  request->json = g_strdup_printf ("{\"username\":\"made-by-%d\",\"display_name\":\"Made\","
                                   "\"password\":\"" PASSWORD "\",\"roles\":[]}", column);
}

static void
build_list_users (Request *request,
                  Column   column)
{
  request->method = "GET";
  request->path = g_strdup ("/api/v1/users");
}

static void
build_list_meetings (Request *request,
                     Column   column)
{
  request->method = "GET";
  request->path = g_strdup ("/api/v1/meetings");
}

static void
build_create_meeting (Request *request,
                      Column   column)
{
  request->method = "POST";
  request->path = g_strdup ("/api/v1/meetings");
  request->json = g_strdup ("{\"title\":\"Made in a cell\",\"starts_at\":\"2031-01-01T09:00:00Z\"}");
}

static void
build_get_meeting (Request *request,
                   Column   column)
{
  request->method = "GET";
  request->path = g_strdup_printf (MEETINGS, fixture.meeting);
}

static void
build_patch_meeting (Request *request,
                     Column   column)
{
  request->method = "PATCH";
  request->path = g_strdup_printf (MEETINGS, fresh_meeting ());
  request->json = g_strdup ("{\"title\":\"Patched\",\"require_quorum\":true}");
}

static void
build_put_participant (Request *request,
                       Column   column)
{
  request->method = "PUT";
  request->path = g_strdup_printf (MEETINGS "/participants/%" G_GINT64_FORMAT, fresh_meeting (),
                                   fixture.ids[ACC_SPARE]);
  request->json = g_strdup ("{\"role\":\"delegate\"}");
}

static void
build_delete_participant (Request *request,
                          Column   column)
{
  request->method = "DELETE";
  request->path = g_strdup_printf (MEETINGS "/participants/%" G_GINT64_FORMAT, fresh_meeting (),
                                   fixture.ids[ACC_DELEGATE_3]);
}

static void
build_put_proxy (Request *request,
                 Column   column)
{
  request->method = "PUT";
  request->path = g_strdup_printf (MEETINGS "/proxies/%" G_GINT64_FORMAT, fresh_meeting (),
                                   fixture.ids[ACC_DELEGATE_2]);
  request->json = g_strdup_printf ("{\"holder\":%" G_GINT64_FORMAT "}", fixture.ids[ACC_DELEGATE_3]);
}

static void
build_delete_proxy (Request *request,
                    Column   column)
{
  gint64 meeting = fresh_meeting ();
  g_autofree char *path = g_strdup_printf (MEETINGS "/proxies/%" G_GINT64_FORMAT, meeting,
                                           fixture.ids[ACC_DELEGATE_2]);
  g_autofree char *json = g_strdup_printf ("{\"holder\":%" G_GINT64_FORMAT "}",
                                           fixture.ids[ACC_DELEGATE_3]);
  guint status;
  g_autoptr(GBytes) body = qm_test_json (fixture.server, "PUT", path, fixture.tokens[ACC_ROOT],
                                         json, &status);

  qm_test_assert_status (body, status, 200);
  request->method = "DELETE";
  request->path = g_steal_pointer (&path);
}

static void
build_add_item (Request *request,
                Column   column)
{
  request->method = "POST";
  request->path = g_strdup_printf (MEETINGS "/agenda", fresh_meeting ());
  request->json = g_strdup ("{\"title\":\"Added in a cell\"}");
}

static void
build_patch_item (Request *request,
                  Column   column)
{
  request->method = "PATCH";
  request->path = g_strdup_printf (MEETINGS "/agenda/%" G_GINT64_FORMAT, fixture.meeting,
                                   fresh_item (fixture.meeting));
  request->json = g_strdup ("{\"title\":\"Patched in a cell\"}");
}

static void
build_delete_item (Request *request,
                   Column   column)
{
  request->method = "DELETE";
  request->path = g_strdup_printf (MEETINGS "/agenda/%" G_GINT64_FORMAT, fixture.meeting,
                                   fresh_item (fixture.meeting));
}

static void
build_order_agenda (Request *request,
                    Column   column)
{
  gint64 meeting = fresh_meeting ();
  gint64 first = fresh_item (meeting);
  gint64 second = fresh_item (meeting);

  request->method = "PUT";
  request->path = g_strdup_printf (MEETINGS "/agenda-order", meeting);
  request->json = g_strdup_printf ("{\"items\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]}",
                                   second, first);
}

static void
build_upload (Request *request,
              Column   column)
{
  request->method = "POST";
  request->path = g_strdup ("/api/v1/documents?name=cell.pdf");
  request->pdf = g_bytes_ref (fixture.pdf);
}

static void
build_get_document (Request *request,
                    Column   column)
{
  request->method = "GET";
  request->path = g_strdup_printf ("/api/v1/documents/%s", fixture.document);
}

static void
build_get_loose_document (Request *request,
                          Column   column)
{
  request->method = "GET";
  request->path = g_strdup_printf ("/api/v1/documents/%s", fixture.loose_document);
}

static void
build_attach (Request *request,
              Column   column)
{
  request->method = "POST";
  request->path = g_strdup_printf (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents",
                                   fixture.meeting, fresh_item (fixture.meeting));
  request->json = g_strdup_printf ("{\"document\":\"%s\"}", fixture.document);
}

static void
build_detach (Request *request,
              Column   column)
{
  gint64 item = fresh_item (fixture.meeting);
  g_autoptr(QmAgendaItem) attached = qm_test_attach (fixture.server, fixture.tokens[ACC_ROOT],
                                                     fixture.meeting, item, fixture.document);

  request->method = "DELETE";
  request->path = g_strdup_printf (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents/%s",
                                   fixture.meeting, item, fixture.document);
}

static void
build_votes (Request *request,
             Column   column)
{
  request->method = "GET";
  request->path = g_strdup_printf (MEETINGS "/votes", fixture.meeting);
}

static void
build_logout (Request *request,
              Column   column)
{
  request->method = "POST";
  request->path = g_strdup ("/api/v1/logout");
}

/*                admin sec  chair m-sec deleg obs  outsider no-token */
#define ALL(s)    { s,    s,   s,    s,    s,    s,   s,       s }
#define ACCOUNTS(s) { s,  s,   s,    s,    s,    s,   s,       401 }
#define SECRETARY_ONLY(s) { 403, 403, 403, s, 403, 403, 404,   401 }

static const Row rows[] = {
  { "GET /health", build_health, ALL (200) },
  { "POST /login", build_login, ALL (200) },
  { "GET /me", build_me, ACCOUNTS (200) },
  { "POST /users", build_create_user, { 201, 403, 403, 403, 403, 403, 403, 401 } },
  { "GET /users", build_list_users, { 200, 200, 403, 403, 403, 403, 403, 401 } },
  { "GET /meetings", build_list_meetings, ACCOUNTS (200) },
  { "POST /meetings", build_create_meeting, { 403, 201, 403, 403, 403, 403, 403, 401 } },
  { "GET /meetings/{mid}", build_get_meeting, { 200, 200, 200, 200, 200, 200, 404, 401 } },
  { "PATCH /meetings/{mid}", build_patch_meeting, SECRETARY_ONLY (200) },
  { "PUT /meetings/{mid}/participants/{uid}", build_put_participant, SECRETARY_ONLY (200) },
  { "DELETE /meetings/{mid}/participants/{uid}", build_delete_participant, SECRETARY_ONLY (204) },
  { "PUT /meetings/{mid}/proxies/{uid}", build_put_proxy, SECRETARY_ONLY (200) },
  { "DELETE /meetings/{mid}/proxies/{uid}", build_delete_proxy, SECRETARY_ONLY (204) },
  { "POST /meetings/{mid}/agenda", build_add_item, SECRETARY_ONLY (201) },
  { "PATCH /meetings/{mid}/agenda/{iid}", build_patch_item, SECRETARY_ONLY (200) },
  { "DELETE /meetings/{mid}/agenda/{iid}", build_delete_item, SECRETARY_ONLY (204) },
  { "PUT /meetings/{mid}/agenda-order", build_order_agenda, SECRETARY_ONLY (200) },
  { "POST /documents", build_upload, { 403, 201, 403, 201, 403, 403, 403, 401 } },
  { "GET /documents/{on agenda}", build_get_document, { 200, 200, 200, 200, 200, 200, 404, 401 } },
  { "GET /documents/{on none}", build_get_loose_document, { 200, 200, 404, 404, 404, 404, 404, 401 } },
  { "POST /meetings/{mid}/agenda/{iid}/documents", build_attach, SECRETARY_ONLY (201) },
  { "DELETE .../{iid}/documents/{doc}", build_detach, SECRETARY_ONLY (204) },
  { "GET /meetings/{mid}/votes", build_votes, { 403, 403, 200, 200, 200, 200, 404, 401 } },
  /* Last: it ends every column's token. */
  { "POST /logout", build_logout, ACCOUNTS (204) },
};

/* The error code that goes with a status, as the contract lists them. */
static const char *
code_for (guint status)
{
  switch (status)
    {
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    default: return NULL;
    }
}

/* Runs one cell; returns its status, and in *out_problem what was wrong with
 * an error body, if anything. */
static guint
run_cell (const Row  *row,
          Column      column,
          char      **out_problem)
{
  Request request = { 0 };
  guint status;
  g_autoptr(GBytes) body = NULL;
  const char *token = fixture.tokens[column];

  row->build (&request, column);
  if (request.pdf != NULL)
    body = qm_test_request (fixture.server, request.method, request.path, token, "application/pdf",
                            g_bytes_get_data (request.pdf, NULL), g_bytes_get_size (request.pdf),
                            &status, NULL);
  else
    body = qm_test_json (fixture.server, request.method, request.path, token, request.json,
                         &status);

  *out_problem = NULL;
  if (code_for (status) != NULL)
    {
      g_autofree char *code = qm_test_error_code (body);

      if (g_strcmp0 (code, code_for (status)) != 0)
        *out_problem = g_strdup_printf ("%s %s as %s: status %u with error code \"%s\"",
                                        request.method, request.path, column_names[column], status,
                                        code ? code : "(none)");
    }

  g_free (request.path);
  g_free (request.json);
  g_clear_pointer (&request.pdf, g_bytes_unref);
  return status;
}

static void
test_matrix (void)
{
  g_autoptr(GString) table = g_string_new (NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  guint mismatches = 0;
  guint cells = 0;

  g_string_append_printf (table, "%-52s", "expected/actual");
  for (Column column = 0; column < N_COLUMNS; column++)
    g_string_append_printf (table, " %-9s", column_names[column]);
  g_string_append_c (table, '\n');

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      gboolean row_ok = TRUE;

      g_string_append_printf (line, "%-52s", rows[r].name);
      for (Column column = 0; column < N_COLUMNS; column++)
        {
          char *problem = NULL;
          guint status = run_cell (&rows[r], column, &problem);
          guint expected = rows[r].expected[column];

          cells++;
          if (problem != NULL)
            g_ptr_array_add (problems, problem);
          if (status == expected)
            g_string_append_printf (line, " %-9u", status);
          else
            {
              g_autofree char *cell = g_strdup_printf ("%u!=%u", expected, status);

              g_string_append_printf (line, " %-9s", cell);
              mismatches++;
              row_ok = FALSE;
            }
        }
      g_string_append_printf (line, "%s\n", row_ok ? "" : "  <- mismatch");
      g_string_append (table, line->str);
    }

  g_test_message ("%u rows x %u columns = %u cells", (guint) G_N_ELEMENTS (rows), N_COLUMNS, cells);
  if (mismatches > 0 || problems->len > 0)
    {
      for (guint i = 0; i < problems->len; i++)
        g_string_append_printf (table, "%s\n", (char *) g_ptr_array_index (problems, i));
      g_printerr ("\n%s", table->str);
      g_test_message ("%u of %u cells have another status than expected; %u error bodies are wrong",
                      mismatches, cells, problems->len);
      g_test_fail ();
    }
}

/* The shared server */

static void
fixture_set_up (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  const char *names[N_ACCOUNTS] = { NULL };
  QmAccountRoles roles[N_ACCOUNTS] = { 0 };

  fixture.server = qm_test_server_new (&options);
  fixture.tokens[ACC_ROOT] = qm_test_login (fixture.server, "root", PASSWORD);
  {
    g_autoptr(QmUser) me = qm_test_get (fixture.server, "/api/v1/me", fixture.tokens[ACC_ROOT],
                                        (gpointer) qm_user_parse);

    fixture.ids[ACC_ROOT] = me->id;
  }

  for (guint i = 0; i < N_ACCOUNTS; i++)
    if (i != ACC_ROOT && accounts[i].name != NULL)
      {
        names[i] = accounts[i].name;
        roles[i] = accounts[i].roles;
      }
  qm_test_create_users (fixture.server, fixture.tokens[ACC_ROOT], N_ACCOUNTS, names, roles,
                        PASSWORD, fixture.ids);
  /* Only the columns need a token of their own. */
  names[ACC_DELEGATE_2] = names[ACC_DELEGATE_3] = names[ACC_SPARE] = NULL;
  qm_test_login_many (fixture.server, N_ACCOUNTS, names, PASSWORD, fixture.tokens);

  fixture.meeting = fresh_meeting ();
  fixture.item = fresh_item (fixture.meeting);
  fixture.pdf = qm_test_make_pdf (2, "Permissions", 1);
  {
    g_autoptr(GBytes) loose = qm_test_make_pdf (1, "Loose", 2);
    g_autoptr(QmDocument) document = qm_test_upload (fixture.server, fixture.tokens[ACC_ROOT],
                                                     "on-agenda.pdf", fixture.pdf);
    g_autoptr(QmDocument) loose_document = qm_test_upload (fixture.server, fixture.tokens[ACC_ROOT],
                                                           "loose.pdf", loose);
    g_autoptr(QmAgendaItem) item = qm_test_attach (fixture.server, fixture.tokens[ACC_ROOT],
                                                   fixture.meeting, fixture.item, document->id);

    fixture.document = g_strdup (document->id);
    fixture.loose_document = g_strdup (loose_document->id);
  }
}

static void
fixture_tear_down (void)
{
  g_clear_pointer (&fixture.server, qm_test_server_free);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    g_clear_pointer (&fixture.tokens[i], g_free);
  g_clear_pointer (&fixture.document, g_free);
  g_clear_pointer (&fixture.loose_document, g_free);
  g_clear_pointer (&fixture.pdf, g_bytes_unref);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/server/permissions/matrix", test_matrix);

  fixture_set_up ();
  result = g_test_run ();
  fixture_tear_down ();
  return result;
}
