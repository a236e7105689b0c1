/* test-minutes.c: the meeting minutes PDF of the real quorum-server — who may
 * fetch it, what it says (checked with poppler against the database), and
 * long lists flowing over pages.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <math.h>
#include <poppler.h>
#include <sqlite3.h>
#include <string.h>

#include "qm-test-live.h"

#define PASSWORD  "correct horse battery"
#define N_CROWD   150
#define TITLE     "Kỳ họp thứ Mười Hai Hội đồng nhân dân tỉnh khóa XVI"
#define LOCATION  "Hội trường tầng 3, trụ sở Ủy ban nhân dân tỉnh"
#define ITEM_1    "Báo cáo tình hình kinh tế - xã hội năm 2026"
#define ITEM_2    "Dự toán ngân sách địa phương năm 2027"
#define QUESTION  "Thông qua dự toán ngân sách địa phương năm 2027"
#define SECRET_Q  "Thông qua phương án nhân sự bổ sung Ủy viên"

/* poppler-glib 22.12 declares no cleanup functions. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

typedef enum
{
  ROOT,        /* admin and secretary; secretary of every meeting here */
  CHAIR,
  LAN,
  DUC,
  HA,
  TAM,         /* an observer */
  OUTSIDER,
  N_PEOPLE
} Who;

static const struct
{
  const char *username;
  const char *display_name;
} people[N_PEOPLE] = {
  [CHAIR] = { "chutoa", "Trần Văn Hùng" },
  [LAN] = { "lan", "Nguyễn Thị Lan" },
  [DUC] = { "duc", "Lê Minh Đức" },
  [HA] = { "ha", "Phạm Thu Hà" },
  [TAM] = { "tam", "Võ Thanh Tâm" },
  [OUTSIDER] = { "ngoai", "Người Ngoài Cuộc" },
};

static struct
{
  QmTestServer *server;
  gint64        ids[N_PEOPLE];
  char         *tokens[N_PEOPLE];
} fixture;

/* Helpers ----------------------------------------------------------------- */

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

static void
http (const char *method,
      const char *path,
      const char *json,
      guint       expected)
{
  guint status;
  g_autoptr(GBytes) body = qm_test_json (fixture.server, method, path, fixture.tokens[ROOT], json,
                                         &status);

  qm_test_assert_status (body, status, expected);
}

static void
put_participant (gint64      meeting_id,
                 gint64      user_id,
                 const char *role)
{
  g_autofree char *path = path_of ("/api/v1/meetings/%" G_GINT64_FORMAT "/participants/%"
                                   G_GINT64_FORMAT, meeting_id, user_id);
  g_autofree char *json = g_strdup_printf ("{\"role\":\"%s\"}", role);

  http ("PUT", path, json, 200);
}

static gint64
new_meeting (const char *title)
{
  g_autofree char *json = g_strdup_printf ("{\"title\":\"%s\",\"starts_at\":"
                                           "\"2026-12-01T08:00:00+07:00\",\"location\":\"%s\"}",
                                           title, LOCATION);
  guint status;
  g_autoptr(GBytes) body = qm_test_json (fixture.server, "POST", "/api/v1/meetings",
                                         fixture.tokens[ROOT], json, &status);
  g_autoptr(QmMeeting) meeting = NULL;

  qm_test_assert_status (body, status, 201);
  meeting = qm_test_parse (body, (gpointer) qm_meeting_parse);
  return meeting->id;
}

/* Accounts with Vietnamese display names, created together (argon2 runs on
 * the server's pool). */
static void
create_accounts (guint               n,
                 const char * const *usernames,
                 const char * const *display_names,
                 gint64             *out_ids)
{
  g_autofree QmTestCall *calls = g_new0 (QmTestCall, n);
  g_auto(GStrv) bodies = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(QmUserCreate) request = qm_user_create_new ();

      request->username = g_strdup (usernames[i]);
      request->display_name = g_strdup (display_names[i]);
      request->password = g_strdup (PASSWORD);
      bodies[i] = qm_user_create_serialize (request, NULL);
      calls[i] = (QmTestCall) { "POST", "/api/v1/users", fixture.tokens[ROOT], bodies[i] };
    }
  qm_test_json_parallel (fixture.server, calls, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(QmUser) user = NULL;

      qm_test_assert_status (calls[i].body, calls[i].status, 201);
      user = qm_test_parse (calls[i].body, (gpointer) qm_user_parse);
      g_assert_cmpstr (user->display_name, ==, display_names[i]);
      out_ids[i] = user->id;
    }
  qm_test_calls_clear (calls, n);
}

static GBytes *
get_minutes (gint64               meeting_id,
             const char          *token,
             guint               *out_status,
             SoupMessageHeaders **out_headers)
{
  g_autofree char *path = path_of ("/api/v1/meetings/%" G_GINT64_FORMAT "/minutes.pdf",
                                   meeting_id);

  return qm_test_request (fixture.server, "GET", path, token, NULL, NULL, 0, out_status,
                          out_headers);
}

/* The minutes as poppler reads them; asserts 200 and a PDF. */
static PopplerDocument *
open_minutes (gint64 meeting_id)
{
  guint status;
  g_autoptr(GBytes) body = get_minutes (meeting_id, fixture.tokens[TAM], &status, NULL);
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;
  const char *dump = g_getenv ("QUORUM_TEST_MINUTES_DIR");

  qm_test_assert_status (body, status, 200);
  g_assert_cmpuint (g_bytes_get_size (body), >, 5);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), 5, "%PDF-", 5);

  /* For looking at the pages by eye (pdftoppm). */
  if (dump != NULL)
    {
      g_autofree char *name = g_strdup_printf ("bien-ban-%" G_GINT64_FORMAT ".pdf", meeting_id);
      g_autofree char *file = g_build_filename (dump, name, NULL);

      g_assert_true (g_file_set_contents (file, g_bytes_get_data (body, NULL),
                                          (gssize) g_bytes_get_size (body), NULL));
    }

  document = poppler_document_new_from_bytes (body, NULL, &error);
  g_assert_no_error (error);
  return document;
}

/* Every page's text, white space folded to single spaces so that text
 * wrapped over lines still matches. Asserts each page has text and that no
 * glyph lies outside the page's margins. */
static char *
document_text (PopplerDocument *document)
{
  GString *text = g_string_new (NULL);
  int n_pages = poppler_document_get_n_pages (document);

  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      g_autofree char *page_text = poppler_page_get_text (page);
      g_autofree PopplerRectangle *boxes = NULL;
      guint n_boxes = 0;
      double width, height;

      g_assert_nonnull (page_text);
      g_assert_cmpuint (strlen (g_strstrip (page_text)), >, 0);
      poppler_page_get_size (page, &width, &height);
      g_assert_cmpfloat (fabs (width - 595.3), <, 1);
      g_assert_cmpfloat (fabs (height - 841.9), <, 1);
      g_assert_true (poppler_page_get_text_layout (page, &boxes, &n_boxes));
      for (guint b = 0; b < n_boxes; b++)
        {
          /* Margins: 30 mm left, 20 mm right, the footer inside 15 mm. */
          g_assert_cmpfloat (boxes[b].x1, >=, 80);
          g_assert_cmpfloat (boxes[b].x2, <=, width - 50);
          g_assert_cmpfloat (boxes[b].y1, >=, 30);
          g_assert_cmpfloat (boxes[b].y2, <=, height - 30);
        }

      for (const char *p = page_text; *p; p++)
        {
          if (g_ascii_isspace (*p))
            {
              if (text->len > 0 && text->str[text->len - 1] != ' ')
                g_string_append_c (text, ' ');
            }
          else
            g_string_append_c (text, *p);
        }
      g_string_append_c (text, ' ');
    }
  return g_string_free (text, FALSE);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("the minutes do not say “%s”:\n%s", needle, text);
}

/* The chain head as the database holds it. */
static void
read_record_head (gint64   meeting_id,
                  gint64  *out_position,
                  char   **out_hash,
                  char   **out_signature)
{
  g_autofree char *file = g_build_filename (qm_test_server_get_data_dir (fixture.server),
                                            "quorum.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (file, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT position, hash, signature FROM record_heads "
                                           "WHERE meeting_id = ?1;", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *out_position = sqlite3_column_int64 (stmt, 0);
  *out_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  *out_signature = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static gint64
open_vote (QmTestLive *chair,
           gint64      id,
           const char *question,
           gint64      item,
           gboolean    secret,
           const char *majority)
{
  g_autoptr(QmMessage) reply = NULL;
  g_autofree char *item_field = item > 0 ? g_strdup_printf (",\"item\":%" G_GINT64_FORMAT, item)
                                         : g_strdup ("");

  reply = qm_test_live_command (chair, id, "\"type\":\"vote.open\",\"question\":\"%s\"%s,"
                                           "\"secret\":%s,\"majority\":\"%s\"",
                                question, item_field, secret ? "true" : "false", majority);
  if (reply->type != QM_MESSAGE_REPLY)
    g_error ("vote.open failed: %s", qm_test_live_last_raw (chair));
  g_assert_cmpint (reply->reply.vote, >, 0);
  return reply->reply.vote;
}

static void
command_ok (QmTestLive *live,
            gint64      id,
            const char *json)
{
  g_autoptr(QmMessage) reply = qm_test_live_command (live, id, "%s", json);

  if (reply->type != QM_MESSAGE_REPLY)
    g_error ("%s failed: %s", json, qm_test_live_last_raw (live));
}

/* Tests ------------------------------------------------------------------- */

static void
test_access (void)
{
  gint64 mid = new_meeting ("Họp giao ban tuần");
  guint status;
  g_autoptr(GBytes) outsider = NULL;
  g_autoptr(GBytes) anonymous = NULL;
  g_autoptr(GBytes) missing = NULL;
  g_autoptr(GBytes) observer = NULL;
  g_autoptr(GBytes) admin = NULL;
  SoupMessageHeaders *headers = NULL;

  put_participant (mid, fixture.ids[TAM], "observer");

  outsider = get_minutes (mid, fixture.tokens[OUTSIDER], &status, NULL);
  qm_test_assert_error (outsider, status, 404, "not_found");
  missing = get_minutes (mid + 1000, fixture.tokens[ROOT], &status, NULL);
  qm_test_assert_error (missing, status, 404, "not_found");
  anonymous = get_minutes (mid, NULL, &status, NULL);
  qm_test_assert_error (anonymous, status, 401, "unauthorized");

  admin = get_minutes (mid, fixture.tokens[ROOT], &status, NULL);
  qm_test_assert_status (admin, status, 200);

  observer = get_minutes (mid, fixture.tokens[TAM], &status, &headers);
  qm_test_assert_status (observer, status, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/pdf");
  {
    g_autofree char *expected = g_strdup_printf ("attachment; filename=\"bien-ban-%" G_GINT64_FORMAT
                                                 ".pdf\"", mid);

    g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Disposition"), ==, expected);
  }
  g_assert_cmpmem (g_bytes_get_data (observer, NULL), 5, "%PDF-", 5);
  soup_message_headers_unref (headers);
}

static void
test_content (void)
{
  gint64 mid = new_meeting (TITLE);
  g_autofree char *proxy_path = path_of ("/api/v1/meetings/%" G_GINT64_FORMAT "/proxies/%"
                                         G_GINT64_FORMAT, mid, fixture.ids[DUC]);
  g_autofree char *proxy_json = g_strdup_printf ("{\"holder\":%" G_GINT64_FORMAT "}",
                                                 fixture.ids[LAN]);
  g_autoptr(GBytes) pdf = qm_test_make_pdf (3, "Báo cáo kinh tế - xã hội", 7);
  g_autoptr(QmDocument) document = qm_test_upload (fixture.server, fixture.tokens[ROOT],
                                                   "bao-cao.pdf", pdf);
  g_autoptr(QmAgendaItem) item1 = qm_test_add_item (fixture.server, fixture.tokens[ROOT], mid,
                                                    ITEM_1);
  g_autoptr(QmAgendaItem) item2 = qm_test_add_item (fixture.server, fixture.tokens[ROOT], mid,
                                                    ITEM_2);
  g_autoptr(QmAgendaItem) attached = qm_test_attach (fixture.server, fixture.tokens[ROOT], mid,
                                                     item1->id, document->id);
  g_autoptr(QmTestLive) chair = NULL;
  g_autoptr(QmTestLive) lan = NULL;
  g_autoptr(QmTestLive) ha = NULL;
  g_autoptr(PopplerDocument) minutes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *signature_head = NULL;
  g_autofree char *present = NULL;
  g_autofree char *entries = NULL;
  g_autofree char *pages = NULL;
  gint64 named, secret, position;

  put_participant (mid, fixture.ids[CHAIR], "chair");
  put_participant (mid, fixture.ids[LAN], "delegate");
  put_participant (mid, fixture.ids[DUC], "delegate");
  put_participant (mid, fixture.ids[HA], "delegate");
  put_participant (mid, fixture.ids[TAM], "observer");
  http ("PUT", proxy_path, proxy_json, 200);

  /* Đức stays away; his vote is Lan's to cast. */
  chair = qm_test_live_join (fixture.server, mid, fixture.tokens[CHAIR]);
  lan = qm_test_live_join (fixture.server, mid, fixture.tokens[LAN]);
  ha = qm_test_live_join (fixture.server, mid, fixture.tokens[HA]);
  /* Attendance reaches the record when presence is announced (gathered for
   * 250 ms); every later change commits after it. */
  {
    g_autoptr(QmMessage) presence = qm_test_live_wait_type (ha, QM_MESSAGE_PRESENCE);
  }

  /* Lan speaks on the first item, the one whose document is shown. */
  {
    g_autofree char *present_json = g_strdup_printf ("\"type\":\"present\",\"doc\":\"%s\","
                                                     "\"page\":1", document->id);

    command_ok (chair, 1, present_json);
  }
  command_ok (lan, 2, "\"type\":\"speak.request\"");
  command_ok (chair, 3, "\"type\":\"speak.next\"");
  command_ok (chair, 4, "\"type\":\"speak.next\"");

  named = open_vote (chair, 5, QUESTION, item2->id, FALSE, "absolute");
  {
    g_autofree char *cast = NULL;

    cast = g_strdup_printf ("\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT
                            ",\"choice\":\"yes\"", named);
    command_ok (chair, 6, cast);
    command_ok (lan, 7, cast);
    g_free (cast);
    cast = g_strdup_printf ("\"type\":\"vote.cast.proxy\",\"vote\":%" G_GINT64_FORMAT
                            ",\"choice\":\"no\",\"for\":%" G_GINT64_FORMAT,
                            named, fixture.ids[DUC]);
    command_ok (lan, 8, cast);
    g_free (cast);
    cast = g_strdup_printf ("\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT
                            ",\"choice\":\"abstain\"", named);
    command_ok (ha, 9, cast);
    g_free (cast);
    cast = g_strdup_printf ("\"type\":\"vote.close\",\"vote\":%" G_GINT64_FORMAT, named);
    command_ok (chair, 10, cast);

    secret = open_vote (chair, 11, SECRET_Q, 0, TRUE, "two_thirds");
    g_free (cast);
    cast = g_strdup_printf ("\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT
                            ",\"choice\":\"yes\"", secret);
    command_ok (ha, 12, cast);
    g_free (cast);
    cast = g_strdup_printf ("\"type\":\"vote.close\",\"vote\":%" G_GINT64_FORMAT, secret);
    command_ok (chair, 13, cast);
  }

  minutes = open_minutes (mid);
  read_record_head (mid, &position, &hash, &signature);
  text = document_text (minutes);

  {
    g_autofree char *title = poppler_document_get_title (minutes);

    g_assert_cmpstr (title, ==, TITLE);
  }
  assert_contains (text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  assert_contains (text, "Độc lập - Tự do - Hạnh phúc");
  assert_contains (text, "BIÊN BẢN");
  assert_contains (text, TITLE);
  assert_contains (text, LOCATION);
  assert_contains (text, "08 giờ 00 phút, ngày 01 tháng 12 năm 2026");

  /* Attendance: who came, who did not, and the roles. */
  assert_contains (text, "THÀNH PHẦN THAM DỰ");
  assert_contains (text, "Nguyễn Thị Lan");
  assert_contains (text, "Lê Minh Đức");
  assert_contains (text, "Võ Thanh Tâm");
  assert_contains (text, "Quan sát viên");
  assert_contains (text, "Vắng mặt");
  present = g_strdup_printf ("có mặt %u, vắng mặt %u", 3, 3);
  assert_contains (text, present);
  g_assert_null (strstr (text, "Người Ngoài Cuộc"));

  /* The proxy, standing and on the record. */
  assert_contains (text, "Lê Minh Đức ủy quyền biểu quyết cho Nguyễn Thị Lan");
  assert_contains (text, "Ủy quyền cho Nguyễn Thị Lan");

  /* The agenda with its document and its speaker. */
  assert_contains (text, ITEM_1);
  assert_contains (text, ITEM_2);
  assert_contains (text, "Báo cáo kinh tế - xã hội (3 trang)");
  assert_contains (text, "Người phát biểu");

  /* The named vote with its counts and roll-call, the secret one with counts only. */
  assert_contains (text, QUESTION);
  assert_contains (text, "Tán thành: 2; Không tán thành: 1; Không ý kiến: 1");
  assert_contains (text, "Đã biểu quyết: 4/4");
  assert_contains (text, "quá nửa tổng số thành viên");
  assert_contains (text, "Nguyễn Thị Lan (được ủy quyền)");
  assert_contains (text, SECRET_Q);
  assert_contains (text, "Tán thành: 1; Không tán thành: 0; Không ý kiến: 0");
  assert_contains (text, "Đã biểu quyết: 1/4");
  assert_contains (text, "KHÔNG THÔNG QUA");
  assert_contains (text, "bỏ phiếu kín");

  /* The record's head, as the database holds it. */
  entries = g_strdup_printf ("Số mục trong sổ: %" G_GINT64_FORMAT ".", position);
  assert_contains (text, entries);
  assert_contains (text, hash);
  signature_head = g_strndup (signature, 64);
  assert_contains (text, signature_head);
  assert_contains (text, signature + 64);
  pages = g_strdup_printf ("Trang 1/%d", poppler_document_get_n_pages (minutes));
  assert_contains (text, pages);
}

static int
page_count (gint64 meeting_id)
{
  g_autoptr(PopplerDocument) document = open_minutes (meeting_id);
  g_autofree char *text = document_text (document);

  return poppler_document_get_n_pages (document);
}

static void
test_many_pages (void)
{
  static const char *const family[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan",
                                        "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
                                        "Lý" };
  static const char *const middle[] = { "Văn", "Thị", "Minh", "Quốc", "Thu", "Hữu", "Ngọc",
                                        "Đức", "Thanh" };
  static const char *const given[] = { "An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hạnh",
                                       "Khánh", "Linh", "Nga", "Phúc", "Quân", "Sơn", "Thảo",
                                       "Trung", "Yến", "Hương", "Tuấn" };
  gint64 mid = new_meeting ("Đại hội đại biểu cổ đông thường niên năm 2026");
  g_autoptr(GPtrArray) usernames = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) display_names = g_ptr_array_new_with_free_func (g_free);
  gint64 ids[N_CROWD];
  g_autoptr(QmTestLive) chair = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *text = NULL;
  int small, crowded, with_votes;
  gint64 start;

  put_participant (mid, fixture.ids[CHAIR], "chair");
  put_participant (mid, fixture.ids[TAM], "observer");
  small = page_count (mid);

  for (guint i = 0; i < N_CROWD; i++)
    {
      g_ptr_array_add (usernames, g_strdup_printf ("codong%03u", i));
      g_ptr_array_add (display_names,
                       g_strdup_printf ("%s %s %s", family[i % G_N_ELEMENTS (family)],
                                        middle[(i / 3) % G_N_ELEMENTS (middle)],
                                        given[(i * 7) % G_N_ELEMENTS (given)]));
    }
  /* In batches: each request's timeout runs from its start, and a busy
   * machine hashes slowly. */
  for (guint i = 0; i < N_CROWD; i += 25)
    create_accounts (MIN (25, N_CROWD - i), (const char * const *) usernames->pdata + i,
                     (const char * const *) display_names->pdata + i, ids + i);
  for (guint i = 0; i < N_CROWD; i++)
    put_participant (mid, ids[i], "delegate");
  crowded = page_count (mid);
  g_assert_cmpint (crowded, >, small);

  /* Named votes list every member: each roll-call runs over pages. */
  chair = qm_test_live_join (fixture.server, mid, fixture.tokens[CHAIR]);
  for (guint v = 0; v < 3; v++)
    {
      g_autofree char *question = g_strdup_printf ("Thông qua tờ trình số %u", v + 1);
      g_autofree char *close = NULL;
      gint64 vote = open_vote (chair, 100 + 2 * v, question, 0, FALSE, "simple");

      close = g_strdup_printf ("\"type\":\"vote.close\",\"vote\":%" G_GINT64_FORMAT, vote);
      command_ok (chair, 101 + 2 * v, close);
    }

  start = g_get_monotonic_time ();
  document = open_minutes (mid);
  g_test_message ("minutes of %u participants and 3 roll-calls: %d pages in %.0f ms",
                  N_CROWD + 2, poppler_document_get_n_pages (document),
                  (g_get_monotonic_time () - start) / 1000.0);
  with_votes = poppler_document_get_n_pages (document);
  g_assert_cmpint (with_votes, >, crowded + 3);
  text = document_text (document);
  assert_contains (text, g_ptr_array_index (display_names, N_CROWD - 1));
  assert_contains (text, "Thông qua tờ trình số 3");
  {
    g_autofree char *last = g_strdup_printf ("Trang %d/%d", with_votes, with_votes);

    assert_contains (text, last);
  }
}

/* Set-up ------------------------------------------------------------------ */

static void
fixture_set_up (void)
{
  QmTestServerOptions options = { .admin_username = "root", .admin_password = PASSWORD };
  const char *usernames[N_PEOPLE - 1], *display_names[N_PEOPLE - 1];

  fixture.server = qm_test_server_new (&options);
  fixture.tokens[ROOT] = qm_test_login (fixture.server, "root", PASSWORD);
  for (guint i = 1; i < N_PEOPLE; i++)
    {
      usernames[i - 1] = people[i].username;
      display_names[i - 1] = people[i].display_name;
    }
  create_accounts (N_PEOPLE - 1, usernames, display_names, fixture.ids + 1);
  qm_test_login_many (fixture.server, N_PEOPLE - 1, usernames, PASSWORD, fixture.tokens + 1);
}

static void
fixture_tear_down (void)
{
  for (guint i = 0; i < N_PEOPLE; i++)
    g_free (fixture.tokens[i]);
  g_clear_pointer (&fixture.server, qm_test_server_free);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/quorum/minutes/access", test_access);
  g_test_add_func ("/quorum/minutes/content", test_content);
  g_test_add_func ("/quorum/minutes/many-pages", test_many_pages);

  fixture_set_up ();
  result = g_test_run ();
  fixture_tear_down ();
  return result;
}
