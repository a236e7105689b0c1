/* qm-pdf-validator.c: runs quorum-pdf-check on an untrusted PDF in a
 * confined child process (CPU, memory, core and wall-clock limits, its own
 * process group) and reads its answer as hostile input.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-document-store"

#include "config.h"

#include "qm-pdf-validator.h"

#include <quorum/qm-limits.h>
#include <quorum/qm-protocol-error.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

/* What is kept of the helper's answer and of its complaint. A 100 000-page
 * document's page sizes fit the first easily. */
#define MAX_HELPER_OUTPUT     (4 * 1024 * 1024)
#define MAX_HELPER_MESSAGE    1024
/* The answer is {"pages":…,"title":…,"page_sizes":[[w,h],…]}. */
#define MAX_HELPER_DEPTH      3

/* An AddressSanitizer build's helper reserves terabytes of shadow memory
 * before main(), so an address-space limit would stop every helper. Such
 * builds are test builds; the CPU and wall-clock limits still hold there. */
#if defined(__SANITIZE_ADDRESS__)
# define LIMIT_ADDRESS_SPACE 0
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define LIMIT_ADDRESS_SPACE 0
# endif
#endif
#ifndef LIMIT_ADDRESS_SPACE
# define LIMIT_ADDRESS_SPACE 1
#endif

/* The helper process */

typedef struct
{
  rlim_t cpu_seconds;
  rlim_t memory_bytes;
} ChildLimits;

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void
helper_child_setup (gpointer user_data)
{
  const ChildLimits *limits = user_data;
  /* The hard limit a second later turns an ignored SIGXCPU into SIGKILL. */
  struct rlimit cpu = { limits->cpu_seconds, limits->cpu_seconds + 1 };
  struct rlimit memory = { limits->memory_bytes, limits->memory_bytes };
  struct rlimit core = { 0, 0 };

  /* Its own process group, so a timeout also kills anything it started. */
  setpgid (0, 0);
  /* Dies with the worker thread that waits for it, should the server die. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  setrlimit (RLIMIT_CORE, &core);
  setrlimit (RLIMIT_CPU, &cpu);
  if (LIMIT_ADDRESS_SPACE)
    setrlimit (RLIMIT_AS, &memory);
}

typedef struct _HelperRun HelperRun;

typedef struct
{
  HelperRun  *run;
  GByteArray *data;
  gsize       limit;         /* bytes kept; the rest is read and dropped */
  gboolean    overflow;
  gboolean    done;
  guint8      buffer[16384];
} PipeRead;

struct _HelperRun
{
  GSubprocess  *process;
  GCancellable *reads;       /* stops the pipe reads once the helper is gone */
  PipeRead      out;
  PipeRead      err;
  gboolean      exited;
  gboolean      killed;
  gboolean      timed_out;
  gboolean      cancelled;
};

static void
helper_run_kill (HelperRun *run)
{
  const char *id;

  if (run->exited || run->killed)
    return;
  run->killed = TRUE;
  id = g_subprocess_get_identifier (run->process);
  if (id != NULL)
    kill (-(pid_t) g_ascii_strtoll (id, NULL, 10), SIGKILL);
  g_subprocess_force_exit (run->process);
}

static void pipe_read_next (PipeRead *pipe_read, GInputStream *stream);

static void
pipe_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PipeRead *pipe_read = user_data;
  GInputStream *stream = G_INPUT_STREAM (object);
  gssize n = g_input_stream_read_finish (stream, result, NULL);
  gsize kept;

  if (n <= 0)
    {
      pipe_read->done = TRUE;
      return;
    }
  kept = MIN ((gsize) n, pipe_read->limit - pipe_read->data->len);
  g_byte_array_append (pipe_read->data, pipe_read->buffer, kept);
  if (kept < (gsize) n)
    {
      pipe_read->overflow = TRUE;
      /* An answer this long is wrong already; no need to wait for the rest. */
      if (pipe_read == &pipe_read->run->out)
        helper_run_kill (pipe_read->run);
    }
  pipe_read_next (pipe_read, stream);
}

static void
pipe_read_next (PipeRead     *pipe_read,
                GInputStream *stream)
{
  g_input_stream_read_async (stream, pipe_read->buffer, sizeof pipe_read->buffer,
                             G_PRIORITY_DEFAULT, pipe_read->run->reads,
                             pipe_read_cb, pipe_read);
}

static void
helper_wait_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HelperRun *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  run->exited = TRUE;
}

static gboolean
helper_timeout_cb (gpointer user_data)
{
  HelperRun *run = user_data;

  run->timed_out = TRUE;
  helper_run_kill (run);
  return G_SOURCE_REMOVE;
}

static gboolean
helper_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  HelperRun *run = user_data;

  run->cancelled = TRUE;
  helper_run_kill (run);
  return G_SOURCE_REMOVE;
}

/* The first line of what the helper said on stderr, fit for a log. */
static char *
helper_message (GByteArray *err)
{
  g_autofree char *text = NULL;
  char *end;

  if (err->len == 0)
    return g_strdup ("no reason given");
  text = g_utf8_make_valid ((const char *) err->data, err->len);
  end = strchr (text, '\n');

  if (end != NULL)
    *end = '\0';
  for (char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  g_strstrip (text);
  if (*text == '\0')
    return g_strdup ("no reason given");
  return g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 200));
}

static gboolean
invalid_document (GError     **error,
                  const char  *format,
                  ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid_document (GError     **error,
                  const char  *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_INVALID_DOCUMENT, message);
  return FALSE;
}

/* The helper's answer comes from a process that read hostile bytes, so it is
 * checked as strictly as any input: shape, counts, ranges, nesting (json-glib
 * recurses once per level). json-glib 1.6 also trips over brackets that close
 * nothing and over a second value after the first ("[][]]]": criticals and
 * leaked nodes, found by fuzzing), so the text must be one value with
 * balanced brackets before json-glib sees it. */
static gboolean
is_one_shallow_value (const char *text,
                      gsize       length,
                      guint       max_depth)
{
  gboolean in_string = FALSE;
  gboolean finished = FALSE;
  char open[MAX_HELPER_DEPTH];
  guint depth = 0;

  g_assert (max_depth <= G_N_ELEMENTS (open));
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              finished = depth == 0;
            }
          continue;
        }
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        continue;
      if (finished)
        return FALSE;
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (depth == max_depth)
            return FALSE;
          open[depth++] = c;
        }
      else if (c == ']' || c == '}')
        {
          /* Each bracket closes the one opened last, and only that kind. */
          if (depth == 0 || open[depth - 1] != (c == ']' ? '[' : '{'))
            return FALSE;
          finished = --depth == 0;
        }
      else if (depth == 0)
        /* A bare number or word at the top: not the object asked for. */
        return FALSE;
    }
  return !in_string && depth == 0;
}

static gboolean
node_is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node)
         && (json_node_get_value_type (node) == G_TYPE_INT64
             || json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

QmDocumentInfo *
_qm_pdf_parse_answer (const guint8  *data,
                      gsize          length,
                      GError       **error)
{
  g_autoptr(QmDocumentInfo) info = g_new0 (QmDocumentInfo, 1);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *text = (const char *) data;
  JsonObject *root;
  JsonNode *node;
  JsonArray *sizes;

  if (length == 0 || !g_utf8_validate (text, length, NULL)
      || !is_one_shallow_value (text, length, MAX_HELPER_DEPTH))
    {
      invalid_document (error, "the document checker gave an unreadable answer");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      invalid_document (error, "the document checker gave an unreadable answer: %s",
                        local_error->message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  root = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  node = root != NULL ? json_object_get_member (root, "pages") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      invalid_document (error, "the document checker gave no page count");
      return NULL;
    }
  info->pages = json_node_get_int (node);
  if (info->pages < 1 || info->pages > QM_MAX_PAGE)
    {
      invalid_document (error, "the document has %" G_GINT64_FORMAT " pages; 1 to %d are accepted",
                        info->pages, QM_MAX_PAGE);
      return NULL;
    }

  node = json_object_get_member (root, "title");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *title = g_strstrip (g_strdup (json_node_get_string (node)));

      if (*title != '\0' && g_utf8_validate (title, -1, NULL))
        info->title = g_utf8_substring (title, 0, MIN (g_utf8_strlen (title, -1),
                                                       QM_MAX_TITLE_CHARS));
    }
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      invalid_document (error, "the document checker gave a title that is not a string");
      return NULL;
    }

  node = json_object_get_member (root, "page_sizes");
  sizes = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (sizes == NULL || json_array_get_length (sizes) != (guint) info->pages)
    {
      invalid_document (error, "the document checker gave no size for each page");
      return NULL;
    }
  info->page_sizes = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * info->pages);
  for (guint i = 0; i < json_array_get_length (sizes); i++)
    {
      JsonNode *pair_node = json_array_get_element (sizes, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (pair_node) ? json_node_get_array (pair_node) : NULL;

      if (pair == NULL || json_array_get_length (pair) != 2)
        {
          invalid_document (error, "the document checker gave no size for page %u", i + 1);
          return NULL;
        }
      for (guint k = 0; k < 2; k++)
        {
          JsonNode *value = json_array_get_element (pair, k);
          double points = node_is_number (value) ? json_node_get_double (value) : NAN;

          if (!isfinite (points) || points <= 0)
            {
              invalid_document (error, "page %u of the document has no usable size", i + 1);
              return NULL;
            }
          g_array_append_val (info->page_sizes, points);
        }
    }

  return g_steal_pointer (&info);
}

/* Runs the helper on @path under the store's limits and reads its answer.
 * Called on a worker thread, which it blocks; the waiting happens in a
 * private main context so the pipes, the exit and the clock are one loop. */
QmDocumentInfo *
_qm_pdf_validate (const QmValidatorLimits  *confinement,
                  const char               *path,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSource) timeout = NULL;
  g_autoptr(GSource) cancel = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) err = g_byte_array_new ();
  g_autofree char *message = NULL;
  QmDocumentInfo *info = NULL;
  ChildLimits limits;
  HelperRun run = { 0 };

  limits.cpu_seconds = confinement->cpu_seconds;
  limits.memory_bytes = confinement->memory_bytes >= RLIM_INFINITY
                        ? RLIM_INFINITY : (rlim_t) confinement->memory_bytes;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, helper_child_setup, &limits, NULL);

  g_main_context_push_thread_default (context);

  run.process = g_subprocess_launcher_spawn (launcher, &local_error,
                                             confinement->helper_path, path, NULL);
  if (run.process == NULL)
    {
      g_main_context_pop_thread_default (context);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "cannot start the document checker %s: %s",
                   confinement->helper_path, local_error->message);
      return NULL;
    }

  run.reads = g_cancellable_new ();
  run.out = (PipeRead) { .run = &run, .data = out, .limit = MAX_HELPER_OUTPUT };
  run.err = (PipeRead) { .run = &run, .data = err, .limit = MAX_HELPER_MESSAGE };
  pipe_read_next (&run.out, g_subprocess_get_stdout_pipe (run.process));
  pipe_read_next (&run.err, g_subprocess_get_stderr_pipe (run.process));
  g_subprocess_wait_async (run.process, NULL, helper_wait_cb, &run);

  timeout = g_timeout_source_new (confinement->timeout_ms);
  g_source_set_callback (timeout, helper_timeout_cb, &run, NULL);
  g_source_attach (timeout, context);
  if (cancellable != NULL)
    {
      cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (cancel, G_SOURCE_FUNC (helper_cancelled_cb), &run, NULL);
      g_source_attach (cancel, context);
    }

  /* Past the deadline the pipes are not waited for: something the helper
   * started outside its group might hold them open. */
  while (!run.exited
         || (!(run.out.done && run.err.done) && !run.timed_out && !run.cancelled))
    g_main_context_iteration (context, TRUE);
  g_cancellable_cancel (run.reads);
  while (!(run.out.done && run.err.done))
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  if (cancel != NULL)
    g_source_destroy (cancel);
  g_main_context_pop_thread_default (context);

  if (run.cancelled)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the document check was cancelled");
  else if (run.timed_out)
    invalid_document (error, "the document took too long to open");
  else if (run.out.overflow)
    invalid_document (error, "the document checker gave an answer over %d bytes",
                      MAX_HELPER_OUTPUT);
  else if (g_subprocess_get_if_signaled (run.process))
    {
      int sig = g_subprocess_get_term_sig (run.process);

      if (sig == SIGXCPU || (sig == SIGKILL && !run.killed))
        invalid_document (error, "the document needed too much processor time or memory to open");
      else
        invalid_document (error, "the document checker crashed on the document (signal %d, %s)",
                          sig, g_strsignal (sig));
    }
  else if (g_subprocess_get_exit_status (run.process) != 0)
    {
      message = helper_message (err);
      invalid_document (error, "the document cannot be opened as a PDF: %s", message);
    }
  else
    info = _qm_pdf_parse_answer (out->data, out->len, error);

  g_object_unref (run.reads);
  g_object_unref (run.process);
  return info;
}

