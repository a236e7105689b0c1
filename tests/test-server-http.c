/* test-server-http.c: every HTTP endpoint of the real quorum-server, its
 * success and the error codes the contract lists for it, and durability.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "qm-test-server.h"

#define PASSWORD        "correct horse battery"
#define MEETINGS        "/api/v1/meetings/%" G_GINT64_FORMAT
#define NO_SUCH_ID      G_GINT64_CONSTANT (987654321)
#define NO_SUCH_DOC     "0000000000000000000000000000000000000000000000000000000000000000"

/* The accounts of the shared server. ROOT was made with --create-admin (admin
 * and secretary); KEEPER is an admin only; SEC a secretary only; the others
 * are plain accounts. */
typedef enum
{
  ROOT,
  KEEPER,
  SEC,
  ALICE,
  BOB,
  CAROL,
  DAVE,
  ERIN,
  FRANK,
  LOCKED,       /* never logged in: the rate-limit test locks it out */
  N_ACCOUNTS
} Who;

#define ANON N_ACCOUNTS

static const struct
{
  const char     *name;
  QmAccountRoles  roles;
} accounts[N_ACCOUNTS] = {
  [ROOT] = { "root", QM_ACCOUNT_ROLE_ADMIN | QM_ACCOUNT_ROLE_SECRETARY },
  [KEEPER] = { "keeper", QM_ACCOUNT_ROLE_ADMIN },
  [SEC] = { "sec", QM_ACCOUNT_ROLE_SECRETARY },
  [ALICE] = { "alice", 0 },
  [BOB] = { "bob", 0 },
  [CAROL] = { "carol", 0 },
  [DAVE] = { "dave", 0 },
  [ERIN] = { "erin", 0 },
  [FRANK] = { "frank", 0 },
  [LOCKED] = { "locked", 0 },
};

static struct
{
  QmTestServer *server;
  gint64        ids[N_ACCOUNTS];
  char         *tokens[N_ACCOUNTS + 1];   /* tokens[ANON] stays NULL */
} fixture;

static char *
path_of (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static char *
path_of (const char *format,
         ...)
{
  va_list args;
  char *path;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return path;
}

static GBytes *
call (const char *method,
      const char *path,
      Who         who,
      const char *json,
      guint      *status)
{
  return qm_test_json (fixture.server, method, path, fixture.tokens[who], json, status);
}

/* Asserts an error status and code for one request. */
#define assert_call_error(method, path, who, json, expected, code)                 \
  G_STMT_START {                                                                    \
    guint status_;                                                                  \
    g_autoptr(GBytes) body_ = call ((method), (path), (who), (json), &status_);     \
    qm_test_assert_error (body_, status_, (expected), (code));                      \
  } G_STMT_END

static void
assert_healthy (QmTestServer *server)
{
  guint status;
  g_autoptr(GBytes) body = qm_test_json (server, "GET", "/api/v1/health", NULL, NULL, &status);
  g_autoptr(QmHealth) health = NULL;

  qm_test_assert_status (body, status, 200);
  health = qm_test_parse (body, (gpointer) qm_health_parse);
  g_assert_cmpstr (health->status, ==, "ok");
}

/* A meeting made by SEC, with the given plain accounts as participants. */
static QmMeeting *
sec_meeting (const char *title,
             ...) G_GNUC_NULL_TERMINATED;

static QmMeeting *
sec_meeting (const char *title,
             ...)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.tokens[SEC],
                                                         title, NULL);
  const char *role;
  va_list args;

  va_start (args, title);
  while ((role = va_arg (args, const char *)) != NULL)
    {
      Who who = va_arg (args, Who);
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (fixture.server, fixture.tokens[SEC], meeting->id,
                                 fixture.ids[who], role);
    }
  va_end (args);
  return qm_test_get_meeting (fixture.server, fixture.tokens[SEC], meeting->id);
}

static QmParticipant *
find_participant (QmMeeting *meeting,
                  Who        who)
{
  return qm_meeting_find_participant (meeting, fixture.ids[who]);
}

/* Health and accounts */

static void
test_health (void)
{
  guint status;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmHealth) health = NULL;

  body = call ("GET", "/api/v1/health", ANON, NULL, &status);
  qm_test_assert_status (body, status, 200);
  health = qm_test_parse (body, (gpointer) qm_health_parse);
  g_assert_cmpstr (health->status, ==, "ok");
  g_assert_cmpstr (health->version, !=, "");

  assert_call_error ("GET", "/api/v1/no-such-endpoint", ROOT, NULL, 404, "not_found");
}

static GBytes *
login (const char *username,
       const char *password,
       guint      *status)
{
  g_autoptr(QmLoginRequest) request = qm_login_request_new ();
  g_autofree char *json = NULL;

  request->username = g_strdup (username);
  request->password = g_strdup (password);
  json = qm_login_request_serialize (request, NULL);
  return call ("POST", "/api/v1/login", ANON, json, status);
}

static void
test_login_success (void)
{
  guint status;
  g_autoptr(GBytes) body = login ("alice", PASSWORD, &status);
  g_autoptr(QmLoginResponse) response = NULL;
  g_autoptr(QmUser) me = NULL;

  qm_test_assert_status (body, status, 200);
  response = qm_test_parse (body, (gpointer) qm_login_response_parse);
  g_assert_cmpstr (response->token, !=, "");
  g_assert_cmpint (response->user->id, ==, fixture.ids[ALICE]);
  g_assert_cmpstr (response->user->username, ==, "alice");
  g_assert_cmpint (response->user->roles, ==, 0);
  g_assert_null (strstr (g_bytes_get_data (body, NULL), PASSWORD));

  me = qm_test_get (fixture.server, "/api/v1/me", response->token, (gpointer) qm_user_parse);
  g_assert_cmpint (me->id, ==, fixture.ids[ALICE]);
}

static void
test_login_wrong_credentials (void)
{
  const char *attempts[][2] = {
    { "alice", "not alice's password" },
    { "nobody-here", PASSWORD },
    /* Not a valid username at all: still a wrong credential, not a bad request. */
    { "nguyen van a", PASSWORD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      guint status;
      g_autoptr(GBytes) body = login (attempts[i][0], attempts[i][1], &status);

      g_test_message ("login as “%s”", attempts[i][0]);
      qm_test_assert_error (body, status, 401, "unauthorized");
    }
}

static void
test_login_bad_request (void)
{
  const char *bodies[] = {
    "{\"username\": \"alice\", \"password\": ",
    "not json at all",
    "[]",
    "{\"username\": \"alice\"}",
    "{\"password\": \"" PASSWORD "\"}",
    "{\"username\": 42, \"password\": \"" PASSWORD "\"}",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_test_message ("body: %s", bodies[i]);
      assert_call_error ("POST", "/api/v1/login", ANON, bodies[i], 400, "bad_request");
    }
  assert_call_error ("POST", "/api/v1/login", ANON, NULL, 400, "bad_request");
}

static void
test_login_rate_limited (void)
{
  guint status;
  g_autoptr(GBytes) right = NULL;
  g_autoptr(GBytes) other_case = NULL;
  g_autoptr(GBytes) other_user = NULL;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(GBytes) body = login ("locked", "a wrong password", &status);

      qm_test_assert_error (body, status, 401, "unauthorized");
    }

  /* The 6th attempt is refused even with the right password. */
  right = login ("locked", PASSWORD, &status);
  qm_test_assert_error (right, status, 429, "rate_limited");
  other_case = login ("LOCKED", PASSWORD, &status);
  qm_test_assert_error (other_case, status, 429, "rate_limited");

  /* Another username from the same address is not locked out. */
  other_user = login ("bob", PASSWORD, &status);
  qm_test_assert_status (other_user, status, 200);
}

static void
test_logout (void)
{
  g_autofree char *token = qm_test_login (fixture.server, "carol", PASSWORD);
  guint status;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) me = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(QmUser) still = NULL;

  body = qm_test_json (fixture.server, "POST", "/api/v1/logout", token, NULL, &status);
  qm_test_assert_status (body, status, 204);
  g_assert_cmpuint (g_bytes_get_size (body), ==, 0);

  me = qm_test_json (fixture.server, "GET", "/api/v1/me", token, NULL, &status);
  qm_test_assert_error (me, status, 401, "unauthorized");
  again = qm_test_json (fixture.server, "POST", "/api/v1/logout", token, NULL, &status);
  qm_test_assert_error (again, status, 401, "unauthorized");

  /* Only that token ended: carol's other session goes on. */
  still = qm_test_get (fixture.server, "/api/v1/me", fixture.tokens[CAROL], (gpointer) qm_user_parse);
  g_assert_cmpint (still->id, ==, fixture.ids[CAROL]);

  assert_call_error ("POST", "/api/v1/logout", ANON, NULL, 401, "unauthorized");
}

static void
test_me (void)
{
  for (Who who = ROOT; who < LOCKED; who++)
    {
      g_autoptr(QmUser) me = qm_test_get (fixture.server, "/api/v1/me", fixture.tokens[who],
                                          (gpointer) qm_user_parse);

      g_assert_cmpint (me->id, ==, fixture.ids[who]);
      g_assert_cmpstr (me->username, ==, accounts[who].name);
      g_assert_cmpint (me->roles, ==, accounts[who].roles);
    }

  assert_call_error ("GET", "/api/v1/me", ANON, NULL, 401, "unauthorized");
  {
    guint status;
    g_autoptr(GBytes) body = qm_test_json (fixture.server, "GET", "/api/v1/me",
                                           "0123456789abcdef", NULL, &status);

    qm_test_assert_error (body, status, 401, "unauthorized");
  }
}

static void
test_users_create (void)
{
  g_autoptr(QmUser) user = qm_test_create_user (fixture.server, fixture.tokens[ROOT], "created-1",
                                                PASSWORD, QM_ACCOUNT_ROLE_SECRETARY);
  const char *good = "{\"username\":\"created-2\",\"display_name\":\"Created\","
                     "\"password\":\"" PASSWORD "\",\"roles\":[]}";
  const char *bad[] = {
    "{\"username\":\"created-3\",\"display_name\":\"C\",\"roles\":[]}",
    "{\"username\":\"created-3\",\"display_name\":\"C\",\"password\":\"short\"}",
    "{\"username\":\"has space\",\"display_name\":\"C\",\"password\":\"" PASSWORD "\"}",
    "{\"username\":\"created-3\",\"display_name\":\"\",\"password\":\"" PASSWORD "\"}",
    "{\"username\":\"created-3\",\"display_name\":\"C\",\"password\":\"" PASSWORD "\","
      "\"roles\":[\"emperor\"]}",
    "{\"username\":",
  };
  g_autoptr(QmUser) me = NULL;
  g_autoptr(GPtrArray) users = NULL;
  gboolean listed = FALSE;

  g_assert_cmpint (user->id, >, 0);
  g_assert_cmpstr (user->display_name, ==, "Test created-1");

  /* Taken, also in another letter case. */
  assert_call_error ("POST", "/api/v1/users", ROOT,
                     "{\"username\":\"created-1\",\"display_name\":\"Again\","
                     "\"password\":\"" PASSWORD "\"}", 409, "conflict");
  assert_call_error ("POST", "/api/v1/users", ROOT,
                     "{\"username\":\"CREATED-1\",\"display_name\":\"Again\","
                     "\"password\":\"" PASSWORD "\"}", 409, "conflict");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("body: %s", bad[i]);
      assert_call_error ("POST", "/api/v1/users", ROOT, bad[i], 400, "bad_request");
    }

  assert_call_error ("POST", "/api/v1/users", SEC, good, 403, "forbidden");
  assert_call_error ("POST", "/api/v1/users", ALICE, good, 403, "forbidden");
  assert_call_error ("POST", "/api/v1/users", ANON, good, 401, "unauthorized");

  /* None of those refused made an account. */
  users = qm_test_get (fixture.server, "/api/v1/users", fixture.tokens[ROOT],
                       (gpointer) qm_user_list_parse);
  for (guint i = 0; i < users->len; i++)
    {
      QmUser *listed_user = g_ptr_array_index (users, i);

      g_assert_cmpstr (listed_user->username, !=, "created-2");
      g_assert_cmpstr (listed_user->username, !=, "created-3");
      if (listed_user->id == user->id)
        listed = TRUE;
    }
  g_assert_true (listed);

  /* The new account works. */
  {
    g_autofree char *token = qm_test_login (fixture.server, "created-1", PASSWORD);

    me = qm_test_get (fixture.server, "/api/v1/me", token, (gpointer) qm_user_parse);
    g_assert_cmpint (me->id, ==, user->id);
    g_assert_cmpint (me->roles, ==, QM_ACCOUNT_ROLE_SECRETARY);
  }
}

static void
test_users_list (void)
{
  const Who allowed[] = { ROOT, KEEPER, SEC };

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      guint status;
      g_autoptr(GBytes) body = call ("GET", "/api/v1/users", allowed[i], NULL, &status);
      g_autoptr(GPtrArray) users = NULL;

      qm_test_assert_status (body, status, 200);
      g_assert_null (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                   "password"));
      g_assert_null (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                   "argon2"));
      users = qm_test_parse (body, (gpointer) qm_user_list_parse);
      for (Who who = ROOT; who < N_ACCOUNTS; who++)
        {
          gboolean found = FALSE;

          for (guint j = 0; j < users->len; j++)
            {
              QmUser *user = g_ptr_array_index (users, j);

              if (user->id == fixture.ids[who])
                {
                  g_assert_cmpstr (user->username, ==, accounts[who].name);
                  g_assert_cmpint (user->roles, ==, accounts[who].roles);
                  found = TRUE;
                }
            }
          g_assert_true (found);
        }
    }

  assert_call_error ("GET", "/api/v1/users", ALICE, NULL, 403, "forbidden");
  assert_call_error ("GET", "/api/v1/users", ANON, NULL, 401, "unauthorized");
}

/* Meetings */

static int
index_of_meeting (GPtrArray *summaries,
                  gint64     id)
{
  for (guint i = 0; i < summaries->len; i++)
    if (((QmMeetingSummary *) g_ptr_array_index (summaries, i))->id == id)
      return (int) i;
  return -1;
}

static void
test_meetings_list (void)
{
  g_autoptr(QmMeeting) far = qm_test_create_meeting (fixture.server, fixture.tokens[SEC], "Far",
                                                     "2035-03-01T09:00:00+07:00");
  g_autoptr(QmMeeting) past = qm_test_create_meeting (fixture.server, fixture.tokens[SEC], "Past",
                                                      "2020-05-01T09:00:00Z");
  g_autoptr(QmMeeting) near = qm_test_create_meeting (fixture.server, fixture.tokens[SEC], "Near",
                                                      "2029-06-01T09:00:00+07:00");
  g_autoptr(QmParticipant) alice = qm_test_put_participant (fixture.server, fixture.tokens[SEC],
                                                            far->id, fixture.ids[ALICE], "delegate");
  const Who all_seeing[] = { ROOT, KEEPER };

  /* Admins and secretaries see every meeting, with no role where they have none. */
  for (guint i = 0; i < G_N_ELEMENTS (all_seeing); i++)
    {
      g_autoptr(GPtrArray) list = qm_test_get (fixture.server, "/api/v1/meetings",
                                               fixture.tokens[all_seeing[i]],
                                               (gpointer) qm_meeting_summary_list_parse);
      int n = index_of_meeting (list, near->id);
      int f = index_of_meeting (list, far->id);
      int p = index_of_meeting (list, past->id);

      g_assert_cmpint (n, >=, 0);
      g_assert_cmpint (f, >=, 0);
      g_assert_cmpint (p, >=, 0);
      /* Upcoming first, soonest first; then past meetings. */
      g_assert_cmpint (n, <, f);
      g_assert_cmpint (f, <, p);
      g_assert_cmpint (((QmMeetingSummary *) g_ptr_array_index (list, n))->role, ==,
                       QM_MEETING_ROLE_NONE);
      g_assert_cmpint (((QmMeetingSummary *) g_ptr_array_index (list, f))->role, ==,
                       QM_MEETING_ROLE_NONE);
      g_assert_cmpstr (((QmMeetingSummary *) g_ptr_array_index (list, f))->title, ==, "Far");
      g_assert_cmpstr (((QmMeetingSummary *) g_ptr_array_index (list, f))->starts_at, ==,
                       "2035-03-01T09:00:00+07:00");
    }

  /* The creator is the secretary of each. */
  {
    g_autoptr(GPtrArray) list = qm_test_get (fixture.server, "/api/v1/meetings", fixture.tokens[SEC],
                                             (gpointer) qm_meeting_summary_list_parse);
    const gint64 ids[] = { near->id, far->id, past->id };

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        int at = index_of_meeting (list, ids[i]);

        g_assert_cmpint (at, >=, 0);
        g_assert_cmpint (((QmMeetingSummary *) g_ptr_array_index (list, at))->role, ==,
                         QM_MEETING_ROLE_SECRETARY);
      }
  }

  /* A plain account sees only its own meetings. */
  {
    g_autoptr(GPtrArray) list = qm_test_get (fixture.server, "/api/v1/meetings",
                                             fixture.tokens[ALICE],
                                             (gpointer) qm_meeting_summary_list_parse);
    int f = index_of_meeting (list, far->id);

    g_assert_cmpint (f, >=, 0);
    g_assert_cmpint (((QmMeetingSummary *) g_ptr_array_index (list, f))->role, ==,
                     QM_MEETING_ROLE_DELEGATE);
    g_assert_cmpint (index_of_meeting (list, near->id), ==, -1);
    g_assert_cmpint (index_of_meeting (list, past->id), ==, -1);
  }

  assert_call_error ("GET", "/api/v1/meetings", ANON, NULL, 401, "unauthorized");
}

static void
test_meetings_create (void)
{
  guint status;
  g_autoptr(GBytes) body = call ("POST", "/api/v1/meetings", SEC,
                                 "{\"title\":\"Kỳ họp thứ 7\",\"starts_at\":\"2030-12-01T08:00:00+07:00\","
                                 "\"location\":\"Hội trường\"}", &status);
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(QmMeeting) fetched = NULL;
  const char *good = "{\"title\":\"T\",\"starts_at\":\"2030-12-01T08:00:00Z\"}";
  const char *bad[] = {
    "{\"title\":\"T\",\"starts_at\":\"2030-12-01T08:00:00\"}",
    "{\"title\":\"T\",\"starts_at\":\"next tuesday\"}",
    "{\"starts_at\":\"2030-12-01T08:00:00Z\"}",
    "{\"title\":\"\",\"starts_at\":\"2030-12-01T08:00:00Z\"}",
    "{\"title\":\"T\"}",
    "{\"title\":",
  };
  QmParticipant *creator;

  qm_test_assert_status (body, status, 201);
  meeting = qm_test_parse (body, (gpointer) qm_meeting_parse);
  g_assert_cmpint (meeting->id, >, 0);
  g_assert_cmpstr (meeting->title, ==, "Kỳ họp thứ 7");
  g_assert_cmpstr (meeting->starts_at, ==, "2030-12-01T08:00:00+07:00");
  g_assert_cmpstr (meeting->location, ==, "Hội trường");
  g_assert_false (meeting->require_quorum);
  g_assert_cmpuint (meeting->agenda->len, ==, 0);
  g_assert_cmpuint (meeting->participants->len, ==, 1);
  creator = find_participant (meeting, SEC);
  g_assert_nonnull (creator);
  g_assert_cmpint (creator->role, ==, QM_MEETING_ROLE_SECRETARY);
  g_assert_cmpint (creator->proxy_holder, ==, 0);

  fetched = qm_test_get_meeting (fixture.server, fixture.tokens[SEC], meeting->id);
  g_assert_cmpstr (fetched->title, ==, meeting->title);
  g_assert_cmpstr (fetched->starts_at, ==, meeting->starts_at);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("body: %s", bad[i]);
      assert_call_error ("POST", "/api/v1/meetings", SEC, bad[i], 400, "bad_request");
    }
  assert_call_error ("POST", "/api/v1/meetings", ALICE, good, 403, "forbidden");
  assert_call_error ("POST", "/api/v1/meetings", KEEPER, good, 403, "forbidden");
  assert_call_error ("POST", "/api/v1/meetings", ANON, good, 401, "unauthorized");
}

static void
test_meetings_get (void)
{
  g_autoptr(QmMeeting) meeting = sec_meeting ("Get", "delegate", ALICE, NULL);
  g_autofree char *path = path_of (MEETINGS, meeting->id);
  g_autofree char *missing = path_of (MEETINGS, NO_SUCH_ID);
  const Who allowed[] = { SEC, ALICE, ROOT, KEEPER };

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(QmMeeting) got = qm_test_get_meeting (fixture.server, fixture.tokens[allowed[i]],
                                                      meeting->id);

      g_assert_cmpint (got->id, ==, meeting->id);
      g_assert_cmpuint (got->participants->len, ==, 2);
      g_assert_cmpint (find_participant (got, ALICE)->role, ==, QM_MEETING_ROLE_DELEGATE);
    }

  assert_call_error ("GET", path, BOB, NULL, 404, "not_found");
  assert_call_error ("GET", missing, ROOT, NULL, 404, "not_found");
  assert_call_error ("GET", "/api/v1/meetings/0", ROOT, NULL, 404, "not_found");
  assert_call_error ("GET", "/api/v1/meetings/abc", ROOT, NULL, 404, "not_found");
  assert_call_error ("GET", path, ANON, NULL, 401, "unauthorized");
}

static void
test_meetings_patch (void)
{
  g_autoptr(QmMeeting) meeting = sec_meeting ("Patch", "delegate", ALICE, NULL);
  g_autofree char *path = path_of (MEETINGS, meeting->id);
  g_autofree char *missing = path_of (MEETINGS, NO_SUCH_ID);
  guint status;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(QmMeeting) patched = NULL;
  g_autoptr(QmMeeting) renamed = NULL;
  g_autoptr(QmMeeting) fetched = NULL;
  const char *change = "{\"location\":\"Elsewhere\"}";

  body = call ("PATCH", path, SEC, "{\"require_quorum\":true}", &status);
  qm_test_assert_status (body, status, 200);
  patched = qm_test_parse (body, (gpointer) qm_meeting_parse);
  g_assert_true (patched->require_quorum);
  g_assert_cmpstr (patched->title, ==, "Patch");

  second = call ("PATCH", path, SEC, "{\"title\":\"Renamed\",\"location\":\"Phòng 2\","
                                     "\"starts_at\":\"2031-02-03T14:00:00+07:00\"}", &status);
  qm_test_assert_status (second, status, 200);
  renamed = qm_test_parse (second, (gpointer) qm_meeting_parse);
  g_assert_cmpstr (renamed->title, ==, "Renamed");
  g_assert_cmpstr (renamed->location, ==, "Phòng 2");
  g_assert_cmpstr (renamed->starts_at, ==, "2031-02-03T14:00:00+07:00");
  g_assert_true (renamed->require_quorum);

  fetched = qm_test_get_meeting (fixture.server, fixture.tokens[ALICE], meeting->id);
  g_assert_true (fetched->require_quorum);
  g_assert_cmpstr (fetched->title, ==, "Renamed");

  assert_call_error ("PATCH", path, SEC, "{}", 400, "bad_request");
  assert_call_error ("PATCH", path, SEC, "{\"starts_at\":\"2031-02-03T14:00:00\"}", 400,
                     "bad_request");
  assert_call_error ("PATCH", path, SEC, "{\"require_quorum\":\"yes\"}", 400, "bad_request");
  assert_call_error ("PATCH", path, SEC, "{\"title\":", 400, "bad_request");
  assert_call_error ("PATCH", path, ALICE, change, 403, "forbidden");
  assert_call_error ("PATCH", path, ROOT, change, 403, "forbidden");
  assert_call_error ("PATCH", path, BOB, change, 404, "not_found");
  assert_call_error ("PATCH", missing, SEC, change, 404, "not_found");
  assert_call_error ("PATCH", path, ANON, change, 401, "unauthorized");
}

/* Participants and proxies */

static void
test_participants_put (void)
{
  g_autoptr(QmMeeting) meeting = sec_meeting ("Participants", NULL);
  g_autofree char *alice = path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, meeting->id,
                                    fixture.ids[ALICE]);
  g_autofree char *sec = path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, meeting->id,
                                  fixture.ids[SEC]);
  g_autofree char *nobody = path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, meeting->id,
                                     NO_SUCH_ID);
  guint status;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmParticipant) participant = NULL;
  g_autoptr(QmParticipant) changed = NULL;
  g_autoptr(QmParticipant) bob = NULL;
  g_autoptr(QmParticipant) demoted = NULL;
  g_autoptr(QmMeeting) fetched = NULL;

  body = call ("PUT", alice, SEC, "{\"role\":\"chair\"}", &status);
  qm_test_assert_status (body, status, 200);
  participant = qm_test_parse (body, (gpointer) qm_participant_parse);
  g_assert_cmpint (participant->user_id, ==, fixture.ids[ALICE]);
  g_assert_cmpstr (participant->display_name, ==, "Test alice");
  g_assert_cmpint (participant->role, ==, QM_MEETING_ROLE_CHAIR);
  g_assert_cmpint (participant->proxy_holder, ==, 0);

  changed = qm_test_put_participant (fixture.server, fixture.tokens[SEC], meeting->id,
                                     fixture.ids[ALICE], "observer");
  fetched = qm_test_get_meeting (fixture.server, fixture.tokens[ALICE], meeting->id);
  g_assert_cmpuint (fetched->participants->len, ==, 2);
  g_assert_cmpint (find_participant (fetched, ALICE)->role, ==, QM_MEETING_ROLE_OBSERVER);

  assert_call_error ("PUT", nobody, SEC, "{\"role\":\"delegate\"}", 404, "not_found");
  assert_call_error ("PUT", alice, SEC, "{\"role\":\"king\"}", 400, "bad_request");
  assert_call_error ("PUT", alice, SEC, "{}", 400, "bad_request");
  /* The last secretary may not step down. */
  assert_call_error ("PUT", sec, SEC, "{\"role\":\"delegate\"}", 409, "conflict");
  assert_call_error ("PUT", alice, ALICE, "{\"role\":\"chair\"}", 403, "forbidden");
  assert_call_error ("PUT", alice, ROOT, "{\"role\":\"chair\"}", 403, "forbidden");
  assert_call_error ("PUT", alice, CAROL, "{\"role\":\"chair\"}", 404, "not_found");
  assert_call_error ("PUT", alice, ANON, "{\"role\":\"chair\"}", 401, "unauthorized");

  /* With a second secretary, the first may. */
  bob = qm_test_put_participant (fixture.server, fixture.tokens[SEC], meeting->id,
                                 fixture.ids[BOB], "secretary");
  demoted = qm_test_put_participant (fixture.server, fixture.tokens[SEC], meeting->id,
                                     fixture.ids[SEC], "delegate");
  assert_call_error ("PUT", alice, SEC, "{\"role\":\"chair\"}", 403, "forbidden");
}

static void
test_participants_delete (void)
{
  g_autoptr(QmMeeting) meeting = sec_meeting ("Leaving", "delegate", ALICE, NULL);
  g_autofree char *meeting_path = path_of (MEETINGS, meeting->id);
  g_autofree char *alice = path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, meeting->id,
                                    fixture.ids[ALICE]);
  g_autofree char *sec = path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, meeting->id,
                                  fixture.ids[SEC]);
  g_autofree char *nobody = path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, meeting->id,
                                     NO_SUCH_ID);
  guint status;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmMeeting) fetched = NULL;

  assert_call_error ("DELETE", alice, ALICE, NULL, 403, "forbidden");
  assert_call_error ("DELETE", alice, BOB, NULL, 404, "not_found");
  assert_call_error ("DELETE", alice, ANON, NULL, 401, "unauthorized");

  body = call ("DELETE", alice, SEC, NULL, &status);
  qm_test_assert_status (body, status, 204);
  fetched = qm_test_get_meeting (fixture.server, fixture.tokens[SEC], meeting->id);
  g_assert_null (find_participant (fetched, ALICE));
  g_assert_cmpuint (fetched->participants->len, ==, 1);
  /* Alice no longer sees it. */
  assert_call_error ("GET", meeting_path, ALICE, NULL, 404, "not_found");

  assert_call_error ("DELETE", alice, SEC, NULL, 404, "not_found");
  assert_call_error ("DELETE", nobody, SEC, NULL, 404, "not_found");
  assert_call_error ("DELETE", sec, SEC, NULL, 409, "conflict");
}

static GBytes *
put_proxy (gint64  meeting_id,
           Who     member,
           Who     holder,
           Who     caller,
           guint  *status)
{
  g_autofree char *path = path_of (MEETINGS "/proxies/%" G_GINT64_FORMAT, meeting_id,
                                   fixture.ids[member]);
  g_autofree char *json = g_strdup_printf ("{\"holder\":%" G_GINT64_FORMAT "}",
                                           fixture.ids[holder]);

  return call ("PUT", path, caller, json, status);
}

#define assert_proxy_error(meeting, member, holder, caller, expected, code) \
  G_STMT_START {                                                          \
    guint status_;                                                        \
    g_autoptr(GBytes) body_ = put_proxy ((meeting), (member), (holder), (caller), &status_); \
    qm_test_assert_error (body_, status_, (expected), (code));            \
  } G_STMT_END

static void
test_proxies (void)
{
  g_autoptr(QmMeeting) meeting = sec_meeting ("Proxies", "chair", ALICE, "delegate", BOB,
                                              "delegate", CAROL, "delegate", DAVE,
                                              "observer", ERIN, NULL);
  g_autofree char *bob = path_of (MEETINGS "/proxies/%" G_GINT64_FORMAT, meeting->id,
                                  fixture.ids[BOB]);
  g_autofree char *frank = path_of (MEETINGS "/proxies/%" G_GINT64_FORMAT, meeting->id,
                                    fixture.ids[FRANK]);
  guint status;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) removed = NULL;
  g_autoptr(GBytes) moved = NULL;
  g_autoptr(QmProxy) proxy = NULL;
  g_autoptr(QmProxy) moved_proxy = NULL;
  g_autoptr(QmMeeting) with_proxy = NULL;
  g_autoptr(QmMeeting) without = NULL;

  body = put_proxy (meeting->id, BOB, CAROL, SEC, &status);
  qm_test_assert_status (body, status, 200);
  proxy = qm_test_parse (body, (gpointer) qm_proxy_parse);
  g_assert_cmpint (proxy->member, ==, fixture.ids[BOB]);
  g_assert_cmpint (proxy->holder, ==, fixture.ids[CAROL]);
  with_proxy = qm_test_get_meeting (fixture.server, fixture.tokens[BOB], meeting->id);
  g_assert_cmpint (find_participant (with_proxy, BOB)->proxy_holder, ==, fixture.ids[CAROL]);
  g_assert_cmpint (find_participant (with_proxy, CAROL)->proxy_holder, ==, 0);

  /* Both must be voting members, and two different ones. */
  assert_proxy_error (meeting->id, DAVE, ERIN, SEC, 400, "bad_request");
  assert_proxy_error (meeting->id, ERIN, DAVE, SEC, 400, "bad_request");
  assert_proxy_error (meeting->id, DAVE, SEC, SEC, 400, "bad_request");
  assert_proxy_error (meeting->id, DAVE, DAVE, SEC, 400, "bad_request");
  /* One proxy per holder by default. */
  assert_proxy_error (meeting->id, DAVE, CAROL, SEC, 409, "conflict");
  /* No chains: the holder of a proxy gives none, and a giver holds none. */
  assert_proxy_error (meeting->id, CAROL, ALICE, SEC, 409, "conflict");
  assert_proxy_error (meeting->id, ALICE, BOB, SEC, 409, "conflict");
  /* A member who is not a participant is not found. */
  assert_proxy_error (meeting->id, FRANK, DAVE, SEC, 404, "not_found");
  /* Who may. */
  assert_proxy_error (meeting->id, DAVE, ALICE, ALICE, 403, "forbidden");
  assert_proxy_error (meeting->id, DAVE, ALICE, ROOT, 403, "forbidden");
  assert_proxy_error (meeting->id, DAVE, ALICE, FRANK, 404, "not_found");
  assert_proxy_error (meeting->id, DAVE, ALICE, ANON, 401, "unauthorized");
  assert_call_error ("PUT", bob, SEC, "{}", 400, "bad_request");

  assert_call_error ("DELETE", bob, ALICE, NULL, 403, "forbidden");
  assert_call_error ("DELETE", bob, FRANK, NULL, 404, "not_found");
  assert_call_error ("DELETE", frank, SEC, NULL, 404, "not_found");
  removed = call ("DELETE", bob, SEC, NULL, &status);
  qm_test_assert_status (removed, status, 204);
  without = qm_test_get_meeting (fixture.server, fixture.tokens[SEC], meeting->id);
  g_assert_cmpint (find_participant (without, BOB)->proxy_holder, ==, 0);

  /* Carol is free to hold another proxy now. */
  moved = put_proxy (meeting->id, DAVE, CAROL, SEC, &status);
  qm_test_assert_status (moved, status, 200);
  moved_proxy = qm_test_parse (moved, (gpointer) qm_proxy_parse);
  g_assert_cmpint (moved_proxy->member, ==, fixture.ids[DAVE]);
  g_assert_cmpint (moved_proxy->holder, ==, fixture.ids[CAROL]);
}

/* Agenda */

static void
assert_agenda (QmMeeting    *meeting,
               const gint64 *ids,
               guint         n_ids)
{
  g_assert_cmpuint (meeting->agenda->len, ==, n_ids);
  for (guint i = 0; i < n_ids; i++)
    {
      QmAgendaItem *item = g_ptr_array_index (meeting->agenda, i);

      g_assert_cmpint (item->id, ==, ids[i]);
      g_assert_cmpint (item->position, ==, i);
    }
}

static void
test_agenda_add (void)
{
  g_autoptr(QmMeeting) meeting = sec_meeting ("Agenda", "delegate", ALICE, NULL);
  g_autofree char *path = path_of (MEETINGS "/agenda", meeting->id);
  gint64 ids[3];
  g_autoptr(QmMeeting) fetched = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"title\":\"Item %u\",\"description\":\"About %u\"}",
                                               i, i);
      guint status;
      g_autoptr(GBytes) body = call ("POST", path, SEC, json, &status);
      g_autoptr(QmAgendaItem) item = NULL;
      g_autofree char *title = g_strdup_printf ("Item %u", i);
      g_autofree char *description = g_strdup_printf ("About %u", i);

      qm_test_assert_status (body, status, 201);
      item = qm_test_parse (body, (gpointer) qm_agenda_item_parse);
      g_assert_cmpint (item->position, ==, i);
      g_assert_cmpstr (item->title, ==, title);
      g_assert_cmpstr (item->description, ==, description);
      g_assert_cmpuint (item->documents->len, ==, 0);
      ids[i] = item->id;
    }

  fetched = qm_test_get_meeting (fixture.server, fixture.tokens[ALICE], meeting->id);
  assert_agenda (fetched, ids, G_N_ELEMENTS (ids));

  assert_call_error ("POST", path, SEC, "{\"title\":\"\"}", 400, "bad_request");
  assert_call_error ("POST", path, SEC, "{\"description\":\"no title\"}", 400, "bad_request");
  assert_call_error ("POST", path, SEC, NULL, 400, "bad_request");
  assert_call_error ("POST", path, ALICE, "{\"title\":\"T\"}", 403, "forbidden");
  assert_call_error ("POST", path, ROOT, "{\"title\":\"T\"}", 403, "forbidden");
  assert_call_error ("POST", path, BOB, "{\"title\":\"T\"}", 404, "not_found");
  assert_call_error ("POST", path, ANON, "{\"title\":\"T\"}", 401, "unauthorized");
}

static void
test_agenda_patch (void)
{
  g_autoptr(QmMeeting) meeting = sec_meeting ("Agenda patch", "delegate", ALICE, NULL);
  g_autoptr(QmAgendaItem) item = qm_test_add_item (fixture.server, fixture.tokens[SEC],
                                                   meeting->id, "Before");
  g_autofree char *path = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT, meeting->id, item->id);
  g_autofree char *missing = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT, meeting->id,
                                      NO_SUCH_ID);
  guint status;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(QmAgendaItem) renamed = NULL;
  g_autoptr(QmAgendaItem) described = NULL;

  body = call ("PATCH", path, SEC, "{\"title\":\"After\"}", &status);
  qm_test_assert_status (body, status, 200);
  renamed = qm_test_parse (body, (gpointer) qm_agenda_item_parse);
  g_assert_cmpint (renamed->id, ==, item->id);
  g_assert_cmpstr (renamed->title, ==, "After");
  g_assert_cmpstr (renamed->description, ==, "");
  g_assert_cmpint (renamed->position, ==, 0);

  second = call ("PATCH", path, SEC, "{\"description\":\"Chi tiết\"}", &status);
  qm_test_assert_status (second, status, 200);
  described = qm_test_parse (second, (gpointer) qm_agenda_item_parse);
  g_assert_cmpstr (described->title, ==, "After");
  g_assert_cmpstr (described->description, ==, "Chi tiết");

  assert_call_error ("PATCH", path, SEC, "{}", 400, "bad_request");
  assert_call_error ("PATCH", path, SEC, "{\"title\":\"\"}", 400, "bad_request");
  assert_call_error ("PATCH", missing, SEC, "{\"title\":\"X\"}", 404, "not_found");
  assert_call_error ("PATCH", path, ALICE, "{\"title\":\"X\"}", 403, "forbidden");
  assert_call_error ("PATCH", path, BOB, "{\"title\":\"X\"}", 404, "not_found");
  assert_call_error ("PATCH", path, ANON, "{\"title\":\"X\"}", 401, "unauthorized");
}

static void
test_agenda_delete (void)
{
  g_autoptr(QmMeeting) meeting = sec_meeting ("Agenda delete", "delegate", ALICE, NULL);
  gint64 ids[4];
  g_autoptr(QmMeeting) after_one = NULL;
  g_autoptr(QmMeeting) after_two = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *title = g_strdup_printf ("Item %u", i);
      g_autoptr(QmAgendaItem) item = qm_test_add_item (fixture.server, fixture.tokens[SEC],
                                                       meeting->id, title);

      ids[i] = item->id;
    }

  {
    g_autofree char *second = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT, meeting->id, ids[1]);
    g_autofree char *first = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT, meeting->id, ids[0]);
    guint status;
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GBytes) again = NULL;
    const gint64 left[] = { ids[0], ids[2], ids[3] };
    const gint64 last[] = { ids[2], ids[3] };

    assert_call_error ("DELETE", second, ALICE, NULL, 403, "forbidden");
    assert_call_error ("DELETE", second, BOB, NULL, 404, "not_found");
    assert_call_error ("DELETE", second, ANON, NULL, 401, "unauthorized");

    body = call ("DELETE", second, SEC, NULL, &status);
    qm_test_assert_status (body, status, 204);
    after_one = qm_test_get_meeting (fixture.server, fixture.tokens[SEC], meeting->id);
    assert_agenda (after_one, left, G_N_ELEMENTS (left));

    assert_call_error ("DELETE", second, SEC, NULL, 404, "not_found");

    again = call ("DELETE", first, SEC, NULL, &status);
    qm_test_assert_status (again, status, 204);
    after_two = qm_test_get_meeting (fixture.server, fixture.tokens[SEC], meeting->id);
    assert_agenda (after_two, last, G_N_ELEMENTS (last));
  }
}

static void
test_agenda_order (void)
{
  g_autoptr(QmMeeting) meeting = sec_meeting ("Agenda order", "delegate", ALICE, NULL);
  g_autoptr(QmMeeting) other = sec_meeting ("Other agenda", NULL);
  g_autoptr(QmAgendaItem) a = qm_test_add_item (fixture.server, fixture.tokens[SEC], meeting->id, "A");
  g_autoptr(QmAgendaItem) b = qm_test_add_item (fixture.server, fixture.tokens[SEC], meeting->id, "B");
  g_autoptr(QmAgendaItem) c = qm_test_add_item (fixture.server, fixture.tokens[SEC], meeting->id, "C");
  g_autoptr(QmAgendaItem) x = qm_test_add_item (fixture.server, fixture.tokens[SEC], other->id, "X");
  g_autofree char *path = path_of (MEETINGS "/agenda-order", meeting->id);
  g_autofree char *order = g_strdup_printf ("{\"items\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                            ",%" G_GINT64_FORMAT "]}", c->id, a->id, b->id);
  const gint64 expected[] = { c->id, a->id, b->id };
  g_autofree char *missing = g_strdup_printf ("{\"items\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                              "]}", c->id, a->id);
  g_autofree char *extra = g_strdup_printf ("{\"items\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                            ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]}",
                                            c->id, a->id, b->id, x->id);
  g_autofree char *foreign = g_strdup_printf ("{\"items\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                              ",%" G_GINT64_FORMAT "]}", c->id, a->id, x->id);
  g_autofree char *repeated = g_strdup_printf ("{\"items\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                               ",%" G_GINT64_FORMAT "]}", c->id, a->id, a->id);
  g_autofree char *unknown = g_strdup_printf ("{\"items\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                              ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]}",
                                              c->id, a->id, b->id, NO_SUCH_ID);
  const char *bad[] = { missing, extra, foreign, repeated, unknown, "{\"items\":[]}", "{}",
                        "{\"items\":" };
  guint status;
  g_autoptr(GBytes) body = call ("PUT", path, SEC, order, &status);
  g_autoptr(QmMeeting) reordered = NULL;
  g_autoptr(QmMeeting) fetched = NULL;

  qm_test_assert_status (body, status, 200);
  reordered = qm_test_parse (body, (gpointer) qm_meeting_parse);
  g_assert_cmpint (reordered->id, ==, meeting->id);
  assert_agenda (reordered, expected, G_N_ELEMENTS (expected));
  g_assert_cmpstr (((QmAgendaItem *) g_ptr_array_index (reordered->agenda, 0))->title, ==, "C");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("body: %s", bad[i]);
      assert_call_error ("PUT", path, SEC, bad[i], 400, "bad_request");
    }
  assert_call_error ("PUT", path, ALICE, order, 403, "forbidden");
  assert_call_error ("PUT", path, ROOT, order, 403, "forbidden");
  assert_call_error ("PUT", path, BOB, order, 404, "not_found");
  assert_call_error ("PUT", path, ANON, order, 401, "unauthorized");

  /* Nothing refused changed the order. */
  fetched = qm_test_get_meeting (fixture.server, fixture.tokens[ALICE], meeting->id);
  assert_agenda (fetched, expected, G_N_ELEMENTS (expected));
}

static void
test_agenda_foreign_item (void)
{
  g_autoptr(QmMeeting) mine = sec_meeting ("Mine", NULL);
  g_autoptr(QmMeeting) theirs = sec_meeting ("Theirs", NULL);
  g_autoptr(QmAgendaItem) item = qm_test_add_item (fixture.server, fixture.tokens[SEC], theirs->id,
                                                   "Theirs only");
  g_autoptr(GBytes) pdf = qm_test_make_pdf (1, "Foreign", 11);
  g_autoptr(QmDocument) document = qm_test_upload (fixture.server, fixture.tokens[SEC],
                                                   "foreign.pdf", pdf);
  g_autoptr(QmAgendaItem) attached = qm_test_attach (fixture.server, fixture.tokens[SEC],
                                                     theirs->id, item->id, document->id);
  g_autofree char *path = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT, mine->id, item->id);
  g_autofree char *documents = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents",
                                        mine->id, item->id);
  g_autofree char *document_path = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents/%s",
                                            mine->id, item->id, document->id);
  g_autofree char *attach = g_strdup_printf ("{\"document\":\"%s\"}", document->id);
  g_autoptr(QmMeeting) fetched = NULL;

  assert_call_error ("PATCH", path, SEC, "{\"title\":\"Hijacked\"}", 404, "not_found");
  assert_call_error ("DELETE", path, SEC, NULL, 404, "not_found");
  assert_call_error ("POST", documents, SEC, attach, 404, "not_found");
  assert_call_error ("DELETE", document_path, SEC, NULL, 404, "not_found");

  fetched = qm_test_get_meeting (fixture.server, fixture.tokens[SEC], theirs->id);
  g_assert_cmpuint (fetched->agenda->len, ==, 1);
  g_assert_cmpstr (((QmAgendaItem *) g_ptr_array_index (fetched->agenda, 0))->title, ==,
                   "Theirs only");
  g_assert_cmpuint (((QmAgendaItem *) g_ptr_array_index (fetched->agenda, 0))->documents->len, ==, 1);
}

/* Documents */

static GBytes *
upload (QmTestServer *server,
        const char   *token,
        const char   *content_type,
        GBytes       *bytes,
        gboolean      chunked,
        guint        *status)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  return qm_test_request_full (server, "POST", "/api/v1/documents?name=test.pdf", token, NULL,
                               content_type, data ? data : "", size, chunked, status, NULL);
}

static void
test_documents_upload (void)
{
  g_autoptr(GBytes) pdf = qm_test_make_pdf (3, "Báo cáo thử nghiệm", 1);
  g_autofree char *sha = qm_test_sha256 (pdf);
  g_autofree char *path = g_strdup ("/api/v1/documents?name=b%C3%A1o-c%C3%A1o.pdf");
  guint status;
  g_autoptr(GBytes) body = qm_test_request (fixture.server, "POST", path, fixture.tokens[SEC],
                                            "application/pdf", g_bytes_get_data (pdf, NULL),
                                            g_bytes_get_size (pdf), &status, NULL);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(QmDocument) document = NULL;
  g_autoptr(QmDocument) same = NULL;

  qm_test_assert_status (body, status, 201);
  document = qm_test_parse (body, (gpointer) qm_document_parse);
  g_assert_cmpuint (strlen (sha), ==, QM_DOCID_LENGTH);
  g_assert_cmpstr (document->id, ==, sha);
  g_assert_cmpstr (document->name, ==, "báo-cáo.pdf");
  g_assert_cmpstr (document->title, ==, "Báo cáo thử nghiệm");
  g_assert_cmpint (document->pages, ==, 3);
  g_assert_cmpint (document->bytes, ==, g_bytes_get_size (pdf));

  again = upload (fixture.server, fixture.tokens[SEC], "application/pdf", pdf, FALSE, &status);
  qm_test_assert_status (again, status, 201);
  same = qm_test_parse (again, (gpointer) qm_document_parse);
  g_assert_cmpstr (same->id, ==, sha);
  g_assert_cmpint (same->pages, ==, 3);

  /* Only secretaries upload. */
  {
    g_autoptr(GBytes) plain = upload (fixture.server, fixture.tokens[FRANK], "application/pdf", pdf,
                                      FALSE, &status);
    g_autoptr(GBytes) admin = NULL;
    g_autoptr(GBytes) anon = NULL;

    qm_test_assert_error (plain, status, 403, "forbidden");
    admin = upload (fixture.server, fixture.tokens[KEEPER], "application/pdf", pdf, FALSE, &status);
    qm_test_assert_error (admin, status, 403, "forbidden");
    anon = upload (fixture.server, NULL, "application/pdf", pdf, FALSE, &status);
    qm_test_assert_error (anon, status, 401, "unauthorized");
  }
  assert_healthy (fixture.server);
}

static void
test_documents_not_pdf (void)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("Hello, this is not a PDF.\n", 26);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) pdf = qm_test_make_pdf (1, NULL, 2);
  struct
  {
    const char *content_type;
    GBytes     *bytes;
  } cases[] = {
    { "application/pdf", text },
    { "application/pdf", empty },
    { "text/plain", text },
    { "text/plain", pdf },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status;
      g_autoptr(GBytes) body = upload (fixture.server, fixture.tokens[SEC], cases[i].content_type,
                                       cases[i].bytes, FALSE, &status);

      g_test_message ("%s of %" G_GSIZE_FORMAT " bytes", cases[i].content_type,
                      g_bytes_get_size (cases[i].bytes));
      qm_test_assert_error (body, status, 415, "unsupported_media_type");
      assert_healthy (fixture.server);
    }
}

static void
test_documents_invalid (void)
{
  g_autoptr(GBytes) pdf = qm_test_make_pdf (4, "Cut short", 3);
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (pdf, 0, g_bytes_get_size (pdf) / 2);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("%PDF-1.7\nthis is no PDF at all\n%%EOF\n", 37);
  GBytes *cases[] = { truncated, garbage };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status;
      g_autoptr(GBytes) body = upload (fixture.server, fixture.tokens[SEC], "application/pdf",
                                       cases[i], FALSE, &status);

      qm_test_assert_error (body, status, 422, "invalid_document");
      assert_healthy (fixture.server);
    }
}

static void
test_documents_too_large (void)
{
  const char *config[] = { "limits", "max-document-bytes", "4096", NULL };
  QmTestServerOptions options = { "root", PASSWORD, config, FALSE };
  g_autoptr(QmTestServer) server = qm_test_server_new (&options);
  g_autofree char *token = qm_test_login (server, "root", PASSWORD);
  g_autoptr(GBytes) small = qm_test_make_pdf (1, "Small", 4);
  g_autoptr(GBytes) big = qm_test_make_pdf (40, "Big", 5);
  g_autoptr(QmDocument) document = NULL;

  g_assert_cmpuint (g_bytes_get_size (small), <=, 4096);
  g_assert_cmpuint (g_bytes_get_size (big), >, 4096);
  document = qm_test_upload (server, token, "small.pdf", small);

  for (int chunked = 0; chunked <= 1; chunked++)
    {
      guint status;
      g_autoptr(GBytes) body = upload (server, token, "application/pdf", big, chunked, &status);

      g_test_message ("%s", chunked ? "chunked" : "with a Content-Length");
      qm_test_assert_error (body, status, 413, "too_large");
      assert_healthy (server);
    }

  /* The limit stays what it was. */
  {
    g_autoptr(QmDocument) again = qm_test_upload (server, token, "small.pdf", small);

    g_assert_cmpstr (again->id, ==, document->id);
  }
}

static void
test_documents_validator_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("quorum-validator-XXXXXX", &error);
  g_autofree char *script = NULL;
  const char *config[] = {
    "documents", "validator", NULL,
    "documents", "validator-timeout-ms", "300",
    NULL,
  };
  QmTestServerOptions options = { "root", PASSWORD, config, FALSE };
  g_autoptr(QmTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GBytes) pdf = qm_test_make_pdf (2, "Slow", 6);

  g_assert_no_error (error);
  script = g_build_filename (dir, "hang.sh", NULL);
  g_file_set_contents (script, "#!/bin/sh\nexec sleep 60\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);
  config[2] = script;

  server = qm_test_server_new (&options);
  token = qm_test_login (server, "root", PASSWORD);

  for (int i = 0; i < 2; i++)
    {
      guint status;
      g_autoptr(GBytes) body = upload (server, token, "application/pdf", pdf, FALSE, &status);

      qm_test_assert_error (body, status, 422, "invalid_document");
      assert_healthy (server);
    }

  g_clear_pointer (&server, qm_test_server_free);
  g_unlink (script);
  g_rmdir (dir);
}

static GBytes *
download (const char          *docid,
          Who                  who,
          const char          *header,
          const char          *value,
          guint               *status,
          SoupMessageHeaders **headers)
{
  g_autofree char *path = path_of ("/api/v1/documents/%s", docid);
  const char *request_headers[] = { header, value, NULL };

  return qm_test_request_full (fixture.server, "GET", path, fixture.tokens[who],
                               header ? request_headers : NULL, NULL, NULL, 0, FALSE, status,
                               headers);
}

static void
test_documents_download (void)
{
  g_autoptr(GBytes) pdf = qm_test_make_pdf (5, "Download", 7);
  g_autoptr(QmDocument) document = qm_test_upload (fixture.server, fixture.tokens[SEC],
                                                   "download.pdf", pdf);
  g_autofree char *etag = g_strdup_printf ("\"%s\"", document->id);
  gsize size = g_bytes_get_size (pdf);
  g_autofree char *from_end = g_strdup_printf ("bytes=%" G_GSIZE_FORMAT "-", size);
  guint status;

  g_assert_cmpuint (size, >, 100);

  {
    g_autoptr(SoupMessageHeaders) headers = NULL;
    g_autoptr(GBytes) body = download (document->id, SEC, NULL, NULL, &status, &headers);

    qm_test_assert_status (body, status, 200);
    g_assert_true (g_bytes_equal (body, pdf));
    g_assert_cmpstr (soup_message_headers_get_one (headers, "ETag"), ==, etag);
    g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/pdf");
  }
  {
    g_autoptr(SoupMessageHeaders) headers = NULL;
    g_autoptr(GBytes) body = download (document->id, SEC, "If-None-Match", etag, &status, &headers);

    qm_test_assert_status (body, status, 304);
    g_assert_cmpuint (g_bytes_get_size (body), ==, 0);
    g_assert_cmpstr (soup_message_headers_get_one (headers, "ETag"), ==, etag);
  }
  {
    g_autoptr(GBytes) body = download (document->id, SEC, "If-None-Match", "\"something-else\"",
                                       &status, NULL);

    qm_test_assert_status (body, status, 200);
    g_assert_true (g_bytes_equal (body, pdf));
  }
  {
    g_autoptr(SoupMessageHeaders) headers = NULL;
    g_autoptr(GBytes) body = download (document->id, SEC, "Range", "bytes=0-99", &status, &headers);
    g_autoptr(GBytes) expected = g_bytes_new_from_bytes (pdf, 0, 100);
    g_autofree char *content_range = g_strdup_printf ("bytes 0-99/%" G_GSIZE_FORMAT, size);

    qm_test_assert_status (body, status, 206);
    g_assert_true (g_bytes_equal (body, expected));
    g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Range"), ==, content_range);
  }
  {
    g_autoptr(SoupMessageHeaders) headers = NULL;
    g_autoptr(GBytes) body = download (document->id, SEC, "Range", "bytes=-10", &status, &headers);
    g_autoptr(GBytes) expected = g_bytes_new_from_bytes (pdf, size - 10, 10);
    g_autofree char *content_range = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT
                                                      "/%" G_GSIZE_FORMAT, size - 10, size - 1, size);

    qm_test_assert_status (body, status, 206);
    g_assert_true (g_bytes_equal (body, expected));
    g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Range"), ==, content_range);
  }
  {
    g_autoptr(GBytes) body = download (document->id, SEC, "Range", from_end, &status, NULL);

    qm_test_assert_error (body, status, 416, "range_not_satisfiable");
  }

  /* Who may read it: its uploader and every admin or secretary; nobody else
   * until it is on the agenda of one of their meetings. */
  {
    const Who readers[] = { ROOT, KEEPER };

    for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
      {
        g_autoptr(GBytes) body = download (document->id, readers[i], NULL, NULL, &status, NULL);

        qm_test_assert_status (body, status, 200);
        g_assert_true (g_bytes_equal (body, pdf));
      }
  }
  {
    guint missing_status;
    g_autoptr(GBytes) body = download (document->id, ALICE, NULL, NULL, &status, NULL);
    g_autoptr(GBytes) missing = download (NO_SUCH_DOC, SEC, NULL, NULL, &missing_status, NULL);

    qm_test_assert_error (body, status, 404, "not_found");
    qm_test_assert_error (missing, missing_status, 404, "not_found");
  }
  {
    g_autoptr(QmMeeting) meeting = sec_meeting ("Reading", "observer", ALICE, NULL);
    g_autoptr(QmAgendaItem) item = qm_test_add_item (fixture.server, fixture.tokens[SEC],
                                                     meeting->id, "Read this");
    g_autoptr(QmAgendaItem) attached = qm_test_attach (fixture.server, fixture.tokens[SEC],
                                                       meeting->id, item->id, document->id);
    guint outsider_status;
    g_autoptr(GBytes) body = download (document->id, ALICE, NULL, NULL, &status, NULL);
    g_autoptr(GBytes) outsider = download (document->id, BOB, NULL, NULL, &outsider_status, NULL);

    qm_test_assert_status (body, status, 200);
    g_assert_true (g_bytes_equal (body, pdf));
    qm_test_assert_error (outsider, outsider_status, 404, "not_found");
  }
  assert_call_error ("GET", "/api/v1/documents/not-a-document-id", SEC, NULL, 404, "not_found");
  {
    g_autoptr(GBytes) anon = download (document->id, ANON, NULL, NULL, &status, NULL);

    qm_test_assert_error (anon, status, 401, "unauthorized");
  }
}

static void
test_documents_attach (void)
{
  /* Alice is the meeting's secretary but no global one: she may attach only
   * what she may read. */
  g_autoptr(QmMeeting) meeting = sec_meeting ("Attach", "secretary", ALICE, "delegate", BOB, NULL);
  g_autoptr(QmMeeting) elsewhere = sec_meeting ("Elsewhere", "observer", ALICE, NULL);
  g_autoptr(QmAgendaItem) item = qm_test_add_item (fixture.server, fixture.tokens[SEC], meeting->id,
                                                   "With documents");
  g_autoptr(QmAgendaItem) other_item = qm_test_add_item (fixture.server, fixture.tokens[SEC],
                                                         elsewhere->id, "Elsewhere item");
  g_autoptr(GBytes) own_pdf = qm_test_make_pdf (2, "Alice's", 8);
  g_autoptr(GBytes) foreign_pdf = qm_test_make_pdf (2, "Not Alice's", 9);
  g_autoptr(QmDocument) own = qm_test_upload (fixture.server, fixture.tokens[ALICE], "own.pdf",
                                              own_pdf);
  g_autoptr(QmDocument) foreign = qm_test_upload (fixture.server, fixture.tokens[SEC], "foreign.pdf",
                                                  foreign_pdf);
  g_autofree char *path = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents", meeting->id,
                                   item->id);
  g_autofree char *own_json = g_strdup_printf ("{\"document\":\"%s\",\"title\":\"Phụ lục 1\"}",
                                               own->id);
  g_autofree char *foreign_json = g_strdup_printf ("{\"document\":\"%s\"}", foreign->id);
  g_autofree char *own_path = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents/%s",
                                       meeting->id, item->id, own->id);
  g_autofree char *foreign_path = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents/%s",
                                           meeting->id, item->id, foreign->id);
  guint status;
  g_autoptr(GBytes) body = call ("POST", path, ALICE, own_json, &status);
  g_autoptr(QmAgendaItem) with_own = NULL;
  QmItemDocument *entry;

  qm_test_assert_status (body, status, 201);
  with_own = qm_test_parse (body, (gpointer) qm_agenda_item_parse);
  g_assert_cmpint (with_own->id, ==, item->id);
  g_assert_cmpuint (with_own->documents->len, ==, 1);
  entry = g_ptr_array_index (with_own->documents, 0);
  g_assert_cmpstr (entry->id, ==, own->id);
  g_assert_cmpstr (entry->title, ==, "Phụ lục 1");
  g_assert_cmpint (entry->pages, ==, 2);
  g_assert_cmpint (entry->bytes, ==, g_bytes_get_size (own_pdf));

  assert_call_error ("POST", path, ALICE, own_json, 409, "conflict");
  /* Uploaded by someone else and on none of her agendas. */
  assert_call_error ("POST", path, ALICE, foreign_json, 404, "not_found");
  {
    g_autofree char *missing = g_strdup_printf ("{\"document\":\"%s\"}", NO_SUCH_DOC);

    assert_call_error ("POST", path, ALICE, missing, 404, "not_found");
  }
  assert_call_error ("POST", path, ALICE, "{\"document\":\"not-an-id\"}", 400, "bad_request");
  assert_call_error ("POST", path, ALICE, "{}", 400, "bad_request");
  assert_call_error ("POST", path, BOB, own_json, 403, "forbidden");
  assert_call_error ("POST", path, CAROL, own_json, 404, "not_found");
  assert_call_error ("POST", path, ANON, own_json, 401, "unauthorized");

  /* Once on the agenda of a meeting she takes part in, she may read it and attach it. */
  {
    g_autoptr(QmAgendaItem) there = qm_test_attach (fixture.server, fixture.tokens[SEC],
                                                    elsewhere->id, other_item->id, foreign->id);
    g_autoptr(GBytes) attached = call ("POST", path, ALICE, foreign_json, &status);
    g_autoptr(QmAgendaItem) with_both = NULL;

    qm_test_assert_status (attached, status, 201);
    with_both = qm_test_parse (attached, (gpointer) qm_agenda_item_parse);
    g_assert_cmpuint (with_both->documents->len, ==, 2);
    /* Without a title of its own, the entry takes the document's. */
    g_assert_cmpstr (((QmItemDocument *) g_ptr_array_index (with_both->documents, 1))->title, ==,
                     "Not Alice's");
  }

  /* Detach. */
  assert_call_error ("DELETE", own_path, BOB, NULL, 403, "forbidden");
  assert_call_error ("DELETE", own_path, CAROL, NULL, 404, "not_found");
  {
    g_autoptr(GBytes) detached = call ("DELETE", own_path, ALICE, NULL, &status);
    g_autoptr(QmMeeting) fetched = NULL;
    QmAgendaItem *fetched_item;

    qm_test_assert_status (detached, status, 204);
    fetched = qm_test_get_meeting (fixture.server, fixture.tokens[BOB], meeting->id);
    fetched_item = g_ptr_array_index (fetched->agenda, 0);
    g_assert_cmpuint (fetched_item->documents->len, ==, 1);
    g_assert_cmpstr (((QmItemDocument *) g_ptr_array_index (fetched_item->documents, 0))->id, ==,
                     foreign->id);
  }
  assert_call_error ("DELETE", own_path, ALICE, NULL, 404, "not_found");
  {
    g_autofree char *never = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents/%s",
                                      meeting->id, item->id, NO_SUCH_DOC);

    assert_call_error ("DELETE", never, ALICE, NULL, 404, "not_found");
  }
  {
    g_autoptr(GBytes) detached = call ("DELETE", foreign_path, ALICE, NULL, &status);

    qm_test_assert_status (detached, status, 204);
  }
}

/* Votes */

static void
test_votes (void)
{
  g_autoptr(QmMeeting) meeting = sec_meeting ("Votes", "chair", ALICE, "observer", BOB, NULL);
  g_autofree char *path = path_of (MEETINGS "/votes", meeting->id);
  const Who participants[] = { SEC, ALICE, BOB };

  for (guint i = 0; i < G_N_ELEMENTS (participants); i++)
    {
      g_autoptr(GPtrArray) votes = qm_test_get (fixture.server, path,
                                                fixture.tokens[participants[i]],
                                                (gpointer) qm_vote_list_parse);

      g_assert_cmpuint (votes->len, ==, 0);
    }
  assert_call_error ("GET", path, ROOT, NULL, 403, "forbidden");
  assert_call_error ("GET", path, KEEPER, NULL, 403, "forbidden");
  assert_call_error ("GET", path, CAROL, NULL, 404, "not_found");
  assert_call_error ("GET", path, ANON, NULL, 401, "unauthorized");
}

/* Not revealing what exists */

static void
test_outsider_not_found (void)
{
  g_autoptr(QmMeeting) meeting = sec_meeting ("Private", "delegate", ALICE, "delegate", BOB, NULL);
  /* Dave is the secretary of another meeting: that gives him nothing here. */
  g_autoptr(QmMeeting) daves = sec_meeting ("Dave's", "secretary", DAVE, NULL);
  g_autoptr(QmAgendaItem) item = qm_test_add_item (fixture.server, fixture.tokens[SEC], meeting->id,
                                                   "Secret item");
  g_autoptr(GBytes) pdf = qm_test_make_pdf (1, "Secret", 10);
  g_autoptr(QmDocument) document = qm_test_upload (fixture.server, fixture.tokens[SEC],
                                                   "secret.pdf", pdf);
  g_autoptr(QmAgendaItem) attached = qm_test_attach (fixture.server, fixture.tokens[SEC],
                                                     meeting->id, item->id, document->id);
  gint64 mid = meeting->id;
  gint64 alice = fixture.ids[ALICE];
  gint64 bob = fixture.ids[BOB];
  const gint64 meeting_ids[] = { mid, NO_SUCH_ID };
  const Who outsiders[] = { CAROL, DAVE };
  g_autoptr(QmMeeting) after = NULL;

  for (guint m = 0; m < G_N_ELEMENTS (meeting_ids); m++)
    for (guint o = 0; o < G_N_ELEMENTS (outsiders); o++)
      {
        gint64 id = meeting_ids[m];
        g_autofree char *order = g_strdup_printf ("{\"items\":[%" G_GINT64_FORMAT "]}", item->id);
        g_autofree char *proxy = g_strdup_printf ("{\"holder\":%" G_GINT64_FORMAT "}", bob);
        g_autofree char *attach = g_strdup_printf ("{\"document\":\"%s\"}", document->id);
        struct
        {
          const char *method;
          char       *path;
          const char *json;
        } routes[] = {
          { "GET", path_of (MEETINGS, id), NULL },
          { "PATCH", path_of (MEETINGS, id), "{\"title\":\"Mine now\"}" },
          { "PUT", path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, id, alice),
            "{\"role\":\"observer\"}" },
          { "PUT", path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, id,
                            fixture.ids[outsiders[o]]), "{\"role\":\"chair\"}" },
          { "DELETE", path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, id, alice), NULL },
          { "DELETE", path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, id, NO_SUCH_ID), NULL },
          { "PUT", path_of (MEETINGS "/proxies/%" G_GINT64_FORMAT, id, alice), proxy },
          { "DELETE", path_of (MEETINGS "/proxies/%" G_GINT64_FORMAT, id, alice), NULL },
          { "POST", path_of (MEETINGS "/agenda", id), "{\"title\":\"Injected\"}" },
          { "PATCH", path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT, id, item->id),
            "{\"title\":\"Changed\"}" },
          { "PATCH", path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT, id, NO_SUCH_ID),
            "{\"title\":\"Changed\"}" },
          { "DELETE", path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT, id, item->id), NULL },
          { "PUT", path_of (MEETINGS "/agenda-order", id), order },
          { "POST", path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents", id, item->id),
            attach },
          { "DELETE", path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents/%s", id, item->id,
                               document->id), NULL },
          { "DELETE", path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents/%s", id, NO_SUCH_ID,
                               NO_SUCH_DOC), NULL },
          { "GET", path_of (MEETINGS "/votes", id), NULL },
        };

        for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
          {
            g_test_message ("%s %s as %s", routes[r].method, routes[r].path,
                            accounts[outsiders[o]].name);
            assert_call_error (routes[r].method, routes[r].path, outsiders[o], routes[r].json,
                               404, "not_found");
            g_free (routes[r].path);
          }
      }

  /* The document is hidden from them too. */
  {
    g_autofree char *path = path_of ("/api/v1/documents/%s", document->id);

    assert_call_error ("GET", path, CAROL, NULL, 404, "not_found");
  }

  /* And nothing they tried changed anything. */
  after = qm_test_get_meeting (fixture.server, fixture.tokens[SEC], mid);
  g_assert_cmpstr (after->title, ==, "Private");
  g_assert_cmpuint (after->participants->len, ==, 3);
  g_assert_cmpint (find_participant (after, ALICE)->role, ==, QM_MEETING_ROLE_DELEGATE);
  g_assert_cmpint (find_participant (after, ALICE)->proxy_holder, ==, 0);
  g_assert_cmpuint (after->agenda->len, ==, 1);
  g_assert_cmpstr (((QmAgendaItem *) g_ptr_array_index (after->agenda, 0))->title, ==,
                   "Secret item");
  g_assert_cmpuint (((QmAgendaItem *) g_ptr_array_index (after->agenda, 0))->documents->len, ==, 1);
}

/* Durability */

static void
check_durability (gboolean kill)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  g_autoptr(QmTestServer) server = qm_test_server_new (&options);
  g_autofree char *token = qm_test_login (server, "root", PASSWORD);
  g_autoptr(QmUser) user = qm_test_create_user (server, token, "lasting", PASSWORD, 0);
  g_autofree char *user_token = qm_test_login (server, "lasting", PASSWORD);
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (server, token, "Lasting",
                                                         "2030-04-05T06:07:08+07:00");
  g_autoptr(QmParticipant) participant = qm_test_put_participant (server, token, meeting->id,
                                                                  user->id, "delegate");
  g_autoptr(QmAgendaItem) first = qm_test_add_item (server, token, meeting->id, "First");
  g_autoptr(QmAgendaItem) second = qm_test_add_item (server, token, meeting->id, "Second");
  g_autoptr(GBytes) pdf = qm_test_make_pdf (3, "Lasting document", 12);
  g_autoptr(QmDocument) document = qm_test_upload (server, token, "lasting.pdf", pdf);
  g_autoptr(QmAgendaItem) attached = qm_test_attach (server, token, meeting->id, second->id,
                                                     document->id);
  g_autofree char *path = path_of (MEETINGS, meeting->id);
  g_autoptr(QmMeeting) before = NULL;
  g_autoptr(QmMeeting) after = NULL;
  g_autoptr(QmUser) me = NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  guint status;

  {
    g_autoptr(GBytes) body = qm_test_json (server, "PATCH", path, token,
                                           "{\"require_quorum\":true}", &status);

    qm_test_assert_status (body, status, 200);
  }
  before = qm_test_get_meeting (server, token, meeting->id);
  before_json = qm_meeting_serialize (before, NULL);

  if (kill)
    qm_test_server_kill_restart (server);
  else
    qm_test_server_restart (server);

  /* Tokens, the account, the meeting with its agenda and documents survive. */
  me = qm_test_get (server, "/api/v1/me", user_token, (gpointer) qm_user_parse);
  g_assert_cmpint (me->id, ==, user->id);
  after = qm_test_get_meeting (server, token, meeting->id);
  after_json = qm_meeting_serialize (after, NULL);
  g_assert_cmpstr (after_json, ==, before_json);
  g_assert_true (after->require_quorum);
  g_assert_cmpuint (after->agenda->len, ==, 2);
  g_assert_cmpuint (((QmAgendaItem *) g_ptr_array_index (after->agenda, 1))->documents->len, ==, 1);
  {
    g_autofree char *document_path = path_of ("/api/v1/documents/%s", document->id);
    g_autoptr(GBytes) body = qm_test_json (server, "GET", document_path, user_token, NULL, &status);

    qm_test_assert_status (body, status, 200);
    g_assert_true (g_bytes_equal (body, pdf));
  }

  /* And it still takes changes. */
  {
    g_autoptr(QmAgendaItem) third = qm_test_add_item (server, token, meeting->id, "Third");

    g_assert_cmpint (third->position, ==, 2);
  }
}

static void
test_durability_sigterm (void)
{
  check_durability (FALSE);
}

static void
test_durability_sigkill (void)
{
  check_durability (TRUE);
}

static void
test_schema (void)
{
  g_autofree char *path = g_build_filename (qm_test_server_get_data_dir (fixture.server),
                                            "quorum.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version;", -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), >=, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* The shared server */

static void
fixture_set_up (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };

  fixture.server = qm_test_server_new (&options);
  fixture.tokens[ROOT] = qm_test_login (fixture.server, "root", PASSWORD);
  {
    g_autoptr(QmUser) me = qm_test_get (fixture.server, "/api/v1/me", fixture.tokens[ROOT],
                                        (gpointer) qm_user_parse);

    fixture.ids[ROOT] = me->id;
  }
  {
    const char *names[N_ACCOUNTS] = { NULL };
    QmAccountRoles roles[N_ACCOUNTS] = { 0 };

    for (Who who = ROOT + 1; who < N_ACCOUNTS; who++)
      {
        names[who] = accounts[who].name;
        roles[who] = accounts[who].roles;
      }
    qm_test_create_users (fixture.server, fixture.tokens[ROOT], N_ACCOUNTS, names, roles, PASSWORD,
                          fixture.ids);
    names[LOCKED] = NULL;
    qm_test_login_many (fixture.server, N_ACCOUNTS, names, PASSWORD, fixture.tokens);
  }
}

static void
fixture_tear_down (void)
{
  g_clear_pointer (&fixture.server, qm_test_server_free);
  for (guint i = 0; i < G_N_ELEMENTS (fixture.tokens); i++)
    g_clear_pointer (&fixture.tokens[i], g_free);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/server/http/health", test_health);
  g_test_add_func ("/quorum/server/http/login/success", test_login_success);
  g_test_add_func ("/quorum/server/http/login/wrong-credentials", test_login_wrong_credentials);
  g_test_add_func ("/quorum/server/http/login/bad-request", test_login_bad_request);
  g_test_add_func ("/quorum/server/http/login/rate-limited", test_login_rate_limited);
  g_test_add_func ("/quorum/server/http/logout", test_logout);
  g_test_add_func ("/quorum/server/http/me", test_me);
  g_test_add_func ("/quorum/server/http/users/create", test_users_create);
  g_test_add_func ("/quorum/server/http/users/list", test_users_list);
  g_test_add_func ("/quorum/server/http/meetings/list", test_meetings_list);
  g_test_add_func ("/quorum/server/http/meetings/create", test_meetings_create);
  g_test_add_func ("/quorum/server/http/meetings/get", test_meetings_get);
  g_test_add_func ("/quorum/server/http/meetings/patch", test_meetings_patch);
  g_test_add_func ("/quorum/server/http/participants/put", test_participants_put);
  g_test_add_func ("/quorum/server/http/participants/delete", test_participants_delete);
  g_test_add_func ("/quorum/server/http/proxies", test_proxies);
  g_test_add_func ("/quorum/server/http/agenda/add", test_agenda_add);
  g_test_add_func ("/quorum/server/http/agenda/patch", test_agenda_patch);
  g_test_add_func ("/quorum/server/http/agenda/delete", test_agenda_delete);
  g_test_add_func ("/quorum/server/http/agenda/order", test_agenda_order);
  g_test_add_func ("/quorum/server/http/agenda/foreign-item", test_agenda_foreign_item);
  g_test_add_func ("/quorum/server/http/documents/upload", test_documents_upload);
  g_test_add_func ("/quorum/server/http/documents/not-pdf", test_documents_not_pdf);
  g_test_add_func ("/quorum/server/http/documents/invalid", test_documents_invalid);
  g_test_add_func ("/quorum/server/http/documents/too-large", test_documents_too_large);
  g_test_add_func ("/quorum/server/http/documents/validator-timeout",
                   test_documents_validator_timeout);
  g_test_add_func ("/quorum/server/http/documents/download", test_documents_download);
  g_test_add_func ("/quorum/server/http/documents/attach", test_documents_attach);
  g_test_add_func ("/quorum/server/http/votes", test_votes);
  g_test_add_func ("/quorum/server/http/outsider-not-found", test_outsider_not_found);
  g_test_add_func ("/quorum/server/http/durability/sigterm", test_durability_sigterm);
  g_test_add_func ("/quorum/server/http/durability/sigkill", test_durability_sigkill);
  g_test_add_func ("/quorum/server/http/schema", test_schema);

  fixture_set_up ();
  result = g_test_run ();
  fixture_tear_down ();
  return result;
}
