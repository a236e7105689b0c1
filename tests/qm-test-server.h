/* qm-test-server.h: a harness that runs the real quorum-server binary on a
 * fresh data folder and talks HTTP to it, for the integration tests, and the
 * hard-timeout waits on the main context that every test shares.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <quorum/quorum-protocol.h>

G_BEGIN_DECLS

/* Every wait on the server (its first line, its exit) gives up after this;
 * a server under AddressSanitizer on a busy machine needs a few seconds. */
#define QM_TEST_SERVER_TIMEOUT_SECONDS 60
/* Every HTTP request gives up after this. */
#define QM_TEST_HTTP_TIMEOUT_SECONDS   60

typedef struct _QmTestServer QmTestServer;

/* Waiting on the thread-default main context: every wait fails the test
 * after this many seconds. */
/* A test that needs longer waits defines it before including this file. */
#ifndef QM_TEST_WAIT_SECONDS
#define QM_TEST_WAIT_SECONDS 60
#endif

gboolean      _qm_test_deadline_cb        (gpointer user_data);

/* Iterates the default main context until cond holds, failing after
 * QM_TEST_WAIT_SECONDS. */
#define qm_test_wait_until(cond)                                                    \
  G_STMT_START {                                                                    \
    gboolean timed_out_ = FALSE;                                                    \
    guint deadline_ = g_timeout_add_seconds (QM_TEST_WAIT_SECONDS,                  \
                                             _qm_test_deadline_cb, &timed_out_);    \
    while (!(cond) && !timed_out_)                                                  \
      g_main_context_iteration (NULL, TRUE);                                        \
    if (!timed_out_)                                                                \
      g_source_remove (deadline_);                                                  \
    if (!(cond))                                                                    \
      g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond);       \
  } G_STMT_END

/* A GAsyncReadyCallback that keeps a reference to the result in
 * *(GAsyncResult **) user_data; qm_test_wait_result waits for it. */
void          qm_test_store_result        (GObject       *source,
                                           GAsyncResult  *result,
                                           gpointer       user_data);
GAsyncResult *qm_test_wait_result         (GAsyncResult **slot);
/* Iterates the default main context for a while, so that what should not
 * happen has the chance to show. */
void          qm_test_settle              (guint          milliseconds);

typedef struct
{
  /* Created with --create-admin before the first start (roles admin and
   * secretary); NULL for none. */
  const char         *admin_username;
  const char         *admin_password;
  /* A config file written by the harness: "group", "key", "value", ... NULL. */
  const char * const *config;
  gboolean            demo;
  /* More command-line options, NULL-terminated, or NULL. */
  const char * const *args;
  /* Restarts listen on the port of the first start (what a client pinned
   * stays the same host:port). */
  gboolean            keep_port;
} QmTestServerOptions;

/* Makes a temp data folder, creates the admin, writes the config and starts
 * the server (which dies with the test process, whatever happens to it). */
QmTestServer *qm_test_server_new          (const QmTestServerOptions *options);
/* Stops the server (if running) with SIGTERM, asserts it exits with 0, and
 * removes the data folder. */
void          qm_test_server_free         (QmTestServer *self);

void          qm_test_server_start        (QmTestServer *self);
/* SIGTERM, then asserts a clean exit (status 0) within the timeout. */
void          qm_test_server_stop         (QmTestServer *self);
/* SIGKILL, then waits for it to be gone. */
void          qm_test_server_kill         (QmTestServer *self);
/* Sends the running server a signal (SIGUSR1: its status report). */
void          qm_test_server_signal       (QmTestServer *self,
                                           int           signum);
/* Stop (or kill) and start again on the same data folder (a new port). */
void          qm_test_server_restart      (QmTestServer *self);
void          qm_test_server_kill_restart (QmTestServer *self);

gboolean      qm_test_server_is_running   (QmTestServer *self);
/* "http://127.0.0.1:PORT/" as the server printed it ("https://" when the
 * config gives server.tls-cert and tls-key). */
const char   *qm_test_server_get_url      (QmTestServer *self);
/* With TLS: the fingerprint the server printed on its second line
 * ("AB:CD:…", PROTOCOL.md §10; the harness's own requests trust exactly that
 * certificate); else NULL. */
const char   *qm_test_server_get_certificate_sha256 (QmTestServer *self);
const char   *qm_test_server_get_data_dir (QmTestServer *self);
/* The next line the server printed after its "listening" line (the --demo
 * credentials), or NULL at end of output; waits at most the timeout. */
char         *qm_test_server_read_line    (QmTestServer *self);

/* HTTP. path is absolute ("/api/v1/health"); token NULL sends none; body NULL
 * sends none (length 0 with a non-NULL body sends an empty one); chunked
 * sends it without a Content-Length; request_headers is "Name", "value", ...
 * NULL, or NULL. Returns the response body. */
GBytes       *qm_test_request_full        (QmTestServer        *self,
                                           const char          *method,
                                           const char          *path,
                                           const char          *token,
                                           const char * const  *request_headers,
                                           const char          *content_type,
                                           gconstpointer        body,
                                           gsize                length,
                                           gboolean             chunked,
                                           guint               *out_status,
                                           SoupMessageHeaders **out_headers);
GBytes       *qm_test_request             (QmTestServer        *self,
                                           const char          *method,
                                           const char          *path,
                                           const char          *token,
                                           const char          *content_type,
                                           gconstpointer        body,
                                           gsize                length,
                                           guint               *out_status,
                                           SoupMessageHeaders **out_headers);
/* A JSON request: json NULL sends no body. */
GBytes       *qm_test_json                (QmTestServer *self,
                                           const char   *method,
                                           const char   *path,
                                           const char   *token,
                                           const char   *json,
                                           guint        *out_status);
/* Several JSON requests at once (argon2 work runs on the server's worker
 * pool, so logins and account creations overlap); waits for all of them. */
typedef struct
{
  const char *method;
  const char *path;
  const char *token;
  const char *json;
  /* out */
  guint       status;
  GBytes     *body;
} QmTestCall;

void          qm_test_json_parallel       (QmTestServer *self,
                                           QmTestCall   *calls,
                                           guint         n_calls);
/* Frees the bodies. */
void          qm_test_calls_clear         (QmTestCall   *calls,
                                           guint         n_calls);

/* A GET, parsed with a codec's _parse or _list_parse after asserting 200. */
gpointer      qm_test_get                 (QmTestServer *self,
                                           const char   *path,
                                           const char   *token,
                                           gpointer    (*parse) (const char *, gssize, GError **));

/* Status and error-body checks that print the body when they fail. */
#define qm_test_assert_status(body, status, expected) \
  qm_test_assert_status_at (__FILE__, __LINE__, G_STRFUNC, (body), (status), (expected))
#define qm_test_assert_error(body, status, expected, code) \
  qm_test_assert_error_at (__FILE__, __LINE__, G_STRFUNC, (body), (status), (expected), (code))
void          qm_test_assert_status_at    (const char *file,
                                           int         line,
                                           const char *func,
                                           GBytes     *body,
                                           guint       status,
                                           guint       expected);
void          qm_test_assert_error_at     (const char *file,
                                           int         line,
                                           const char *func,
                                           GBytes     *body,
                                           guint       status,
                                           guint       expected,
                                           const char *code);
/* The "code" of an error body, or NULL when it is not one. */
char         *qm_test_error_code          (GBytes *body);
/* Parses a body with a codec's _parse; asserts it parses. */
gpointer      qm_test_parse               (GBytes     *body,
                                           gpointer  (*parse) (const char *, gssize, GError **));

/* Shortcuts that assert success. */
char         *qm_test_login               (QmTestServer *self,
                                           const char   *username,
                                           const char   *password);
QmUser       *qm_test_create_user         (QmTestServer   *self,
                                           const char     *admin_token,
                                           const char     *username,
                                           const char     *password,
                                           QmAccountRoles  roles);
/* The same for several accounts at once; NULL usernames are skipped. */
void          qm_test_create_users        (QmTestServer         *self,
                                           const char           *admin_token,
                                           guint                 n_users,
                                           const char * const   *usernames,
                                           const QmAccountRoles *roles,
                                           const char           *password,
                                           gint64               *out_ids);
void          qm_test_login_many          (QmTestServer         *self,
                                           guint                 n_users,
                                           const char * const   *usernames,
                                           const char           *password,
                                           char                **out_tokens);
QmMeeting    *qm_test_create_meeting      (QmTestServer *self,
                                           const char   *token,
                                           const char   *title,
                                           const char   *starts_at);
QmParticipant *qm_test_put_participant    (QmTestServer *self,
                                           const char   *token,
                                           gint64        meeting_id,
                                           gint64        user_id,
                                           const char   *role);
/* The same for n users; roles NULL makes every one a delegate. */
void          qm_test_put_participants    (QmTestServer         *self,
                                           const char           *token,
                                           gint64                meeting_id,
                                           guint                 n_users,
                                           const gint64         *user_ids,
                                           const char * const   *roles);
QmAgendaItem *qm_test_add_item            (QmTestServer *self,
                                           const char   *token,
                                           gint64        meeting_id,
                                           const char   *title);
QmDocument   *qm_test_upload              (QmTestServer *self,
                                           const char   *token,
                                           const char   *name,
                                           GBytes       *pdf);
QmAgendaItem *qm_test_attach              (QmTestServer *self,
                                           const char   *token,
                                           gint64        meeting_id,
                                           gint64        item_id,
                                           const char   *docid);
QmMeeting    *qm_test_get_meeting         (QmTestServer *self,
                                           const char   *token,
                                           gint64        meeting_id);

/* Documents. */
/* A real PDF drawn with cairo: pages pages, a title in its metadata, and
 * seed-dependent content so different seeds give different bytes. */
GBytes       *qm_test_make_pdf            (guint       pages,
                                           const char *title,
                                           guint       seed);
/* Removes a folder and everything in it (symlinks are not followed). */
void          qm_test_remove_tree         (const char *path);

/* A self-signed EC certificate for 127.0.0.1 made by openssl, written to
 * cert and key; returns its SHA-256 fingerprint as `openssl x509
 * -fingerprint` prints it ("AB:CD:…"), or NULL when openssl is missing. */
char         *qm_test_make_certificate    (const char *cert,
                                           const char *key);
/* Copies a file (mode 0600), e.g. to give a server another certificate. */
void          qm_test_copy_file           (const char *from,
                                           const char *to);

/* Lowercase hex SHA-256. */
char         *qm_test_sha256              (GBytes *bytes);

/* The harness's servers write their log to our stderr: pointing it at a
 * file before a server starts captures that server's log. */
typedef struct
{
  char *path;
  int   saved_stderr;
  int   fd;
} QmTestLogCapture;

void          qm_test_log_capture_begin   (QmTestLogCapture *capture);
/* The log so far. */
char         *qm_test_log_capture_read    (QmTestLogCapture *capture);
/* Waits (QM_TEST_WAIT_SECONDS at most) until the log holds text. */
void          qm_test_log_capture_wait    (QmTestLogCapture *capture,
                                           const char       *text);
/* Gives stderr back and returns the whole log. */
char         *qm_test_log_capture_end     (QmTestLogCapture *capture);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmTestServer, qm_test_server_free)

G_END_DECLS
