/* lg-setup.c: the load generator's set-up: the server under test as a child
 * process, and the accounts, meeting, agenda and PDF it needs, made through
 * the HTTP API with libsoup.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <quorum/quorum-protocol.h>

#include "lg.h"

#define FOLLOWER_PASSWORD  "loadgen-follower"
/* Logins and accounts cost an argon2 hash each; the server has 2 workers,
 * and queues the rest: a few calls in flight keep them busy. */
#define PARALLEL_CALLS     4
#define CALL_TIMEOUT_S     300

static guint parallel_calls = PARALLEL_CALLS;

/* Calls */

typedef struct
{
  char     *method;
  char     *path;
  char     *token;
  char     *content_type;
  GBytes   *body;
  guint     expect;
  GBytes   *answer;
  guint     status;
} Call;

static void
call_free (Call *call)
{
  g_free (call->method);
  g_free (call->path);
  g_free (call->token);
  g_free (call->content_type);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->answer, g_bytes_unref);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static Call *
call_new (const char *method,
          const char *path,
          const char *token,
          const char *json,
          guint       expect)
{
  Call *call = g_new0 (Call, 1);

  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->token = g_strdup (token);
  if (json != NULL)
    {
      call->content_type = g_strdup ("application/json");
      call->body = g_bytes_new (json, strlen (json));
    }
  call->expect = expect;
  return call;
}

static SoupSession *
session_get (void)
{
  static SoupSession *session;

  if (session == NULL)
    session = soup_session_new_with_options ("timeout", CALL_TIMEOUT_S,
                                             "max-conns", 2 * parallel_calls,
                                             "max-conns-per-host", parallel_calls,
                                             NULL);
  return session;
}

static SoupMessage *
call_message (const char *url,
              Call       *call)
{
  g_autofree char *uri = g_strconcat (url, call->path[0] == '/' ? call->path + 1 : call->path, NULL);
  SoupMessage *message = soup_message_new (call->method, uri);

  if (call->token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", call->token);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    bearer);
    }
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (message, call->content_type, call->body);
  return message;
}

static gboolean
call_check (Call    *call,
            GError **error)
{
  if (call->status == call->expect)
    return TRUE;
  g_set_error (error, LG_ERROR, 0, "%s %s: expected %u, got %u: %.*s", call->method, call->path,
               call->expect, call->status,
               call->answer ? (int) MIN (g_bytes_get_size (call->answer), 300) : 0,
               call->answer ? (const char *) g_bytes_get_data (call->answer, NULL) : "");
  return FALSE;
}

static gboolean
call_run (const char  *url,
          Call        *call,
          GError     **error)
{
  g_autoptr(SoupMessage) message = call_message (url, call);

  call->answer = soup_session_send_and_read (session_get (), message, NULL, error);
  if (call->answer == NULL)
    return FALSE;
  call->status = soup_message_get_status (message);
  return call_check (call, error);
}

typedef struct
{
  GPtrArray  *calls;
  const char *url;
  guint       next;
  guint       running;
  GError     *error;
  GMainLoop  *loop;
} Batch;

static void batch_next (Batch *batch);

typedef struct
{
  Batch       *batch;
  Call        *call;
  SoupMessage *message;
} Running;

static void
batch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Running *running = user_data;
  Batch *batch = running->batch;
  g_autoptr(GError) error = NULL;

  running->call->answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  running->call->status = soup_message_get_status (running->message);
  if (running->call->answer == NULL || !call_check (running->call, &error))
    {
      if (batch->error == NULL)
        batch->error = g_steal_pointer (&error);
    }
  g_object_unref (running->message);
  g_free (running);
  batch->running--;
  batch_next (batch);
}

static void
batch_next (Batch *batch)
{
  while (batch->error == NULL && batch->next < batch->calls->len
         && batch->running < parallel_calls)
    {
      Running *running = g_new0 (Running, 1);

      running->batch = batch;
      running->call = g_ptr_array_index (batch->calls, batch->next++);
      running->message = call_message (batch->url, running->call);
      batch->running++;
      soup_session_send_and_read_async (session_get (), running->message, G_PRIORITY_DEFAULT,
                                        NULL, batch_done, running);
    }
  if (batch->running == 0)
    g_main_loop_quit (batch->loop);
}

void
lg_setup_set_parallel (guint calls)
{
  parallel_calls = MAX (calls, 1);
}

/* Runs the calls a few at a time; FALSE at the first failure. */
static gboolean
run_batch (const char  *url,
           GPtrArray   *calls,
           GError     **error)
{
  Batch batch = { calls, url, 0, 0, NULL, NULL };

  if (calls->len == 0)
    return TRUE;
  batch.loop = g_main_loop_new (NULL, FALSE);
  batch_next (&batch);
  g_main_loop_run (batch.loop);
  g_main_loop_unref (batch.loop);
  if (batch.error != NULL)
    {
      g_propagate_error (error, batch.error);
      return FALSE;
    }
  return TRUE;
}

static char *
user_create_json (const char *username)
{
  g_autoptr(QmUserCreate) request = qm_user_create_new ();

  request->username = g_strdup (username);
  request->display_name = g_strdup_printf ("Load %s", username);
  request->password = g_strdup (FOLLOWER_PASSWORD);
  return qm_user_create_serialize (request, NULL);
}

static char *
login_json (const char *username,
            const char *password)
{
  g_autoptr(QmLoginRequest) request = qm_login_request_new ();

  request->username = g_strdup (username);
  request->password = g_strdup (password);
  return qm_login_request_serialize (request, NULL);
}

static char *
login (const char  *url,
       const char  *username,
       const char  *password,
       GError     **error)
{
  g_autofree char *json = login_json (username, password);
  g_autoptr(Call) call = call_new ("POST", "/api/v1/login", NULL, json, 200);
  g_autoptr(QmLoginResponse) response = NULL;

  if (!call_run (url, call, error))
    return NULL;
  response = qm_login_response_parse (g_bytes_get_data (call->answer, NULL),
                                      g_bytes_get_size (call->answer), error);
  return response ? g_steal_pointer (&response->token) : NULL;
}

/* The document */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_pdf (guint pages)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "quorum-loadgen slides");
  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *label = g_strdup_printf ("Slide %u of %u", page, pages);

      cairo_set_source_rgb (cr, 0.1 + 0.8 * page / pages, 0.3, 0.6);
      cairo_rectangle (cr, 40, 40, 515, 120);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 36);
      cairo_move_to (cr, 60, 260);
      cairo_show_text (cr, label);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}

/* Set-up */

void
lg_setup_clear (LgSetup *setup)
{
  g_free (setup->url);
  g_free (setup->doc);
  g_free (setup->admin_token);
  g_free (setup->chair_token);
  g_clear_pointer (&setup->tokens, g_ptr_array_unref);
  g_clear_pointer (&setup->user_ids, g_array_unref);
  g_free (setup->long_text);
  memset (setup, 0, sizeof *setup);
}

static gpointer
parse_answer (Call     *call,
              gpointer  (*parse) (const char *, gssize, GError **),
              GError  **error)
{
  return parse (g_bytes_get_data (call->answer, NULL), g_bytes_get_size (call->answer), error);
}

/* A meeting with the chair and the first `members` follower accounts as
 * delegates; the admin (a secretary) creates it and so is its secretary. */
static gboolean
make_meeting (LgSetup  *setup,
              guint     members,
              GError  **error)
{
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func ((GDestroyNotify) call_free);
  g_autoptr(QmMeetingCreate) meeting_request = qm_meeting_create_new ();
  g_autoptr(QmMeeting) meeting = NULL;
  g_autofree char *json = NULL;
  g_autoptr(Call) call = NULL;

  meeting_request->title = g_strdup ("quorum-loadgen");
  meeting_request->starts_at = g_strdup ("2030-01-15T09:00:00+07:00");
  meeting_request->location = g_strdup ("loopback");
  json = qm_meeting_create_serialize (meeting_request, NULL);
  call = call_new ("POST", "/api/v1/meetings", setup->admin_token, json, 201);
  if (!call_run (setup->url, call, error)
      || !(meeting = parse_answer (call, (gpointer) qm_meeting_parse, error)))
    return FALSE;
  setup->meeting_id = meeting->id;

  for (guint i = 0; i <= members; i++)
    {
      gint64 user = i == 0 ? setup->chair_id : g_array_index (setup->user_ids, gint64, i - 1);
      g_autofree char *participant = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT
                                                      "/participants/%" G_GINT64_FORMAT,
                                                      setup->meeting_id, user);

      g_ptr_array_add (calls, call_new ("PUT", participant, setup->admin_token,
                                        i == 0 ? "{\"role\":\"chair\"}" : "{\"role\":\"delegate\"}",
                                        200));
    }
  return run_batch (setup->url, calls, error);
}

gboolean
lg_setup_create (LgSetup     *setup,
                 const char  *url,
                 const char  *admin,
                 const char  *password,
                 guint        followers,
                 guint        pages,
                 GError     **error)
{
  g_autofree char *prefix = g_strdup_printf ("lg%06x", g_random_int_range (0, 0xffffff));
  g_autofree char *chair_name = g_strdup_printf ("%s-chair", prefix);
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func ((GDestroyNotify) call_free);
  g_autoptr(QmAgendaItem) item = NULL;
  g_autoptr(QmDocument) document = NULL;
  g_autoptr(GBytes) pdf = make_pdf (pages);
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Call) call = NULL;

  setup->url = g_strdup (url);
  setup->tokens = g_ptr_array_new_with_free_func (g_free);
  setup->user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!(setup->admin_token = login (url, admin, password, error)))
    return FALSE;

  /* Accounts: the chair, then the followers. */
  g_ptr_array_add (calls, call_new ("POST", "/api/v1/users", setup->admin_token,
                                    json = user_create_json (chair_name), 201));
  g_clear_pointer (&json, g_free);
  for (guint i = 0; i < followers; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-f%05u", prefix, i);

      g_ptr_array_add (calls, call_new ("POST", "/api/v1/users", setup->admin_token,
                                        json = user_create_json (name), 201));
      g_clear_pointer (&json, g_free);
    }
  if (!run_batch (url, calls, error))
    return FALSE;
  for (guint i = 0; i < calls->len; i++)
    {
      g_autoptr(QmUser) user = parse_answer (g_ptr_array_index (calls, i), (gpointer) qm_user_parse,
                                             error);

      if (user == NULL)
        return FALSE;
      if (i == 0)
        setup->chair_id = user->id;
      else
        g_array_append_val (setup->user_ids, user->id);
    }
  g_ptr_array_set_size (calls, 0);

  if (!make_meeting (setup, followers, error))
    return FALSE;

  /* One agenda item with one real PDF. */
  path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/agenda", setup->meeting_id);
  call = call_new ("POST", path, setup->admin_token, "{\"title\":\"Slides\"}", 201);
  g_clear_pointer (&path, g_free);
  if (!call_run (url, call, error)
      || !(item = parse_answer (call, (gpointer) qm_agenda_item_parse, error)))
    return FALSE;
  setup->item_id = item->id;
  g_clear_pointer (&call, call_free);

  call = call_new ("POST", "/api/v1/documents?name=loadgen-slides.pdf", setup->admin_token, NULL, 201);
  call->content_type = g_strdup ("application/pdf");
  call->body = g_bytes_ref (pdf);
  if (!call_run (url, call, error)
      || !(document = parse_answer (call, (gpointer) qm_document_parse, error)))
    return FALSE;
  setup->doc = g_strdup (document->id);
  setup->pages = (guint) document->pages;
  g_clear_pointer (&call, call_free);

  path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/agenda/%" G_GINT64_FORMAT "/documents",
                          setup->meeting_id, setup->item_id);
  json = g_strdup_printf ("{\"document\":\"%s\"}", setup->doc);
  call = call_new ("POST", path, setup->admin_token, json, 201);
  if (!call_run (url, call, error))
    return FALSE;

  /* Everyone logs in. */
  for (guint i = 0; i <= followers; i++)
    {
      g_autofree char *name = i == 0 ? g_strdup (chair_name)
                                     : g_strdup_printf ("%s-f%05u", prefix, i - 1);
      g_autofree char *body = login_json (name, FOLLOWER_PASSWORD);

      g_ptr_array_add (calls, call_new ("POST", "/api/v1/login", NULL, body, 200));
    }
  if (!run_batch (url, calls, error))
    return FALSE;
  for (guint i = 0; i < calls->len; i++)
    {
      g_autoptr(QmLoginResponse) response = parse_answer (g_ptr_array_index (calls, i),
                                                          (gpointer) qm_login_response_parse, error);

      if (response == NULL)
        return FALSE;
      if (i == 0)
        setup->chair_token = g_steal_pointer (&response->token);
      else
        g_ptr_array_add (setup->tokens, g_steal_pointer (&response->token));
    }
  return TRUE;
}

gboolean
lg_setup_new_meeting (LgSetup  *setup,
                      guint     members,
                      GError  **error)
{
  if (setup->user_ids == NULL || setup->user_ids->len < members || setup->chair_id <= 0)
    {
      g_set_error (error, LG_ERROR, 0, "the saved set-up names %u account ids; this run needs %u "
                   "(save it again with this version)", setup->user_ids ? setup->user_ids->len : 0,
                   members);
      return FALSE;
    }
  return make_meeting (setup, members, error);
}

gboolean
lg_setup_save (LgSetup     *setup,
               const char  *file,
               GError     **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();

  g_key_file_set_string (keys, "setup", "url", setup->url);
  g_key_file_set_int64 (keys, "setup", "meeting", setup->meeting_id);
  g_key_file_set_int64 (keys, "setup", "item", setup->item_id);
  g_key_file_set_string (keys, "setup", "doc", setup->doc);
  g_key_file_set_integer (keys, "setup", "pages", (int) setup->pages);
  g_key_file_set_string (keys, "setup", "admin-token", setup->admin_token);
  g_key_file_set_string (keys, "setup", "chair-token", setup->chair_token);
  g_key_file_set_string_list (keys, "setup", "follower-tokens",
                              (const char * const *) setup->tokens->pdata, setup->tokens->len);
  /* Account ids, so a later run can seat them in a meeting of its own. */
  if (setup->user_ids != NULL)
    {
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < setup->user_ids->len; i++)
        g_ptr_array_add (ids, g_strdup_printf ("%" G_GINT64_FORMAT,
                                               g_array_index (setup->user_ids, gint64, i)));
      g_key_file_set_int64 (keys, "setup", "chair-id", setup->chair_id);
      g_key_file_set_string_list (keys, "setup", "follower-ids", (const char * const *) ids->pdata,
                                  ids->len);
    }
  return g_key_file_save_to_file (keys, file, error);
}

gboolean
lg_setup_load (LgSetup     *setup,
               const char  *file,
               guint        followers,
               GError     **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_auto(GStrv) tokens = NULL;
  g_auto(GStrv) ids = NULL;
  gsize count = 0, id_count = 0;

  if (!g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, error))
    return FALSE;
  setup->url = g_key_file_get_string (keys, "setup", "url", NULL);
  setup->meeting_id = g_key_file_get_int64 (keys, "setup", "meeting", NULL);
  setup->item_id = g_key_file_get_int64 (keys, "setup", "item", NULL);
  setup->doc = g_key_file_get_string (keys, "setup", "doc", NULL);
  setup->pages = (guint) g_key_file_get_integer (keys, "setup", "pages", NULL);
  setup->admin_token = g_key_file_get_string (keys, "setup", "admin-token", NULL);
  setup->chair_token = g_key_file_get_string (keys, "setup", "chair-token", NULL);
  tokens = g_key_file_get_string_list (keys, "setup", "follower-tokens", &count, NULL);
  if (setup->doc == NULL || setup->chair_token == NULL || count < followers)
    {
      g_set_error (error, LG_ERROR, 0, "%s holds %zu follower accounts; this run needs %u",
                   file, count, followers);
      return FALSE;
    }
  setup->tokens = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; i < count; i++)
    g_ptr_array_add (setup->tokens, g_strdup (tokens[i]));
  setup->chair_id = g_key_file_get_int64 (keys, "setup", "chair-id", NULL);
  ids = g_key_file_get_string_list (keys, "setup", "follower-ids", &id_count, NULL);
  setup->user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (gsize i = 0; i < id_count; i++)
    {
      gint64 id = g_ascii_strtoll (ids[i], NULL, 10);

      g_array_append_val (setup->user_ids, id);
    }
  return TRUE;
}

static char *
long_text (guint bytes)
{
  GString *text = g_string_sized_new (bytes);

  bytes = MIN (bytes, QM_MAX_DESCRIPTION_CHARS);
  while (text->len < bytes)
    g_string_append (text, "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ");
  g_string_truncate (text, bytes);
  return g_string_free (text, FALSE);
}

gboolean
lg_setup_touch_agenda (LgSetup  *setup,
                       guint     serial,
                       guint     bytes,
                       GError  **error)
{
  g_autoptr(QmAgendaItemPatch) patch = qm_agenda_item_patch_new ();
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/agenda/%" G_GINT64_FORMAT,
                                           setup->meeting_id, setup->item_id);
  g_autofree char *json = NULL;
  g_autoptr(Call) call = NULL;

  if (setup->long_text == NULL)
    setup->long_text = long_text (bytes);
  patch->description = g_strdup_printf ("%u %s", serial, setup->long_text);
  if (g_utf8_strlen (patch->description, -1) > QM_MAX_DESCRIPTION_CHARS)
    patch->description[QM_MAX_DESCRIPTION_CHARS] = '\0';
  json = qm_agenda_item_patch_serialize (patch, NULL);
  call = call_new ("PATCH", path, setup->admin_token, json, 200);
  return call_run (setup->url, call, error);
}

gboolean
lg_setup_add_item (LgSetup  *setup,
                   guint     bytes,
                   GError  **error)
{
  g_autoptr(QmAgendaItemCreate) create = qm_agenda_item_create_new ();
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/agenda",
                                           setup->meeting_id);
  g_autofree char *json = NULL;
  g_autoptr(Call) call = NULL;

  if (setup->long_text == NULL)
    setup->long_text = long_text (bytes);
  create->title = g_strdup ("Ballast for the stall test");
  g_free (create->description);
  create->description = g_strdup (setup->long_text);
  json = qm_agenda_item_create_serialize (create, NULL);
  call = call_new ("POST", path, setup->admin_token, json, 201);
  return call_run (setup->url, call, error);
}

/* The server under test */

gboolean
lg_server_spawn (LgServer    *server,
                 const char  *binary,
                 GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) admin = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *password_line = NULL;
  g_autofree char *line = NULL;
  const char *prefix = "quorum-server listening on ";

  server->dir = g_dir_make_tmp ("quorum-loadgen-XXXXXX", error);
  if (server->dir == NULL)
    return FALSE;
  server->password = g_strdup_printf ("lg-admin-%08x", g_random_int ());
  server->log = g_build_filename (server->dir, "server.log", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/null");
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log);
  admin = g_subprocess_launcher_spawn (launcher, error, binary, "--data-dir", server->dir,
                                       "--create-admin", "admin", NULL);
  password_line = g_strconcat (server->password, "\n", NULL);
  if (admin == NULL || !g_subprocess_communicate_utf8 (admin, password_line, NULL, NULL, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (admin))
    {
      g_set_error (error, LG_ERROR, 0, "%s --create-admin failed; see %s", binary, server->log);
      return FALSE;
    }
  g_clear_object (&launcher);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log);
  server->process = g_subprocess_launcher_spawn (launcher, error, binary, "--data-dir", server->dir,
                                                 "--listen", "127.0.0.1:0", NULL);
  if (server->process == NULL)
    return FALSE;
  server->pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (server->process), NULL, 10);

  /* Its first line names the address; a server that fails exits, ending it. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, prefix))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, LG_ERROR, 0, "%s did not start; see %s", binary, server->log);
      return FALSE;
    }
  server->url = g_strdup (line + strlen (prefix));
  return TRUE;
}

static gboolean
give_up (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
exited (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* What the server said on stderr, so a benchmark shows warnings. */
static void
print_log (const char *log)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n;

  if (log == NULL || !g_file_get_contents (log, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", -1);
  n = g_strv_length (lines);
  if (n > 0 && lines[n - 1][0] == '\0')
    n--;
  g_print ("server log: %u lines%s\n", n, n ? "; the last ones:" : "");
  for (guint i = n > 8 ? n - 8 : 0; i < n; i++)
    g_print ("  %s\n", lines[i]);
}

void
lg_server_stop (LgServer *server)
{
  if (server->process != NULL)
    {
      gboolean done = FALSE, timed_out = FALSE;
      guint timer = g_timeout_add_seconds (10, give_up, &timed_out);

      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait_async (server->process, NULL, exited, &done);
      while (!done && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!done)
        {
          g_printerr ("loadgen: the server ignored SIGTERM for 10 s; killing it\n");
          g_subprocess_force_exit (server->process);
          while (!done)
            g_main_context_iteration (NULL, TRUE);
        }
      else
        g_source_remove (timer);
      g_clear_object (&server->process);
    }
  print_log (server->log);
  if (server->dir != NULL)
    {
      const char *argv[] = { "rm", "-rf", "--", server->dir, NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                    NULL);
    }
  g_free (server->dir);
  g_free (server->url);
  g_free (server->password);
  g_free (server->log);
  memset (server, 0, sizeof *server);
}
