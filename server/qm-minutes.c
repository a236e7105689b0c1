/* qm-minutes.c: draws a meeting's minutes as a Vietnamese administrative
 * record ("biên bản") on A4 pages with cairo and pango, on a worker thread.
 *
 * The document is built as a list of pieces (a line of a paragraph, a table
 * row, the masthead), each of a known height; pagination places them, so the
 * page count is known before the first page is drawn ("Trang X/Y"), and a
 * list of any length flows over as many pages as it needs.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-minutes"

#include "config.h"

#include <string.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "qm-minutes.h"

/* A4, with the margins of Vietnamese administrative documents (left 30 mm,
 * right 20 mm). */
#define PAGE_WIDTH     595.276
#define PAGE_HEIGHT    841.890
#define MARGIN_LEFT    85.0
#define MARGIN_RIGHT   56.7
#define TEXT_WIDTH     (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
#define FIRST_TOP      48.0
#define CONTENT_TOP    70.0
#define CONTENT_BOTTOM 782.0
#define FOOTER_RULE    794.0
#define CELL_PAD_X     3.5
#define CELL_PAD_Y     2.5
#define LIST_INDENT    14.0
#define MAX_COLUMNS    6
#define HEX_PER_LINE   64

G_DEFINE_QUARK (qm-minutes-error-quark, qm_minutes_error)

typedef enum
{
  FONT_BODY,
  FONT_BODY_BOLD,
  FONT_BODY_ITALIC,
  FONT_HEADING,
  FONT_TITLE,
  FONT_SUBTITLE,
  FONT_TABLE,
  FONT_TABLE_BOLD,
  FONT_MONO,
  FONT_RUNNING,
  FONT_MASTHEAD,
  FONT_MASTHEAD_BOLD,
  FONT_MOTTO,
  FONT_DATE,
  N_FONTS
} Font;

static const char *const font_names[N_FONTS] = {
  [FONT_BODY] = "Noto Serif 11.5",
  [FONT_BODY_BOLD] = "Noto Serif Bold 11.5",
  [FONT_BODY_ITALIC] = "Noto Serif Italic 11.5",
  [FONT_HEADING] = "Noto Serif Bold 12",
  [FONT_TITLE] = "Noto Serif Bold 16",
  [FONT_SUBTITLE] = "Noto Serif Bold 13",
  [FONT_TABLE] = "Noto Sans 8.5",
  [FONT_TABLE_BOLD] = "Noto Sans Bold 8.5",
  [FONT_MONO] = "DejaVu Sans Mono 8.5",
  [FONT_RUNNING] = "Noto Sans Italic 7.5",
  [FONT_MASTHEAD] = "Noto Serif 11.5",
  [FONT_MASTHEAD_BOLD] = "Noto Serif Bold 11",
  [FONT_MOTTO] = "Noto Serif Bold 11.5",
  [FONT_DATE] = "Noto Serif Italic 11.5",
};

typedef struct _Writer Writer;
typedef struct _Piece Piece;
typedef void (*DrawFunc) (Writer *w, Piece *piece, double y);

typedef struct
{
  guint          n_columns;
  double         x[MAX_COLUMNS + 1];
  PangoAlignment align[MAX_COLUMNS];
} Table;

struct _Piece
{
  double           h;
  double           space_before;   /* dropped at the top of a page */
  gboolean         keep_next;      /* never the last piece on a page */
  DrawFunc         draw;

  /* A line of a paragraph. */
  PangoLayout     *layout;
  PangoLayoutLine *line;
  double           x;
  double           baseline;

  /* A table row; rows repeat their header atop each page they start. */
  const Table     *table;
  PangoLayout     *cells[MAX_COLUMNS];
  gboolean         header;
  Piece           *repeat;

  /* An entry of the PDF outline. */
  char            *outline;
  int              outline_level;
};

typedef struct
{
  Piece *piece;
  guint  page;
  double y;
} Placement;

struct _Writer
{
  const QmMinutes      *minutes;
  GTimeZone            *zone;        /* the meeting's own offset */
  cairo_surface_t      *surface;
  cairo_t              *cr;
  PangoContext         *context;
  PangoFontDescription *fonts[N_FONTS];
  PangoLayout          *running;
  GPtrArray            *pieces;      /* of Piece */
  GPtrArray            *tables;      /* of Table */
  GHashTable           *cells;       /* cell layouts by font, width, alignment and text */
  GArray               *placements;  /* of Placement */
  guint                 n_pages;
  guint                 section;
  int                   outline_parent;
};

/* Words ------------------------------------------------------------------- */

static const char *
role_label (QmMeetingRole role)
{
  switch (role)
    {
    case QM_MEETING_ROLE_CHAIR:
      return "Chủ tọa";
    case QM_MEETING_ROLE_SECRETARY:
      return "Thư ký";
    case QM_MEETING_ROLE_DELEGATE:
      return "Đại biểu";
    case QM_MEETING_ROLE_OBSERVER:
      return "Quan sát viên";
    case QM_MEETING_ROLE_NONE:
    default:
      return "";
    }
}

static const char *
choice_label (QmChoice choice)
{
  switch (choice)
    {
    case QM_CHOICE_YES:
      return "Tán thành";
    case QM_CHOICE_NO:
      return "Không tán thành";
    case QM_CHOICE_ABSTAIN:
    default:
      return "Không ý kiến";
    }
}

static const char *
majority_label (QmMajority majority)
{
  switch (majority)
    {
    case QM_MAJORITY_ABSOLUTE:
      return "quá nửa tổng số thành viên có quyền biểu quyết tán thành";
    case QM_MAJORITY_TWO_THIRDS:
      return "số phiếu tán thành đạt ít nhất hai phần ba số phiếu tán thành và không tán thành";
    case QM_MAJORITY_SIMPLE:
    default:
      return "số phiếu tán thành nhiều hơn số phiếu không tán thành";
    }
}

static gboolean
is_voting (QmMeetingRole role)
{
  return role == QM_MEETING_ROLE_CHAIR || role == QM_MEETING_ROLE_DELEGATE;
}

/* Times ------------------------------------------------------------------- */

static GDateTime *
local_time (Writer     *w,
            const char *rfc3339)
{
  g_autoptr(GDateTime) time = qm_time_parse_rfc3339 (rfc3339);

  return time != NULL ? g_date_time_to_timezone (time, w->zone) : NULL;
}

/* "08:05 01/12/2026", or "" for no time. */
static char *
format_time (Writer     *w,
             const char *rfc3339,
             gboolean    with_date)
{
  g_autoptr(GDateTime) time = local_time (w, rfc3339);

  if (time == NULL)
    return g_strdup ("");
  return g_date_time_format (time, with_date ? "%H:%M %d/%m/%Y" : "%H:%M:%S");
}

static char *
format_duration (const char *from,
                 const char *to)
{
  g_autoptr(GDateTime) start = qm_time_parse_rfc3339 (from);
  g_autoptr(GDateTime) end = qm_time_parse_rfc3339 (to);
  gint64 seconds;

  if (start == NULL || end == NULL)
    return g_strdup ("");
  seconds = MAX (g_date_time_difference (end, start) / G_USEC_PER_SEC, 0);
  if (seconds < 60)
    return g_strdup_printf ("%" G_GINT64_FORMAT " giây", seconds);
  return g_strdup_printf ("%" G_GINT64_FORMAT " phút %02" G_GINT64_FORMAT " giây",
                          seconds / 60, seconds % 60);
}

/* Pieces ------------------------------------------------------------------ */

static void
piece_free (gpointer data)
{
  Piece *piece = data;

  g_clear_object (&piece->layout);
  for (guint i = 0; i < MAX_COLUMNS; i++)
    g_clear_object (&piece->cells[i]);
  g_free (piece->outline);
  g_free (piece);
}

static Piece *
add_piece (Writer   *w,
           DrawFunc  draw,
           double    h)
{
  Piece *piece = g_new0 (Piece, 1);

  piece->draw = draw;
  piece->h = h;
  g_ptr_array_add (w->pieces, piece);
  return piece;
}

static PangoLayout *
new_layout (Writer         *w,
            Font            font,
            double          width,
            PangoAlignment  align)
{
  PangoLayout *layout = pango_layout_new (w->context);

  pango_layout_set_font_description (layout, w->fonts[font]);
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static void
draw_line (Writer *w,
           Piece  *piece,
           double  y)
{
  cairo_move_to (w->cr, piece->x, y + piece->baseline);
  pango_cairo_show_layout_line (w->cr, piece->line);
  cairo_new_path (w->cr);
}

typedef struct
{
  Font           font;
  double         left;          /* from the left margin */
  double         right;         /* from the right margin */
  double         indent;        /* of the first line, relative to left */
  PangoAlignment align;         /* PANGO_ALIGN_LEFT is 0 */
  gboolean       justify;
  double         space_before;
  gboolean       keep_next;     /* the last line stays with what follows */
  gboolean       markup;
} Style;

static const Style body = { .font = FONT_BODY, .space_before = 3, .markup = TRUE };
static const Style note = { .font = FONT_BODY_ITALIC, .space_before = 3 };
static const Style item_note = { .font = FONT_BODY_ITALIC, .left = LIST_INDENT, .space_before = 4 };
static const Style label = { .font = FONT_BODY, .space_before = 3, .keep_next = TRUE,
                             .markup = TRUE };

/* Adds a paragraph, one piece per line; returns its first piece. */
static Piece *
add_paragraph (Writer      *w,
               const Style *style,
               const char  *text)
{
  g_autoptr(PangoLayout) layout = new_layout (w, style->font,
                                              TEXT_WIDTH - style->left - style->right, style->align);
  PangoLayoutIter *iter;
  Piece *first = NULL;
  guint n_lines, i = 0;

  pango_layout_set_justify (layout, style->justify);
  pango_layout_set_indent (layout, (int) (style->indent * PANGO_SCALE));
  if (style->markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  n_lines = pango_layout_get_line_count (layout);

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical;
      Piece *piece;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      piece = add_piece (w, draw_line, (double) logical.height / PANGO_SCALE);
      piece->layout = g_object_ref (layout);
      piece->line = pango_layout_iter_get_line_readonly (iter);
      piece->x = MARGIN_LEFT + style->left + (double) logical.x / PANGO_SCALE;
      piece->baseline = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;
      /* No orphan, no widow: the first two and the last two lines stay
       * together; a heading stays with what follows. */
      piece->keep_next = (i == 0 && n_lines > 1) || (n_lines > 2 && i == n_lines - 2)
                         || (i == n_lines - 1 && style->keep_next);
      if (i == 0)
        {
          piece->space_before = style->space_before;
          first = piece;
        }
      i++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  return first;
}

static void G_GNUC_PRINTF (3, 4)
add_markup (Writer      *w,
            const Style *style,
            const char  *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_markup_vprintf_escaped (format, args);
  va_end (args);
  add_paragraph (w, style, text);
}

static void
add_section (Writer     *w,
             const char *title)
{
  static const char *const numerals[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII" };
  static const Style style = { .font = FONT_HEADING, .space_before = 14, .keep_next = TRUE };
  g_autofree char *text = g_strdup_printf ("%s. %s", numerals[MIN (w->section, 7u)], title);
  Piece *piece;

  w->section++;
  piece = add_paragraph (w, &style, text);
  piece->outline = g_strdup (text);
  piece->outline_level = 1;
}

static void
add_subheading (Writer     *w,
                const char *text,
                gboolean    outline)
{
  static const Style style = { .font = FONT_BODY_BOLD, .space_before = 9, .keep_next = TRUE };
  Piece *piece = add_paragraph (w, &style, text);

  if (outline)
    {
      piece->outline = g_strdup (text);
      piece->outline_level = 2;
    }
}

/* A label in bold that stays with the list after it. */
static void
add_label (Writer     *w,
           const char *text)
{
  static const Style style = { .font = FONT_BODY_ITALIC, .left = LIST_INDENT, .space_before = 4,
                               .keep_next = TRUE };

  add_paragraph (w, &style, text);
}

static void
add_list_entry (Writer     *w,
                const char *text)
{
  static const Style style = { .font = FONT_BODY, .left = 2 * LIST_INDENT, .indent = -10,
                               .space_before = 1 };
  g_autofree char *entry = g_strdup_printf ("– %s", text);

  add_paragraph (w, &style, entry);
}

/* Tables ------------------------------------------------------------------ */

static void
draw_row (Writer *w,
          Piece  *piece,
          double  y)
{
  const Table *table = piece->table;
  cairo_t *cr = w->cr;

  if (piece->header)
    {
      cairo_set_source_rgb (cr, 0.91, 0.92, 0.94);
      cairo_rectangle (cr, table->x[0], y, table->x[table->n_columns] - table->x[0], piece->h);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_set_line_width (cr, 0.5);
  for (guint c = 0; c < table->n_columns; c++)
    cairo_rectangle (cr, table->x[c], y, table->x[c + 1] - table->x[c], piece->h);
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint c = 0; c < table->n_columns; c++)
    {
      double h = layout_height (piece->cells[c]);

      cairo_move_to (cr, table->x[c] + CELL_PAD_X, y + (piece->h - h) / 2);
      pango_cairo_show_layout (cr, piece->cells[c]);
      cairo_new_path (cr);
    }
}

/* widths are fractions of the text width; align per column: 'l', 'c', 'r'. */
static Table *
add_table (Writer       *w,
           const double *widths,
           const char   *aligns,
           guint         n_columns)
{
  Table *table = g_new0 (Table, 1);
  double x = MARGIN_LEFT + LIST_INDENT;
  double width = TEXT_WIDTH - LIST_INDENT;

  g_assert (n_columns <= MAX_COLUMNS);
  table->n_columns = n_columns;
  for (guint c = 0; c < n_columns; c++)
    {
      table->x[c] = x;
      x += widths[c] * width;
      table->align[c] = aligns[c] == 'c' ? PANGO_ALIGN_CENTER
                      : aligns[c] == 'r' ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
    }
  table->x[n_columns] = MARGIN_LEFT + TEXT_WIDTH;
  g_ptr_array_add (w->tables, table);
  return table;
}

/* Roll-calls repeat the same names and choices vote after vote: a cell's
 * layout is shaped once and shared (layouts are only read when drawn). */
static PangoLayout *
cell_layout (Writer         *w,
             Font            font,
             double          width,
             PangoAlignment  align,
             const char     *text)
{
  g_autofree char *key = g_strdup_printf ("%d %.1f %d %s", font, width, align, text);
  PangoLayout *layout = g_hash_table_lookup (w->cells, key);

  if (layout == NULL)
    {
      layout = new_layout (w, font, width, align);
      pango_layout_set_text (layout, text, -1);
      g_hash_table_insert (w->cells, g_steal_pointer (&key), layout);
    }
  return g_object_ref (layout);
}

static Piece *
add_row (Writer             *w,
         const Table        *table,
         const char * const *cells,
         Piece              *header)
{
  Piece *piece = add_piece (w, draw_row, 0);
  double h = 0;

  piece->table = table;
  piece->header = header == NULL;
  piece->repeat = header;
  piece->keep_next = header == NULL;
  piece->space_before = header == NULL ? 5 : 0;
  for (guint c = 0; c < table->n_columns; c++)
    {
      PangoLayout *layout = cell_layout (w, header == NULL ? FONT_TABLE_BOLD : FONT_TABLE,
                                         table->x[c + 1] - table->x[c] - 2 * CELL_PAD_X,
                                         header == NULL ? PANGO_ALIGN_CENTER : table->align[c],
                                         cells[c] ? cells[c] : "");

      h = MAX (h, layout_height (layout));
      piece->cells[c] = layout;
    }
  piece->h = h + 2 * CELL_PAD_Y;
  return piece;
}

/* The masthead ------------------------------------------------------------ */

static double
show_centered (Writer     *w,
               Font        font,
               const char *text,
               double      cx,
               double      y,
               double      width,
               double     *out_text_width)
{
  g_autoptr(PangoLayout) layout = new_layout (w, font, width, PANGO_ALIGN_CENTER);
  PangoRectangle ink, logical;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, &ink, &logical);
  if (out_text_width != NULL)
    *out_text_width = (double) logical.width / PANGO_SCALE;
  if (w->cr != NULL)
    {
      cairo_move_to (w->cr, cx - width / 2, y);
      pango_cairo_show_layout (w->cr, layout);
      cairo_new_path (w->cr);
    }
  return (double) logical.height / PANGO_SCALE;
}

static void
rule (Writer *w,
      double  cx,
      double  half,
      double  y)
{
  cairo_set_line_width (w->cr, 0.7);
  cairo_move_to (w->cr, cx - half, y);
  cairo_line_to (w->cr, cx + half, y);
  cairo_stroke (w->cr);
}

/* The issuer and number on the left, the national motto and the date on the
 * right, as every Vietnamese administrative document begins. */
static double
masthead (Writer *w,
          double  y)
{
  const double left_cx = MARGIN_LEFT + 80, right_cx = MARGIN_LEFT + TEXT_WIDTH - 135;
  g_autoptr(GDateTime) starts = local_time (w, w->minutes->starts_at);
  g_autofree char *number = g_strdup_printf ("Số: %" G_GINT64_FORMAT "/BB-QM",
                                             w->minutes->meeting_id);
  g_autofree char *date = starts != NULL ? g_date_time_format (starts, "Ngày %d tháng %m năm %Y")
                                         : g_strdup ("");
  double ly = y, ry = y, tw;

  ly += show_centered (w, FONT_MASTHEAD_BOLD, "HỆ THỐNG PHÒNG HỌP", left_cx, ly, 200, NULL);
  ly += show_centered (w, FONT_MASTHEAD_BOLD, "KHÔNG GIẤY QUORUM", left_cx, ly, 200, &tw);
  if (w->cr != NULL)
    rule (w, left_cx, 30, ly + 3);
  ly += 9;
  ly += show_centered (w, FONT_MASTHEAD, number, left_cx, ly, 200, NULL);

  ry += show_centered (w, FONT_MASTHEAD_BOLD, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right_cx, ry,
                       290, NULL);
  ry += show_centered (w, FONT_MOTTO, "Độc lập - Tự do - Hạnh phúc", right_cx, ry, 290, &tw);
  if (w->cr != NULL)
    rule (w, right_cx, tw / 2, ry + 3);
  ry += 9;
  ry += show_centered (w, FONT_DATE, date, right_cx, ry, 290, NULL);

  return MAX (ly, ry) - y;
}

static void
draw_masthead (Writer *w,
               Piece  *piece,
               double  y)
{
  masthead (w, y);
}

static void
draw_rule (Writer *w,
           Piece  *piece,
           double  y)
{
  rule (w, MARGIN_LEFT + TEXT_WIDTH / 2, 40, y + piece->h / 2);
}

/* Signatures: the secretary on the left, the chair on the right. */
static double
signatures (Writer *w,
            double  y)
{
  const double left_cx = MARGIN_LEFT + TEXT_WIDTH / 4, right_cx = MARGIN_LEFT + 3 * TEXT_WIDTH / 4;
  g_autoptr(GString) secretaries = g_string_new (NULL);
  g_autoptr(GString) chairs = g_string_new (NULL);
  double ly = y, ry = y;

  for (guint i = 0; i < w->minutes->people->len; i++)
    {
      QmMinutesPerson *person = g_ptr_array_index (w->minutes->people, i);
      GString *names = person->role == QM_MEETING_ROLE_CHAIR ? chairs
                     : person->role == QM_MEETING_ROLE_SECRETARY ? secretaries : NULL;

      if (names != NULL)
        g_string_append_printf (names, "%s%s", names->len > 0 ? "\n" : "", person->name);
    }

  ly += show_centered (w, FONT_BODY_BOLD, "THƯ KÝ", left_cx, ly, TEXT_WIDTH / 2 - 10, NULL);
  ly += show_centered (w, FONT_BODY_ITALIC, "(Ký, ghi rõ họ tên)", left_cx, ly,
                       TEXT_WIDTH / 2 - 10, NULL) + 56;
  ly += show_centered (w, FONT_BODY_BOLD, secretaries->str, left_cx, ly, TEXT_WIDTH / 2 - 10, NULL);

  ry += show_centered (w, FONT_BODY_BOLD, "CHỦ TỌA", right_cx, ry, TEXT_WIDTH / 2 - 10, NULL);
  ry += show_centered (w, FONT_BODY_ITALIC, "(Ký, ghi rõ họ tên)", right_cx, ry,
                       TEXT_WIDTH / 2 - 10, NULL) + 56;
  ry += show_centered (w, FONT_BODY_BOLD, chairs->str, right_cx, ry, TEXT_WIDTH / 2 - 10, NULL);
  return MAX (ly, ry) - y;
}

static void
draw_signatures (Writer *w,
                 Piece  *piece,
                 double  y)
{
  signatures (w, y);
}

/* The content ------------------------------------------------------------- */

static void
add_title (Writer *w)
{
  static const Style kind = { .font = FONT_TITLE, .align = PANGO_ALIGN_CENTER, .space_before = 26,
                              .keep_next = TRUE };
  static const Style title = { .font = FONT_SUBTITLE, .left = 30, .right = 30,
                               .align = PANGO_ALIGN_CENTER, .space_before = 2, .keep_next = TRUE };
  g_autoptr(GDateTime) starts = local_time (w, w->minutes->starts_at);
  g_autoptr(GString) chairs = g_string_new (NULL);
  g_autoptr(GString) secretaries = g_string_new (NULL);

  add_piece (w, draw_masthead, masthead (w, 0));
  add_paragraph (w, &kind, "BIÊN BẢN");
  add_paragraph (w, &title, w->minutes->title);
  add_piece (w, draw_rule, 14)->space_before = 2;

  for (guint i = 0; i < w->minutes->people->len; i++)
    {
      QmMinutesPerson *person = g_ptr_array_index (w->minutes->people, i);
      GString *names = person->role == QM_MEETING_ROLE_CHAIR ? chairs
                     : person->role == QM_MEETING_ROLE_SECRETARY ? secretaries : NULL;

      if (names != NULL)
        g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", person->name);
    }

  if (starts != NULL)
    {
      g_autofree char *when = g_date_time_format (starts, "%H giờ %M phút, ngày %d tháng %m năm %Y");

      add_markup (w, &body, "<b>Thời gian:</b> bắt đầu lúc %s.", when);
    }
  add_markup (w, &body, "<b>Địa điểm:</b> %s.",
              w->minutes->location[0] != '\0' ? w->minutes->location : "(không ghi)");
  add_markup (w, &body, "<b>Chủ tọa:</b> %s.", chairs->len > 0 ? chairs->str : "(chưa phân công)");
  add_markup (w, &body, "<b>Thư ký:</b> %s.",
              secretaries->len > 0 ? secretaries->str : "(chưa phân công)");
}

static void
add_attendance (Writer *w)
{
  static const double widths[] = { 0.08, 0.40, 0.17, 0.15, 0.20 };
  static const char *const headers[] = { "STT", "Họ và tên", "Vai trò", "Tham dự", "Có mặt từ" };
  GPtrArray *people = w->minutes->people;
  guint present = 0, voting = 0, voting_present = 0;
  Table *table;
  Piece *header;

  add_section (w, "THÀNH PHẦN THAM DỰ");
  for (guint i = 0; i < people->len; i++)
    {
      QmMinutesPerson *person = g_ptr_array_index (people, i);

      present += person->first_check_in != NULL;
      voting += is_voting (person->role);
      voting_present += is_voting (person->role) && person->first_check_in != NULL;
    }
  add_markup (w, &body,
              "Tổng số thành phần được triệu tập: <b>%u</b> người; có mặt <b>%u</b>, vắng mặt "
              "<b>%u</b>. Thành viên có quyền biểu quyết: <b>%u</b>, trong đó có mặt <b>%u</b>.",
              people->len, present, people->len - present, voting, voting_present);
  add_paragraph (w, &note,
                 "Có mặt: đã điểm danh (kết nối vào phòng họp) ít nhất một lần; "
                 "giờ ghi là lần điểm danh đầu tiên.");

  table = add_table (w, widths, "cllcc", G_N_ELEMENTS (widths));
  header = add_row (w, table, headers, NULL);
  for (guint i = 0; i < people->len; i++)
    {
      QmMinutesPerson *person = g_ptr_array_index (people, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *since = format_time (w, person->first_check_in, TRUE);
      const char *cells[] = { number, person->name, role_label (person->role),
                              person->first_check_in != NULL ? "Có mặt" : "Vắng mặt", since };

      add_row (w, table, cells, header);
    }
}

static void
add_proxies (Writer *w)
{
  static const double widths[] = { 0.22, 0.39, 0.39 };
  static const char *const headers[] = { "Thời điểm", "Thành viên", "Nội dung" };
  GPtrArray *people = w->minutes->people;
  gboolean any = FALSE;
  Table *table;
  Piece *header;

  add_section (w, "ỦY QUYỀN BIỂU QUYẾT");
  for (guint i = 0; i < people->len; i++)
    {
      QmMinutesPerson *person = g_ptr_array_index (people, i);
      g_autofree char *line = NULL;

      if (person->proxy_holder == NULL)
        continue;
      if (!any)
        add_label (w, "Ủy quyền đang có hiệu lực:");
      any = TRUE;
      line = g_strdup_printf ("%s ủy quyền biểu quyết cho %s.", person->name, person->proxy_holder);
      add_list_entry (w, line);
    }
  if (!any)
    add_paragraph (w, &note,
                   "Không có ủy quyền biểu quyết nào đang có hiệu lực.");

  if (w->minutes->proxies->len == 0)
    return;
  add_label (w, "Diễn biến ủy quyền theo sổ ghi sự kiện:");
  table = add_table (w, widths, "cll", G_N_ELEMENTS (widths));
  header = add_row (w, table, headers, NULL);
  for (guint i = 0; i < w->minutes->proxies->len; i++)
    {
      QmMinutesProxy *proxy = g_ptr_array_index (w->minutes->proxies, i);
      g_autofree char *at = format_time (w, proxy->at, TRUE);
      g_autofree char *what = proxy->holder != NULL
                              ? g_strdup_printf ("Ủy quyền cho %s", proxy->holder)
                              : g_strdup ("Hủy ủy quyền");
      const char *cells[] = { at, proxy->member, what };

      add_row (w, table, cells, header);
    }
}

static gboolean
item_on_agenda (const QmMinutes *minutes,
                gint64           item)
{
  for (guint i = 0; i < minutes->items->len; i++)
    if (((QmMinutesItem *) g_ptr_array_index (minutes->items, i))->id == item)
      return TRUE;
  return FALSE;
}

static void
add_speeches (Writer *w,
              gint64  item)   /* 0: those on no item of the agenda */
{
  static const double widths[] = { 0.08, 0.42, 0.15, 0.15, 0.20 };
  static const char *const headers[] = { "STT", "Người phát biểu", "Từ", "Đến", "Thời lượng" };
  GPtrArray *speeches = w->minutes->speeches;
  Table *table = NULL;
  Piece *header = NULL;
  guint n = 0;

  for (guint i = 0; i < speeches->len; i++)
    {
      QmMinutesSpeech *speech = g_ptr_array_index (speeches, i);
      g_autofree char *number = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autofree char *duration = NULL;

      if (item != 0 ? speech->item != item : item_on_agenda (w->minutes, speech->item))
        continue;
      if (table == NULL)
        {
          add_label (w, "Phát biểu:");
          table = add_table (w, widths, "clccc", G_N_ELEMENTS (widths));
          header = add_row (w, table, headers, NULL);
        }
      number = g_strdup_printf ("%u", ++n);
      from = format_time (w, speech->started_at, FALSE);
      to = speech->ended_at != NULL ? format_time (w, speech->ended_at, FALSE)
                                    : g_strdup ("(đang phát biểu)");
      duration = speech->ended_at != NULL ? format_duration (speech->started_at, speech->ended_at)
                                          : g_strdup ("");
      add_row (w, table, (const char *[]) { number, speech->name, from, to, duration }, header);
    }
  if (table == NULL && item != 0)
    add_paragraph (w, &item_note, "Phát biểu: không có ý kiến phát biểu.");
}

static void
add_vote (Writer              *w,
          const QmMinutesVote *vote,
          guint                number)
{
  static const Style line = { .font = FONT_BODY, .left = LIST_INDENT, .indent = 0,
                              .space_before = 1, .markup = TRUE };
  static const Style head = { .font = FONT_BODY_BOLD, .left = LIST_INDENT, .space_before = 8,
                              .keep_next = TRUE, .markup = TRUE };
  static const double widths[] = { 0.08, 0.37, 0.20, 0.35 };
  static const char *const headers[] = { "STT", "Thành viên", "Lựa chọn", "Người bỏ phiếu" };
  g_autofree char *opened = format_time (w, vote->opened_at, TRUE);
  g_autofree char *closed = format_time (w, vote->closed_at, TRUE);

  add_markup (w, &head, "Biểu quyết %u: %s", number, vote->question);
  add_markup (w, &line, "<i>Hình thức:</i> %s. <i>Điều kiện thông qua:</i> %s.",
              vote->secret ? "bỏ phiếu kín" : "biểu quyết công khai, ghi danh",
              majority_label (vote->majority));
  if (vote->forced)
    add_markup (w, &line, "<i>Chủ tọa cho mở biểu quyết khi chưa đủ túc số.</i>");
  if (!vote->closed)
    {
      add_markup (w, &line, "<i>Thời gian:</i> mở lúc %s; biểu quyết chưa kết thúc khi lập biên bản.",
                  opened);
      return;
    }
  add_markup (w, &line, "<i>Thời gian:</i> mở lúc %s, kết thúc lúc %s.", opened, closed);
  add_markup (w, &line,
              "<i>Kết quả:</i> Tán thành: <b>%" G_GINT64_FORMAT "</b>; Không tán thành: <b>%"
              G_GINT64_FORMAT "</b>; Không ý kiến: <b>%" G_GINT64_FORMAT "</b>. Đã biểu quyết: "
              "<b>%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "</b> thành viên.",
              vote->yes, vote->no, vote->abstain, vote->yes + vote->no + vote->abstain,
              vote->eligible);
  add_markup (w, &line, "<i>Kết luận:</i> <b>%s</b>.",
              vote->passed ? "THÔNG QUA" : "KHÔNG THÔNG QUA");

  if (vote->secret || vote->ballots == NULL)
    {
      if (vote->secret)
        add_markup (w, &line, "<i>Bỏ phiếu kín: biên bản chỉ ghi số phiếu.</i>");
      return;
    }
  if (vote->ballots->len > 0)
    {
      Table *table = add_table (w, widths, "clcl", G_N_ELEMENTS (widths));
      Piece *header = add_row (w, table, headers, NULL);

      for (guint i = 0; i < vote->ballots->len; i++)
        {
          QmMinutesBallot *ballot = g_ptr_array_index (vote->ballots, i);
          g_autofree char *index = g_strdup_printf ("%u", i + 1);
          g_autofree char *by = ballot->by != NULL ? g_strdup_printf ("%s (được ủy quyền)", ballot->by)
                                                   : g_strdup (ballot->voted ? "Tự bỏ phiếu" : "");
          const char *cells[] = { index, ballot->member,
                                  ballot->voted ? choice_label (ballot->choice) : "Không bỏ phiếu",
                                  by };

          add_row (w, table, cells, header);
        }
    }
}

static void
add_votes (Writer *w,
           gint64  item,
           guint  *number)
{
  for (guint i = 0; i < w->minutes->votes->len; i++)
    {
      QmMinutesVote *vote = g_ptr_array_index (w->minutes->votes, i);

      if (item != 0 ? vote->item != item : item_on_agenda (w->minutes, vote->item))
        continue;
      add_vote (w, vote, ++*number);
    }
}

static guint
count_votes (Writer *w,
             gint64  item)
{
  guint n = 0;

  for (guint i = 0; i < w->minutes->votes->len; i++)
    {
      QmMinutesVote *vote = g_ptr_array_index (w->minutes->votes, i);

      n += item != 0 ? vote->item == item : !item_on_agenda (w->minutes, vote->item);
    }
  return n;
}

static guint
count_loose_speeches (Writer *w)
{
  guint n = 0;

  for (guint i = 0; i < w->minutes->speeches->len; i++)
    n += !item_on_agenda (w->minutes,
                          ((QmMinutesSpeech *) g_ptr_array_index (w->minutes->speeches, i))->item);
  return n;
}

static void
add_agenda (Writer *w,
            guint  *vote_number)
{
  static const Style description = { .font = FONT_BODY, .left = LIST_INDENT, .indent = 18,
                                     .justify = TRUE, .space_before = 2 };
  GPtrArray *items = w->minutes->items;

  add_section (w, "NỘI DUNG CUỘC HỌP");
  if (items->len == 0)
    add_paragraph (w, &note, "Chương trình họp không có nội dung nào.");

  for (guint i = 0; i < items->len; i++)
    {
      QmMinutesItem *item = g_ptr_array_index (items, i);
      g_autofree char *heading = g_strdup_printf ("%u. %s", i + 1, item->title);

      add_subheading (w, heading, TRUE);
      if (item->description[0] != '\0')
        add_paragraph (w, &description, item->description);

      if (item->documents->len == 0)
        add_paragraph (w, &item_note, "Tài liệu: không có tài liệu kèm theo.");
      else
        add_label (w, "Tài liệu:");
      for (guint d = 0; d < item->documents->len; d++)
        {
          QmMinutesDocument *document = g_ptr_array_index (item->documents, d);
          g_autofree char *entry = g_strdup_printf ("%s (%" G_GINT64_FORMAT " trang)",
                                                    document->title, document->pages);

          add_list_entry (w, entry);
        }

      add_speeches (w, item->id);
      if (count_votes (w, item->id) > 0)
        add_votes (w, item->id, vote_number);
    }
}

static void
add_other_business (Writer *w,
                    guint  *vote_number)
{
  if (count_votes (w, 0) == 0 && count_loose_speeches (w) == 0)
    return;
  add_section (w, "NỘI DUNG NGOÀI CHƯƠNG TRÌNH");
  add_speeches (w, 0);
  add_votes (w, 0, vote_number);
}

static void
add_hex (Writer     *w,
         const char *hex)
{
  static const Style mono = { .font = FONT_MONO, .left = 2 * LIST_INDENT, .space_before = 1 };
  gsize length = strlen (hex);

  /* Cut into even lines by hand: a wrap point chosen by pango would move
   * with the font. */
  for (gsize at = 0; at < length; at += HEX_PER_LINE)
    {
      g_autofree char *part = g_strndup (hex + at, HEX_PER_LINE);

      add_paragraph (w, &mono, part);
    }
}

static void
add_record (Writer *w)
{
  static const Style justified = { .font = FONT_BODY, .indent = 18, .justify = TRUE,
                                   .space_before = 3, .markup = TRUE };
  const QmMinutes *minutes = w->minutes;
  g_autofree char *generated = format_time (w, minutes->generated_at, TRUE);

  add_section (w, "XÁC THỰC BIÊN BẢN");
  add_markup (w, &justified,
              "Biên bản được lập tự động từ sổ ghi sự kiện của cuộc họp. Mỗi sự kiện (điểm danh, "
              "ủy quyền, phát biểu, biểu quyết) được nối vào một chuỗi băm SHA-256; máy chủ ký "
              "kết quả từng cuộc biểu quyết và mục cuối của chuỗi bằng khóa Ed25519. Có thể kiểm "
              "tra lại bằng lệnh <tt>quorum-server --verify-record %" G_GINT64_FORMAT "</tt>.",
              minutes->meeting_id);
  if (minutes->record_hash == NULL)
    {
      add_markup (w, &body, "<i>Sổ ghi sự kiện của cuộc họp chưa có mục nào.</i>");
    }
  else
    {
      add_markup (w, &body, "<b>Số mục trong sổ:</b> %" G_GINT64_FORMAT ".", minutes->record_entries);
      add_markup (w, &label,
                  "<b>Mã băm cuối (SHA-256):</b>");
      add_hex (w, minutes->record_hash);
      add_markup (w, &label,
                  "<b>Chữ ký của máy chủ (Ed25519):</b>");
      add_hex (w, minutes->record_signature);
    }
  if (minutes->public_key != NULL)
    {
      add_markup (w, &label,
                  "<b>Khóa công khai của máy chủ:</b>");
      add_hex (w, minutes->public_key);
    }
  /* The signatures never stand alone on the last page. */
  add_markup (w, &label, "Biên bản được lập lúc %s.", generated);

  add_piece (w, draw_signatures, signatures (w, 0))->space_before = 22;
}

/* Pagination and drawing -------------------------------------------------- */

static void
place (Writer *w,
       Piece  *piece,
       guint   page,
       double  y)
{
  Placement placement = { piece, page, y };

  g_array_append_val (w->placements, placement);
}

static void
paginate (Writer *w)
{
  guint page = 1;
  double y = FIRST_TOP;
  gboolean fresh = TRUE;

  for (guint i = 0; i < w->pieces->len; i++)
    {
      Piece *piece = g_ptr_array_index (w->pieces, i);
      double needed = piece->h;
      double before = fresh ? 0 : piece->space_before;

      /* What must stay with this piece goes with it (a bounded chain, so a
       * run of glued pieces can never ask for more than a page). */
      for (guint j = i; j + 1 < w->pieces->len && j < i + 8
           && ((Piece *) g_ptr_array_index (w->pieces, j))->keep_next; j++)
        {
          Piece *next = g_ptr_array_index (w->pieces, j + 1);

          needed += next->space_before + next->h;
        }

      if (!fresh && y + before + needed > CONTENT_BOTTOM)
        {
          page++;
          y = CONTENT_TOP;
          before = 0;
          if (piece->repeat != NULL)
            {
              place (w, piece->repeat, page, y);
              y += piece->repeat->h;
            }
        }
      place (w, piece, page, y + before);
      y += before + piece->h;
      fresh = FALSE;
    }
  w->n_pages = page;
}

static void
show_text (Writer      *w,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y)
{
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (w->cr, x, y);
  pango_cairo_show_layout (w->cr, layout);
  cairo_new_path (w->cr);
}

static void
draw_page_frame (Writer *w,
                 guint   page)
{
  g_autofree char *number = g_strdup_printf ("Trang %u/%u", page, w->n_pages);
  g_autofree char *running = g_strdup_printf ("Biên bản: %s", w->minutes->title);
  cairo_t *cr = w->cr;

  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  if (page > 1)
    {
      pango_layout_set_alignment (w->running, PANGO_ALIGN_LEFT);
      show_text (w, w->running, running, MARGIN_LEFT, 40);
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, MARGIN_LEFT, 54);
      cairo_line_to (cr, MARGIN_LEFT + TEXT_WIDTH, 54);
      cairo_stroke (cr);
    }
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN_LEFT, FOOTER_RULE);
  cairo_line_to (cr, MARGIN_LEFT + TEXT_WIDTH, FOOTER_RULE);
  cairo_stroke (cr);
  pango_layout_set_alignment (w->running, PANGO_ALIGN_RIGHT);
  show_text (w, w->running, number, MARGIN_LEFT, FOOTER_RULE + 5);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static void
draw_pages (Writer *w)
{
  guint page = 0;

  for (guint i = 0; i < w->placements->len; i++)
    {
      Placement *placement = &g_array_index (w->placements, Placement, i);
      Piece *piece = placement->piece;

      if (placement->page != page)
        {
          if (page > 0)
            cairo_show_page (w->cr);
          page = placement->page;
          draw_page_frame (w, page);
        }
      piece->draw (w, piece, placement->y);

      if (piece->outline != NULL)
        {
          g_autofree char *link = g_strdup_printf ("page=%u pos=[%d %d]", page, (int) MARGIN_LEFT,
                                                   (int) placement->y);
          int parent = piece->outline_level == 1 ? CAIRO_PDF_OUTLINE_ROOT : w->outline_parent;
          int id = cairo_pdf_surface_add_outline (w->surface, parent, piece->outline, link,
                                                  piece->outline_level == 1
                                                  ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);

          if (piece->outline_level == 1)
            w->outline_parent = id;
        }
    }
  cairo_show_page (w->cr);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
writer_init (Writer          *w,
             const QmMinutes *minutes,
             GByteArray      *out)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  g_autoptr(GDateTime) starts = qm_time_parse_rfc3339 (minutes->starts_at);
  g_autofree char *creator = g_strdup_printf ("Quorum %s", PACKAGE_VERSION);

  w->minutes = minutes;
  w->zone = starts != NULL ? g_time_zone_ref (g_date_time_get_timezone (starts))
                           : g_time_zone_new_utc ();
  w->surface = cairo_pdf_surface_create_for_stream (append_bytes, out, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (w->surface, CAIRO_PDF_METADATA_TITLE, minutes->title);
  cairo_pdf_surface_set_metadata (w->surface, CAIRO_PDF_METADATA_SUBJECT, "Biên bản cuộc họp");
  cairo_pdf_surface_set_metadata (w->surface, CAIRO_PDF_METADATA_CREATOR, creator);
  w->cr = cairo_create (w->surface);

  /* Pango's default font map is per thread: a worker shares no font state
   * with other threads. No hinting: metrics must not depend on a device. */
  w->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (w->context, 72.0);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (w->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (w->context, FALSE);
  pango_context_set_language (w->context, pango_language_from_string ("vi"));
  pango_cairo_update_context (w->cr, w->context);
  for (guint i = 0; i < N_FONTS; i++)
    w->fonts[i] = pango_font_description_from_string (font_names[i]);

  w->running = new_layout (w, FONT_RUNNING, TEXT_WIDTH, PANGO_ALIGN_LEFT);
  pango_layout_set_ellipsize (w->running, PANGO_ELLIPSIZE_END);
  pango_layout_set_wrap (w->running, PANGO_WRAP_WORD);
  pango_layout_set_height (w->running, 0);   /* one line */

  w->pieces = g_ptr_array_new_with_free_func (piece_free);
  w->tables = g_ptr_array_new_with_free_func (g_free);
  w->placements = g_array_new (FALSE, FALSE, sizeof (Placement));
  w->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static void
writer_clear (Writer *w)
{
  g_clear_pointer (&w->placements, g_array_unref);
  g_clear_pointer (&w->pieces, g_ptr_array_unref);
  g_clear_pointer (&w->tables, g_ptr_array_unref);
  g_clear_pointer (&w->cells, g_hash_table_unref);
  g_clear_object (&w->running);
  for (guint i = 0; i < N_FONTS; i++)
    g_clear_pointer (&w->fonts[i], pango_font_description_free);
  g_clear_object (&w->context);
  g_clear_pointer (&w->cr, cairo_destroy);
  g_clear_pointer (&w->surface, cairo_surface_destroy);
  g_clear_pointer (&w->zone, g_time_zone_unref);
}

GBytes *
qm_minutes_render (const QmMinutes  *minutes,
                   guint            *out_pages,
                   GError          **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  Writer w = { 0 };
  cairo_status_t status;
  guint vote_number = 0;

  g_return_val_if_fail (minutes != NULL && minutes->title != NULL, NULL);

  writer_init (&w, minutes, out);
  /* The masthead and signatures are measured without drawing. */
  {
    cairo_t *cr = g_steal_pointer (&w.cr);

    add_title (&w);
    add_attendance (&w);
    add_proxies (&w);
    add_agenda (&w, &vote_number);
    add_other_business (&w, &vote_number);
    add_record (&w);
    w.cr = cr;
  }
  paginate (&w);
  draw_pages (&w);

  status = cairo_status (w.cr);
  cairo_surface_finish (w.surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (w.surface);
  if (out_pages != NULL)
    *out_pages = w.n_pages;
  writer_clear (&w);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, QM_MINUTES_ERROR, QM_MINUTES_ERROR_RENDER, "cannot draw the minutes: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The worker -------------------------------------------------------------- */

static void
render_job (gpointer data,
            gpointer user_data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  GBytes *pdf;

  if (g_task_return_error_if_cancelled (task))
    return;
  pdf = qm_minutes_render (g_task_get_task_data (task), NULL, &error);
  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

/* One page of a record is quick, hundreds are not: renders queue up on a
 * pool of their own (half the cores) instead of crowding GIO's. */
static GThreadPool *
render_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (render_job, NULL,
                                                 MAX (1, (int) g_get_num_processors () / 2),
                                                 FALSE, NULL));
  return pool;
}

void
qm_minutes_render_async (QmMinutes          *minutes,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, qm_minutes_render_async);
  g_task_set_task_data (task, minutes, (GDestroyNotify) qm_minutes_free);
  g_thread_pool_push (render_pool (), task, NULL);
}

GBytes *
qm_minutes_render_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_minutes_render_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Data -------------------------------------------------------------------- */

static void
person_free (gpointer data)
{
  QmMinutesPerson *person = data;

  g_free (person->name);
  g_free (person->proxy_holder);
  g_free (person->first_check_in);
  g_free (person);
}

static void
document_free (gpointer data)
{
  QmMinutesDocument *document = data;

  g_free (document->title);
  g_free (document);
}

static void
item_free (gpointer data)
{
  QmMinutesItem *item = data;

  g_free (item->title);
  g_free (item->description);
  g_ptr_array_unref (item->documents);
  g_free (item);
}

static void
speech_free (gpointer data)
{
  QmMinutesSpeech *speech = data;

  g_free (speech->name);
  g_free (speech->started_at);
  g_free (speech->ended_at);
  g_free (speech);
}

static void
ballot_free (gpointer data)
{
  QmMinutesBallot *ballot = data;

  g_free (ballot->member);
  g_free (ballot->by);
  g_free (ballot);
}

static void
vote_free (gpointer data)
{
  QmMinutesVote *vote = data;

  g_free (vote->question);
  g_free (vote->opened_at);
  g_free (vote->closed_at);
  g_clear_pointer (&vote->ballots, g_ptr_array_unref);
  g_free (vote);
}

static void
proxy_free (gpointer data)
{
  QmMinutesProxy *proxy = data;

  g_free (proxy->at);
  g_free (proxy->member);
  g_free (proxy->holder);
  g_free (proxy);
}

QmMinutes *
qm_minutes_new (void)
{
  QmMinutes *minutes = g_new0 (QmMinutes, 1);

  minutes->people = g_ptr_array_new_with_free_func (person_free);
  minutes->items = g_ptr_array_new_with_free_func (item_free);
  minutes->speeches = g_ptr_array_new_with_free_func (speech_free);
  minutes->votes = g_ptr_array_new_with_free_func (vote_free);
  minutes->proxies = g_ptr_array_new_with_free_func (proxy_free);
  return minutes;
}

QmMinutesItem *
qm_minutes_item_new (void)
{
  QmMinutesItem *item = g_new0 (QmMinutesItem, 1);

  item->documents = g_ptr_array_new_with_free_func (document_free);
  return item;
}

GPtrArray *
qm_minutes_ballots_new (void)
{
  return g_ptr_array_new_with_free_func (ballot_free);
}

void
qm_minutes_free (QmMinutes *minutes)
{
  if (minutes == NULL)
    return;
  g_free (minutes->title);
  g_free (minutes->starts_at);
  g_free (minutes->location);
  g_ptr_array_unref (minutes->people);
  g_ptr_array_unref (minutes->items);
  g_ptr_array_unref (minutes->speeches);
  g_ptr_array_unref (minutes->votes);
  g_ptr_array_unref (minutes->proxies);
  g_free (minutes->record_hash);
  g_free (minutes->record_signature);
  g_free (minutes->public_key);
  g_free (minutes->generated_at);
  g_free (minutes);
}
