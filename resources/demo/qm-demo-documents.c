/* qm-demo-documents.c
 *
 * The demo documents: their structure, the demo meeting's set and PDF output.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-demo"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "qm-demo-documents.h"
#include "qm-demo-layout-private.h"

typedef struct
{
  GOutputStream *out;
  GError        *error;
} Sink;

#define MEETING_TITLE "Họp UBND tỉnh — phiên thường kỳ tháng 12"

static gboolean
is_resolution (const QmDemoWriter *w)
{
  return w->spec->kind == QM_DEMO_DOCUMENT_RESOLUTION;
}

static const char *
roman (guint n)
{
  static const char *const numerals[] = {
    "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
  };

  return n < G_N_ELEMENTS (numerals) ? numerals[n] : "XIV";
}

static char *
utf8_upper_first (const char *text)
{
  char first[8] = { 0 };

  if (*text == '\0')
    return g_strdup ("");
  g_unichar_to_utf8 (g_unichar_toupper (g_utf8_get_char (text)), first);
  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

/* Document identity ------------------------------------------------------- */

static const char *
kind_word (QmDemoDocumentKind kind)
{
  switch (kind)
    {
    case QM_DEMO_DOCUMENT_REPORT:
      return "BÁO CÁO";
    case QM_DEMO_DOCUMENT_PROPOSAL:
      return "TỜ TRÌNH";
    case QM_DEMO_DOCUMENT_RESOLUTION:
      return "NGHỊ QUYẾT";
    case QM_DEMO_DOCUMENT_PLAN:
      return "KẾ HOẠCH";
    case QM_DEMO_DOCUMENT_ANNEX:
      return "PHỤ LỤC";
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* "Báo cáo tình hình …" shows as "BÁO CÁO" over "Tình hình …". */
static char *
title_body (const QmDemoDocumentSpec *spec)
{
  static const char *const prefixes[] = {
    "Dự thảo Nghị quyết ", "Nghị quyết ", "Báo cáo ", "Tờ trình ", "Kế hoạch ", "Phụ lục ",
  };
  g_autofree char *folded = g_utf8_casefold (spec->title, -1);

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *prefix = g_utf8_casefold (prefixes[i], -1);

      if (g_str_has_prefix (folded, prefix) && strlen (folded) > strlen (prefix))
        return utf8_upper_first (
            g_utf8_offset_to_pointer (spec->title, g_utf8_strlen (prefixes[i], -1)));
    }

  return g_strdup (spec->title);
}

static char *
document_number (const QmDemoDocumentSpec *spec)
{
  static const char *const suffixes[] = { "BC-UBND", "TTr-UBND", "NQ-HĐND", "KH-UBND", "BC-UBND" };

  if (spec->number != NULL)
    return g_strdup (spec->number);
  if (spec->kind == QM_DEMO_DOCUMENT_RESOLUTION)
    return g_strdup ("/NQ-HĐND");
  return g_strdup_printf ("%u/%s", 120 + spec->seed % 200, suffixes[spec->kind]);
}

/* A draft leaves the number blank for the clerk: "Số:        /NQ-HĐND". */
static char *
number_line (const QmDemoWriter *w)
{
  if (w->number[0] == '/')
    return g_strdup_printf ("Số:          %s", w->number);
  return g_strdup_printf ("Số: %s", w->number);
}

static guint
document_day (const QmDemoDocumentSpec *spec)
{
  return 1 + spec->seed % 5;
}

/* The signature block: recipients on the left, the signer on the right. */

static const char *const recipients_ubnd[] = {
  "- Thường trực Tỉnh ủy;", "- Thường trực HĐND tỉnh;", "- Chủ tịch, các PCT UBND tỉnh;",
  "- Các sở, ban, ngành tỉnh;", "- UBND các xã, phường;", "- Lưu: VT, TH.", NULL
};

static const char *const recipients_proposal[] = {
  "- Như trên;", "- Thường trực Tỉnh ủy;", "- Các Ban HĐND tỉnh;", "- Đại biểu HĐND tỉnh;",
  "- Chủ tịch, các PCT UBND tỉnh;", "- Lưu: VT, KT.", NULL
};

static const char *const recipients_resolution[] = {
  "- Ủy ban Thường vụ Quốc hội;", "- Chính phủ;", "- Bộ Tài chính;", "- Thường trực Tỉnh ủy;",
  "- Thường trực HĐND, UBND tỉnh;", "- Đại biểu HĐND tỉnh;", "- Lưu: VT.", NULL
};

static void
signature_parts (const QmDemoWriter *w,
                 const char *const **recipients,
                 const char        **signer,
                 const char        **name)
{
  switch (w->spec->kind)
    {
    case QM_DEMO_DOCUMENT_RESOLUTION:
      *recipients = recipients_resolution;
      *signer = "CHỦ TỊCH";
      *name = "Lê Thị Thu Hà";
      break;
    case QM_DEMO_DOCUMENT_PROPOSAL:
      *recipients = recipients_proposal;
      *signer = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH";
      *name = "Nguyễn Hoàng Long";
      break;
    default:
      *recipients = recipients_ubnd;
      *signer = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH";
      *name = "Trần Minh Quang";
      break;
    }
}

static double
draw_signature (QmDemoWriter *w,
                double        y,
                gboolean      draw)
{
  const char *const *recipients;
  const char *signer, *name;
  double left_w = 190, right_x = MARGIN_LEFT + TEXT_WIDTH - 230, right_w = 230;
  double ly = y, ry = y, h;

  signature_parts (w, &recipients, &signer, &name);

  h = _qm_demo_measure_text (w, "Nơi nhận:", w->fonts[QM_DEMO_FONT_SIGN_SMALL_BOLD_ITALIC], left_w,
                             NULL);
  if (draw)
    _qm_demo_show_text (w, "Nơi nhận:", w->fonts[QM_DEMO_FONT_SIGN_SMALL_BOLD_ITALIC], MARGIN_LEFT,
                        ly, left_w, PANGO_ALIGN_LEFT);
  ly += h;
  for (guint i = 0; recipients[i] != NULL; i++)
    {
      h = _qm_demo_measure_text (w, recipients[i], w->fonts[QM_DEMO_FONT_SIGN_SMALL], left_w, NULL);
      if (draw)
        _qm_demo_show_text (w, recipients[i], w->fonts[QM_DEMO_FONT_SIGN_SMALL], MARGIN_LEFT, ly,
                            left_w, PANGO_ALIGN_LEFT);
      ly += h;
    }

  h = _qm_demo_measure_text (w, signer, w->fonts[QM_DEMO_FONT_SIGN_BOLD], right_w, NULL);
  if (draw)
    _qm_demo_show_text (w, signer, w->fonts[QM_DEMO_FONT_SIGN_BOLD], right_x, ry, right_w,
                        PANGO_ALIGN_CENTER);
  ry += h + 16;
  if (!is_resolution (w))
    {
      if (draw)
        {
          cairo_set_source_rgb (w->cr, 0.45, 0.45, 0.45);
          _qm_demo_show_text (w, "(Đã ký)", w->fonts[QM_DEMO_FONT_BODY_ITALIC], right_x, ry,
                              right_w, PANGO_ALIGN_CENTER);
          cairo_set_source_rgb (w->cr, 0, 0, 0);
        }
    }
  ry += 40;
  h = _qm_demo_measure_text (w, name, w->fonts[QM_DEMO_FONT_SIGN_BOLD], right_w, NULL);
  if (draw)
    _qm_demo_show_text (w, name, w->fonts[QM_DEMO_FONT_SIGN_BOLD], right_x, ry, right_w,
                        PANGO_ALIGN_CENTER);
  ry += h;

  return MAX (ly, ry) - y;
}

static QmDemoBlock *
signature_block_new (QmDemoWriter *w)
{
  QmDemoBlock *b = _qm_demo_custom_block_new (w, draw_signature);

  b->space_before = 14;
  return b;
}

/* Fills what is left of the document with ever shorter paragraphs. */
static void
fill_tail (QmDemoWriter *w,
           QmDemoPool    pool)
{
  guint n = 3;

  while (n > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(QmDemoBlock) b = NULL;

      _qm_demo_append_paragraph (text, pool, 0, 0, n, &w->rng);
      b = _qm_demo_paragraph_block_new (w, text->str);
      if (!_qm_demo_try_place (w, b))
        n--;
    }
  w->full = TRUE;
}

/* Title page -------------------------------------------------------------- */

static double
show_centered (QmDemoWriter *w,
               const char   *text,
               const char   *font_name,
               double        cx,
               double        y,
               double        width)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (font_name);

  return _qm_demo_show_text (w, text, font, cx - width / 2, y, width, PANGO_ALIGN_CENTER);
}

static double
text_width (QmDemoWriter *w,
            const char   *text,
            const char   *font_name)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (font_name);
  double tw;

  _qm_demo_measure_text (w, text, font, -1, &tw);
  return tw;
}

static void
draw_title_page (QmDemoWriter *w)
{
  const QmDemoDocumentSpec *spec = w->spec;
  cairo_t *cr = w->cr;
  double left_cx = MARGIN_LEFT + 70, right_cx = MARGIN_LEFT + TEXT_WIDTH - 150;
  double ly = 52, ry = 52, y, tw, box_top, box_y;
  g_autofree char *number = number_line (w);
  g_autofree char *date = NULL;
  g_autofree char *body = title_body (spec);
  g_autofree char *pages = g_strdup_printf ("%u trang", spec->n_pages);
  const char *issuer = is_resolution (w) ? "HỘI ĐỒNG NHÂN DÂN" : "ỦY BAN NHÂN DÂN";

  if (is_resolution (w))
    date = g_strdup_printf ("%s, ngày       tháng 12 năm 2026", QM_DEMO_PROVINCE);
  else
    date = g_strdup_printf ("%s, ngày %02u tháng 12 năm 2026", QM_DEMO_PROVINCE,
                            document_day (spec));

  /* Issuing body, left. */
  ly += show_centered (w, issuer, "Noto Serif Bold 11.5", left_cx, ly, 200);
  ly += show_centered (w, "TỈNH " QM_DEMO_PROVINCE_UPPER, "Noto Serif Bold 11.5", left_cx, ly, 200);
  _qm_demo_hline (cr, left_cx - 30, left_cx + 30, ly + 3, 0.7);
  ly += 12;
  show_centered (w, number, "Noto Serif 12", left_cx, ly, 200);

  /* National motto, right. */
  ry += show_centered (w, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Noto Serif Bold 10.5", right_cx,
                       ry, 320);
  ry += show_centered (w, "Độc lập - Tự do - Hạnh phúc", "Noto Serif Bold 12", right_cx, ry, 320);
  tw = text_width (w, "Độc lập - Tự do - Hạnh phúc", "Noto Serif Bold 12");
  _qm_demo_hline (cr, right_cx - tw / 2, right_cx + tw / 2, ry + 3, 0.7);
  ry += 12;
  show_centered (w, date, "Noto Serif Italic 12", right_cx, ry, 320);

  if (is_resolution (w))
    {
      cairo_set_line_width (cr, 0.9);
      cairo_rectangle (cr, MARGIN_LEFT + TEXT_WIDTH - 72, 18, 72, 20);
      cairo_stroke (cr);
      show_centered (w, "DỰ THẢO", "Noto Serif Bold 11", MARGIN_LEFT + TEXT_WIDTH - 36, 20, 72);
    }

  /* Kind and title. */
  y = 215;
  y += show_centered (w, kind_word (spec->kind), "Noto Serif Bold 17", PAGE_WIDTH / 2 + 14, y,
                      TEXT_WIDTH)
       + 6;
  y += show_centered (w, body, "Noto Serif Bold 14", PAGE_WIDTH / 2 + 14, y, 400) + 6;
  if (spec->subtitle != NULL)
    y += show_centered (w, spec->subtitle, "Noto Serif Italic 12", PAGE_WIDTH / 2 + 14, y, 400) + 4;
  _qm_demo_hline (cr, PAGE_WIDTH / 2 + 14 - 40, PAGE_WIDTH / 2 + 14 + 40, y + 6, 0.7);
  y += 18;
  if (spec->kind == QM_DEMO_DOCUMENT_PROPOSAL)
    y += show_centered (w, "Kính gửi: Hội đồng nhân dân tỉnh " QM_DEMO_PROVINCE ".",
                        "Noto Serif 12.5", PAGE_WIDTH / 2 + 14, y + 6, 400)
         + 10;

  /* The meeting dossier box. */
  box_top = MAX (y + 40, 390);
  box_y = box_top + 14;
  cairo_set_source_rgb (cr, 0.42, 0.47, 0.56);
  box_y += show_centered (w, spec->agenda_item != NULL ? "TÀI LIỆU PHIÊN HỌP" : "TÀI LIỆU",
                          "Noto Sans Bold 8.5", PAGE_WIDTH / 2 + 14, box_y, TEXT_WIDTH - 28) + 4;
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (spec->agenda_item != NULL)
    {
      g_autofree char *item
          = g_strdup_printf ("Nội dung %u: %s", spec->agenda_index, spec->agenda_item);

      box_y += show_centered (w, MEETING_TITLE, "Noto Serif Bold 12", PAGE_WIDTH / 2 + 14, box_y,
                              TEXT_WIDTH - 28)
               + 2;
      box_y += show_centered (w, item, "Noto Serif 11", PAGE_WIDTH / 2 + 14, box_y, TEXT_WIDTH - 28)
               + 6;
    }
  box_y += show_centered (w, spec->title, "Noto Serif Italic 11", PAGE_WIDTH / 2 + 14, box_y,
                          TEXT_WIDTH - 28)
           + 2;
  cairo_set_source_rgb (cr, 0.42, 0.47, 0.56);
  box_y
      += show_centered (w, pages, "Noto Sans 8", PAGE_WIDTH / 2 + 14, box_y, TEXT_WIDTH - 28) + 12;
  cairo_set_source_rgb (cr, 0.42, 0.47, 0.56);
  cairo_set_line_width (cr, 0.8);
  cairo_rectangle (cr, MARGIN_LEFT, box_top, TEXT_WIDTH, box_y - box_top);
  cairo_stroke (cr);
  cairo_rectangle (cr, MARGIN_LEFT + 3, box_top + 3, TEXT_WIDTH - 6, box_y - box_top - 6);
  cairo_set_line_width (cr, 0.4);
  cairo_stroke (cr);

  /* Table of contents, without page numbers: the outline has those. */
  y = box_y + 26;
  cairo_set_source_rgb (cr, 0.42, 0.47, 0.56);
  y += show_centered (w, "NỘI DUNG CHÍNH", "Noto Sans Bold 8.5", PAGE_WIDTH / 2 + 14, y, TEXT_WIDTH)
       + 6;
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint s = 0; w->tpl->sections[s].heading != NULL && y < 770; s++)
    {
      g_autofree char *line
          = is_resolution (w)
                ? g_strdup_printf ("Điều %u. %s", s + 1, w->tpl->sections[s].heading)
                : g_strdup_printf ("%s. %s", roman (s + 1), w->tpl->sections[s].heading);
      g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Noto Serif 10.5");

      y += _qm_demo_show_text (w, line, font, MARGIN_LEFT + 60, y, TEXT_WIDTH - 120,
                               PANGO_ALIGN_LEFT)
           + 1;
    }

  cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
  show_centered (w,
                 "Tài liệu minh họa do hệ thống Quorum tạo cho chế độ trình diễn; "
                 "địa danh, nhân vật và số liệu đều là giả định.",
                 "Noto Sans 7", PAGE_WIDTH / 2, 806, TEXT_WIDTH + 40);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

/* Body -------------------------------------------------------------------- */

typedef enum
{
  ITEM_PARAGRAPH,
  ITEM_LIST,
  ITEM_TABLE,
  ITEM_CHART,
  ITEM_SUBHEADING,
} Item;

typedef struct
{
  const QmDemoSection *section;
  guint                index;
  gboolean             opening; /* a section with figures opens with a table and a chart */
  int                  figure;  /* template of the table or chart being placed */
  guint                step;
  guint                content;
  guint                next_sub;
  guint                since_sub;
  Item                 last;
} SectionState;

static Item
next_item (QmDemoWriter *w,
           SectionState *st)
{
  static const Item opening[] = { ITEM_PARAGRAPH, ITEM_TABLE, ITEM_PARAGRAPH, ITEM_CHART };
  const QmDemoSection *sec = st->section;
  guint32 tables_used = w->tables_used[sec->pool];
  guint32 charts_used = w->charts_used[sec->pool];
  gboolean has_sub = st->next_sub < QM_DEMO_MAX_SUBHEADINGS && sec->subheadings[st->next_sub];
  /* Each table and chart appears once: a repeated caption gives it away. */
  gboolean tables = _qm_demo_section_pick_figure (w->tpl, st->index, TRUE, tables_used) >= 0;
  gboolean charts = _qm_demo_section_pick_figure (w->tpl, st->index, FALSE, charts_used) >= 0;
  double r = _qm_demo_rng_double (&w->rng);
  /* Short documents get short subsections, so every subheading fits. */
  guint gap = w->n_pages < 10 ? 1 + _qm_demo_rng_range (&w->rng, 2)
                              : 2 + _qm_demo_rng_range (&w->rng, 3);
  Item item;

  if (st->step == 0 && has_sub)
    item = ITEM_SUBHEADING;
  else if (st->opening && st->content < G_N_ELEMENTS (opening))
    item = opening[st->content];
  else if (has_sub && st->since_sub >= gap)
    item = ITEM_SUBHEADING;
  else if (!tables && !charts)
    item = r < 0.55 ? ITEM_LIST : ITEM_PARAGRAPH;
  else if (st->since_sub == 0 || st->last == ITEM_TABLE || st->last == ITEM_CHART)
    item = ITEM_PARAGRAPH;
  else
    item = r < 0.48 ? ITEM_PARAGRAPH : r < 0.62 ? ITEM_LIST : r < 0.82 ? ITEM_TABLE : ITEM_CHART;

  if ((item == ITEM_TABLE && !tables) || (item == ITEM_CHART && !charts))
    item = ITEM_PARAGRAPH;

  st->step++;
  return item;
}

static guint
count_subheadings (const QmDemoSection *sec)
{
  guint n = 0;

  while (n < QM_DEMO_MAX_SUBHEADINGS && sec->subheadings[n] != NULL)
    n++;
  return n;
}

static QmDemoBlock *
item_block_new (QmDemoWriter *w,
                SectionState *st,
                Item          item)
{
  const QmDemoSection *sec = st->section;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *label = NULL;
  /* Right after a subheading, prose keeps to its part of the pool. */
  guint n_parts = st->next_sub > 0 && st->since_sub < 2 ? count_subheadings (sec) : 0;
  guint part = st->next_sub > 0 ? st->next_sub - 1 : 0;

  switch (item)
    {
    case ITEM_PARAGRAPH:
      _qm_demo_append_paragraph (text, sec->pool, part, n_parts,
                                 2 + _qm_demo_rng_range (&w->rng, 4), &w->rng);
      return _qm_demo_paragraph_block_new (w, text->str);

    case ITEM_LIST:
      _qm_demo_append_list (text, sec->pool, part, n_parts, 2 + _qm_demo_rng_range (&w->rng, 3),
                            &w->rng);
      return _qm_demo_paragraph_block_new (w, text->str);

    case ITEM_SUBHEADING:
      label = g_strdup_printf ("%u. %s", st->next_sub + 1, sec->subheadings[st->next_sub]);
      return _qm_demo_heading_block_new (w, label, 2);

    case ITEM_TABLE:
      st->figure
          = _qm_demo_section_pick_figure (w->tpl, st->index, TRUE, w->tables_used[sec->pool]);
      g_assert (st->figure >= 0);
      label = g_strdup_printf ("Bảng %u", w->n_tables + 1);
      return _qm_demo_table_block_new (w, _qm_demo_table_new (sec->pool, st->figure, w->seed),
                                       label);

    case ITEM_CHART:
      st->figure
          = _qm_demo_section_pick_figure (w->tpl, st->index, FALSE, w->charts_used[sec->pool]);
      g_assert (st->figure >= 0);
      label = g_strdup_printf ("Biểu đồ %u", w->n_charts + 1);
      return _qm_demo_chart_block_new (w, _qm_demo_chart_new (sec->pool, st->figure, w->seed),
                                       label);

    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
item_placed (QmDemoWriter *w,
             SectionState *st,
             Item          item)
{
  QmDemoPool pool = st->section->pool;

  if (item == ITEM_SUBHEADING)
    {
      st->next_sub++;
      st->since_sub = 0;
      return;
    }

  if (item == ITEM_TABLE)
    {
      w->n_tables++;
      w->tables_used[pool] |= 1u << st->figure;
    }
  else if (item == ITEM_CHART)
    {
      w->n_charts++;
      w->charts_used[pool] |= 1u << st->figure;
    }
  st->content++;
  st->since_sub++;
  st->last = item;
}

static char *
section_heading (const QmDemoWriter *w,
                 guint               number,
                 const char         *heading)
{
  g_autofree char *upper = NULL;

  if (is_resolution (w))
    return g_strdup_printf ("Điều %u. %s", number, heading);
  upper = g_utf8_strup (heading, -1);
  return g_strdup_printf ("%s. %s", roman (number), upper);
}

/* Body pages are shared out by section weight; a section stops at the page
 * where the next one is due, the last one runs to the final page. */
static void
compute_section_starts (const QmDemoWriter *w,
                        guint               n_sections,
                        guint              *starts)
{
  guint total = 0, sum = 0;

  for (guint s = 0; s < n_sections; s++)
    total += w->tpl->sections[s].weight;
  for (guint s = 0; s <= n_sections; s++)
    {
      starts[s] = 2 + (total > 0 ? (guint) ((guint64) (w->n_pages - 1) * sum / total) : 0);
      if (s < n_sections)
        sum += w->tpl->sections[s].weight;
    }
}

/* A section ends once it has its essentials and either its next section is
 * due (next_start) or only stop_space points are left; the last section
 * (last) runs to the final page. */
static void
draw_pool_section (QmDemoWriter *w,
                   guint         index,
                   gboolean      opening,
                   guint         next_start,
                   double        stop_space,
                   gboolean      last)
{
  const QmDemoSection *sec = &w->tpl->sections[index];
  SectionState st = { sec, index, opening, -1, 0, 0, 0, 0, ITEM_PARAGRAPH };
  g_autofree char *heading = section_heading (w, index + 1, sec->heading);
  g_autoptr(QmDemoBlock) hb = _qm_demo_heading_block_new (w, heading, 1);
  guint n_subs = count_subheadings (sec);

  if (!_qm_demo_try_place (w, hb))
    {
      fill_tail (w, sec->pool);
      return;
    }

  for (;;)
    {
      g_autoptr(QmDemoBlock) b = NULL;
      Item item;

      if (!last && st.next_sub == n_subs && st.since_sub >= 1 && st.content >= (opening ? 4u : 2u)
          && w->page >= next_start && _qm_demo_remaining_space (w) <= stop_space)
        return;

      item = next_item (w, &st);
      b = item_block_new (w, &st, item);

      /* A figure that would leave a large gap at the foot of the page lets
       * a few paragraphs go first. */
      for (guint k = 0;
           k < 3 && (item == ITEM_TABLE || item == ITEM_CHART) && !_qm_demo_starts_here (w, b)
           && _qm_demo_page_limit (w, w->page) - w->y > 110;
           k++)
        {
          g_autoptr(QmDemoBlock) filler = item_block_new (w, &st, ITEM_PARAGRAPH);

          if (!_qm_demo_try_place (w, filler))
            break;
          item_placed (w, &st, ITEM_PARAGRAPH);
        }

      if (!_qm_demo_try_place (w, b))
        {
          fill_tail (w, sec->pool);
          return;
        }
      item_placed (w, &st, item);
    }
}

static void
draw_annex_chapter (QmDemoWriter        *w,
                    const QmDemoSection *sec,
                    guint                chapter,
                    guint                next_start,
                    gboolean             last)
{
  g_autofree char *heading = section_heading (w, chapter + 1, sec->heading);
  g_autoptr(QmDemoBlock) hb = _qm_demo_heading_block_new (w, heading, 1);
  guint n_tables = 0, n_charts = 0, placed = 0;

  hb->break_before = chapter > 0;
  if (!_qm_demo_try_place (w, hb))
    {
      fill_tail (w, QM_DEMO_POOL_ANNEX);
      return;
    }

  for (guint k = 0;; k++)
    {
      guint indicator, variant;
      QmDemoAnnexItemKind kind;
      g_autoptr(QmDemoBlock) b = NULL;
      g_autoptr(QmDemoBlock) second = NULL;
      g_autofree char *label = NULL;

      if (!last && placed > 0 && w->page >= next_start)
        return;

      kind = _qm_demo_annex_item (chapter, k, &indicator, &variant);
      switch (kind)
        {
        case QM_DEMO_ANNEX_SUMMARY:
        case QM_DEMO_ANNEX_TABLE:
          label = g_strdup_printf ("Biểu %u.%02u", chapter + 1, n_tables + 1);
          b = _qm_demo_table_block_new (w, kind == QM_DEMO_ANNEX_SUMMARY
                                  ? _qm_demo_annex_summary_new (chapter, w->seed)
                                  : _qm_demo_annex_table_new (chapter, indicator, variant, w->seed),
                               label);
          b->break_before = kind == QM_DEMO_ANNEX_TABLE;
          b->outline = g_strdup (b->caption);
          b->outline_level = 2;
          break;

        case QM_DEMO_ANNEX_CHARTS:
          label = g_strdup_printf ("Biểu đồ %u.%u", chapter + 1, n_charts + 1);
          b = _qm_demo_chart_block_new (w, _qm_demo_annex_chart_new (chapter, indicator, w->seed),
                                        label);
          b->break_before = k > 1;
          g_free (label);
          label = g_strdup_printf ("Biểu đồ %u.%u", chapter + 1, n_charts + 2);
          second = _qm_demo_chart_block_new (
              w,
              _qm_demo_annex_chart_new (
                  chapter, (indicator + 1) % _qm_demo_annex_n_indicators (chapter), w->seed),
              label);
          break;

        default:
          g_assert_not_reached ();
        }

      if (!_qm_demo_try_place (w, b))
        {
          fill_tail (w, QM_DEMO_POOL_ANNEX);
          return;
        }
      placed++;
      if (kind == QM_DEMO_ANNEX_CHARTS)
        {
          n_charts++;
          if (!_qm_demo_try_place (w, second))
            {
              fill_tail (w, QM_DEMO_POOL_ANNEX);
              return;
            }
          n_charts++;
        }
      else
        {
          n_tables++;
        }
    }
}

static void
place_text (QmDemoWriter  *w,
            const char    *text,
            QmDemoFont     font,
            PangoAlignment align,
            gboolean       justify,
            double         indent,
            double         space_after)
{
  g_autoptr(QmDemoBlock) b = _qm_demo_text_block_new (w, text, font, align, justify, indent, 0);

  b->space_after = space_after;
  _qm_demo_try_place (w, b);
}

/* What comes before section I: the council's header, the legal bases, the
 * lead-in. */
static void
draw_opening (QmDemoWriter *w)
{
  const QmDemoTemplate *tpl = w->tpl;

  if (is_resolution (w))
    place_text (w, "HỘI ĐỒNG NHÂN DÂN TỈNH " QM_DEMO_PROVINCE_UPPER "\nKHÓA XI, KỲ HỌP THỨ TƯ",
                QM_DEMO_FONT_BODY_BOLD, PANGO_ALIGN_CENTER, FALSE, 0, 12);

  if (tpl->preamble[0] != NULL)
    {
      g_autofree char *preamble = g_strjoinv ("\n", (char **) tpl->preamble);

      place_text (w, preamble, QM_DEMO_FONT_BODY_ITALIC, PANGO_ALIGN_LEFT, TRUE, INDENT, 8);
    }

  if (is_resolution (w))
    place_text (w, "QUYẾT NGHỊ:", QM_DEMO_FONT_BODY_BOLD, PANGO_ALIGN_CENTER, FALSE, 0, 8);

  if (tpl->intro != NULL)
    {
      g_autoptr(GString) intro = g_string_new (NULL);

      _qm_demo_append_text (intro, tpl->intro, &w->rng);
      place_text (w, intro->str, QM_DEMO_FONT_BODY, PANGO_ALIGN_LEFT, TRUE, INDENT, 6);
    }
}

static char *
closing_text (const QmDemoWriter *w)
{
  g_autofree char *title = _qm_demo_lower_first (w->spec->title);

  switch (w->spec->kind)
    {
    case QM_DEMO_DOCUMENT_REPORT:
      return g_strdup_printf ("Trên đây là %s của Ủy ban nhân dân tỉnh %s./.", title,
                              QM_DEMO_PROVINCE);
    case QM_DEMO_DOCUMENT_PROPOSAL:
      return g_strdup_printf ("Trên đây là %s, Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân "
                              "tỉnh xem xét, quyết định./.",
                              title);
    case QM_DEMO_DOCUMENT_PLAN:
      return g_strdup_printf (
          "Trên đây là %s. Yêu cầu các sở, ban, ngành và Ủy ban nhân dân các xã, phường nghiêm túc "
          "triển khai thực hiện; trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời "
          "báo "
          "cáo Ủy ban nhân dân tỉnh (qua Sở Tài chính) để xem xét, giải quyết./.",
          title);
    case QM_DEMO_DOCUMENT_RESOLUTION:
      return g_strdup (
          "Nghị quyết này đã được Hội đồng nhân dân tỉnh " QM_DEMO_PROVINCE
          " khóa XI, kỳ họp thứ tư "
          "thông qua ngày       tháng 12 năm 2026 và có hiệu lực từ ngày thông qua./.");
    case QM_DEMO_DOCUMENT_ANNEX:
      return g_strdup ("Ghi chú: Số liệu năm 2026 là số liệu sơ bộ; tổng số có thể không khớp với "
                       "tổng các thành phần "
                       "do làm tròn số. Nguồn: Thống kê tỉnh " QM_DEMO_PROVINCE
                       "; các sở, ngành và Ủy ban nhân dân "
                       "các xã, phường.");
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
draw_document (QmDemoWriter *w)
{
  g_autofree char *closing = closing_text (w);
  g_autoptr(QmDemoBlock) closing_block = NULL;
  g_autoptr(QmDemoBlock) signature = NULL;
  guint starts[QM_DEMO_MAX_SECTIONS + 1];
  guint n_sections = 0, absorber;
  double trailing = 0;

  while (n_sections < QM_DEMO_MAX_SECTIONS && w->tpl->sections[n_sections].heading != NULL)
    n_sections++;

  if (w->spec->kind == QM_DEMO_DOCUMENT_ANNEX)
    closing_block = _qm_demo_text_block_new (w, closing, QM_DEMO_FONT_BODY_ITALIC, PANGO_ALIGN_LEFT,
                                             TRUE, 0, 0);
  else
    closing_block = _qm_demo_paragraph_block_new (w, closing);
  closing_block->space_before = 6;
  for (guint i = 0; i < closing_block->n_units; i++)
    closing_block->units[i].glue = i > 0;
  if (w->spec->kind != QM_DEMO_DOCUMENT_ANNEX)
    signature = signature_block_new (w);

  /* Room for the closing on the last page, including the space after the
   * block before it; the body never writes into it. */
  w->reserve = 12 + closing_block->space_before + closing_block->space_after;
  for (guint i = 0; i < closing_block->n_units; i++)
    w->reserve += closing_block->units[i].h;
  if (signature != NULL)
    w->reserve += signature->space_before + signature->units[0].h;
  /* Half a page still lets every block reach the last page; a closing that
   * needs more (a custom title of hundreds of words) is left out. */
  w->reserve = MIN (w->reserve, (CONTENT_BOTTOM - CONTENT_TOP) / 2);

  draw_title_page (w);
  _qm_demo_next_page (w);
  draw_opening (w);

  compute_section_starts (w, n_sections, starts);

  /* Sections of weight 0 after the last weighted one only say what they
   * must; the weighted one stops early enough to leave them room (a rough
   * estimate: the very last section takes up the slack). */
  absorber = n_sections - 1;
  while (absorber > 0 && w->tpl->sections[absorber].weight == 0)
    absorber--;
  for (guint s = absorber + 1; s < n_sections; s++)
    {
      guint n_subs = count_subheadings (&w->tpl->sections[s]);

      /* A paragraph or a list averages eight lines of body text; a short
       * document has one or two per subheading. */
      trailing += 60 + 26 * n_subs + 140 * MAX (2u, (w->n_pages < 10 ? 2 : 3) * n_subs);
    }

  for (guint s = 0; s < n_sections && !w->full; s++)
    {
      const QmDemoSection *sec = &w->tpl->sections[s];
      gboolean last = s + 1 == n_sections;

      if (sec->pool == QM_DEMO_POOL_ANNEX)
        {
          draw_annex_chapter (w, sec, s, starts[s + 1], last);
        }
      else
        {
          gboolean opening
              = _qm_demo_section_pick_figure (w->tpl, s, TRUE, w->tables_used[sec->pool]) >= 0;

          if (s < absorber)
            draw_pool_section (w, s, opening, starts[s + 1], G_MAXDOUBLE, FALSE);
          else if (s == absorber)
            draw_pool_section (w, s, opening, 0, trailing, last);
          else
            draw_pool_section (w, s, opening, 0, G_MAXDOUBLE, last);
        }
    }

  /* The reserve was kept for exactly this. */
  g_assert (w->page == w->n_pages);
  w->reserve = 0;
  w->full = FALSE;
  _qm_demo_try_place (w, closing_block);
  if (signature != NULL)
    _qm_demo_try_place (w, signature);
}

/* Output ------------------------------------------------------------------ */

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->out, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static void
document_init (QmDemoWriter             *w,
               const QmDemoDocumentSpec *spec,
               cairo_surface_t          *surface)
{
  _qm_demo_writer_init (w, surface, spec->n_pages, spec->title);
  w->spec = spec;
  w->tpl = _qm_demo_template_lookup (spec->kind, spec->topic);
  w->seed = spec->seed;
  w->number = document_number (spec);
  w->header_left = g_strdup (is_resolution (w) ? "HĐND TỈNH " QM_DEMO_PROVINCE_UPPER
                                                : "UBND TỈNH " QM_DEMO_PROVINCE_UPPER);
  w->footer_left = number_line (w);
  /* The annex has two hundred entries; its chapters start folded. */
  w->outline_open = spec->kind != QM_DEMO_DOCUMENT_ANNEX;
  _qm_demo_rng_init (&w->rng, spec->seed, spec->kind * 16 + spec->topic);
}

static void
document_clear (QmDemoWriter *w)
{
  _qm_demo_writer_clear (w);
  g_clear_pointer (&w->number, g_free);
}

static void
set_metadata (cairo_surface_t          *surface,
              const QmDemoDocumentSpec *spec)
{
  g_autofree char *date = g_strdup_printf ("2026-12-%02uT08:00:00+07:00", document_day (spec));
  g_autofree char *keywords = g_strdup_printf (
      "%s; %s", MEETING_TITLE, spec->agenda_item != NULL ? spec->agenda_item : "demo");

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, spec->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR,
                                  spec->kind == QM_DEMO_DOCUMENT_RESOLUTION
                                  ? "Hội đồng nhân dân tỉnh " QM_DEMO_PROVINCE
                                  : "Ủy ban nhân dân tỉnh " QM_DEMO_PROVINCE);
  if (spec->subtitle != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, spec->subtitle);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, keywords);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "Quorum " PACKAGE_VERSION " (demo)");
  /* Fixed dates keep the output byte-identical for a given spec. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static gboolean
render (const QmDemoDocumentSpec *spec,
        Sink                     *sink)
{
  cairo_surface_t *surface;
  QmDemoWriter w = { 0 };
  cairo_status_t status;

  surface = cairo_pdf_surface_create_for_stream (sink_write, sink, PAGE_WIDTH, PAGE_HEIGHT);
  set_metadata (surface, spec);

  document_init (&w, spec, surface);
  draw_document (&w);
  document_clear (&w);

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink->error != NULL)
    return FALSE;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (&sink->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not draw the document: %s", cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * qm_demo_document_write:
 * @path: where to write the PDF; an existing file is replaced atomically
 * @spec: what to write
 * @error: return location for a #GError
 *
 * Writes a deterministic demo document: the same spec gives the same bytes.
 * Blocking (about a second for 200 pages); call it from a worker thread.
 *
 * Returns: %TRUE on success
 */
gboolean
qm_demo_document_write (const char               *path,
                        const QmDemoDocumentSpec *spec,
                        GError                  **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) file_out = NULL;
  g_autoptr(GOutputStream) out = NULL;
  Sink sink = { NULL, NULL };
  gboolean existed;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (spec->title != NULL && g_utf8_validate (spec->title, -1, NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (spec->n_pages < QM_DEMO_DOCUMENT_MIN_PAGES || spec->n_pages > QM_DEMO_DOCUMENT_MAX_PAGES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "A demo document has %u to %u pages, not %u",
                   QM_DEMO_DOCUMENT_MIN_PAGES, QM_DEMO_DOCUMENT_MAX_PAGES, spec->n_pages);
      return FALSE;
    }

  file = g_file_new_for_path (path);
  existed = g_file_query_exists (file, NULL);
  file_out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (file_out == NULL)
    return FALSE;

  out = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (file_out), 64 * 1024);
  sink.out = out;

  if (!render (spec, &sink) ||
      !g_output_stream_flush (out, NULL, &sink.error) ||
      !g_output_stream_close (out, NULL, &sink.error))
    {
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      /* A cancelled close drops the temporary file and keeps the old one. */
      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (file_out), cancel, NULL);
      if (!existed)
        g_file_delete (file, NULL, NULL);
      g_propagate_error (error, sink.error);
      return FALSE;
    }

  return TRUE;
}

/* The demo meeting -------------------------------------------------------- */

#define AGENDA_1 "Tình hình kinh tế – xã hội năm 2026 và kế hoạch năm 2027"
#define AGENDA_2 "Dự toán ngân sách nhà nước năm 2027"
#define AGENDA_3 "Kế hoạch đầu tư công trung hạn giai đoạn 2026 – 2030"
#define AGENDA_4 "Cải cách hành chính và chuyển đổi số"
#define AGENDA_5 "An sinh xã hội và chăm lo Tết Nguyên đán Đinh Mùi năm 2027"

static const QmDemoDocumentSpec meeting_documents[] = {
  { "Báo cáo tình hình kinh tế – xã hội năm 2026",
    "Đánh giá kết quả thực hiện năm 2026; mục tiêu, nhiệm vụ năm 2027",
    24, 20261201, QM_DEMO_DOCUMENT_REPORT, QM_DEMO_TOPIC_ECONOMY, "312/BC-UBND",
    AGENDA_1, 1, "1-1-bao-cao-kinh-te-xa-hoi-2026" },
  { "Phụ lục số liệu thống kê kinh tế – xã hội năm 2026",
    "Kèm theo Báo cáo số 312/BC-UBND ngày 01 tháng 12 năm 2026 của Ủy ban nhân dân tỉnh",
    216, 20261202, QM_DEMO_DOCUMENT_ANNEX, QM_DEMO_TOPIC_ECONOMY, "312/BC-UBND",
    AGENDA_1, 1, "1-2-phu-luc-so-lieu-thong-ke-2026" },
  { "Dự thảo Nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2027",
    "Trình Hội đồng nhân dân tỉnh tại kỳ họp thường lệ cuối năm 2026",
    7, 20261203, QM_DEMO_DOCUMENT_RESOLUTION, QM_DEMO_TOPIC_ECONOMY, "/NQ-HĐND",
    AGENDA_1, 1, "1-3-du-thao-nghi-quyet-ke-hoach-2027" },
  { "Tờ trình dự toán ngân sách tỉnh năm 2027",
    "Dự toán thu, chi ngân sách địa phương và phương án phân bổ ngân sách cấp tỉnh",
    12, 20261204, QM_DEMO_DOCUMENT_PROPOSAL, QM_DEMO_TOPIC_BUDGET, "298/TTr-UBND",
    AGENDA_2, 2, "2-1-to-trinh-du-toan-ngan-sach-2027" },
  { "Báo cáo tình hình thực hiện dự toán ngân sách nhà nước năm 2026",
    "Ước thực hiện đến ngày 31 tháng 12 năm 2026",
    10, 20261205, QM_DEMO_DOCUMENT_REPORT, QM_DEMO_TOPIC_BUDGET, "301/BC-UBND",
    AGENDA_2, 2, "2-2-bao-cao-thuc-hien-du-toan-2026" },
  { "Tờ trình về kế hoạch đầu tư công trung hạn giai đoạn 2026 – 2030",
    "Nguồn vốn ngân sách địa phương và vốn ngân sách trung ương hỗ trợ",
    12, 20261206, QM_DEMO_DOCUMENT_PROPOSAL, QM_DEMO_TOPIC_INVESTMENT, "305/TTr-UBND",
    AGENDA_3, 3, "3-1-to-trinh-dau-tu-cong-trung-han" },
  { "Dự thảo Nghị quyết về kế hoạch đầu tư công trung hạn giai đoạn 2026 – 2030",
    "Kèm theo Tờ trình số 305/TTr-UBND của Ủy ban nhân dân tỉnh",
    9, 20261207, QM_DEMO_DOCUMENT_RESOLUTION, QM_DEMO_TOPIC_INVESTMENT, "/NQ-HĐND",
    AGENDA_3, 3, "3-2-du-thao-nghi-quyet-dau-tu-cong" },
  { "Báo cáo kết quả cải cách hành chính năm 2026",
    "Phương hướng, nhiệm vụ cải cách hành chính năm 2027",
    14, 20261208, QM_DEMO_DOCUMENT_REPORT, QM_DEMO_TOPIC_ADMIN_REFORM, "318/BC-UBND",
    AGENDA_4, 4, "4-1-bao-cao-cai-cach-hanh-chinh-2026" },
  { "Kế hoạch chuyển đổi số tỉnh " QM_DEMO_PROVINCE " năm 2027",
    "Phát triển hạ tầng số, dữ liệu số và chính quyền số",
    6, 20261209, QM_DEMO_DOCUMENT_PLAN, QM_DEMO_TOPIC_DIGITAL, "226/KH-UBND",
    AGENDA_4, 4, "4-2-ke-hoach-chuyen-doi-so-2027" },
  { "Báo cáo kết quả thực hiện chính sách an sinh xã hội năm 2026",
    "Người có công, giảm nghèo, trợ giúp xã hội và việc làm",
    8, 20261210, QM_DEMO_DOCUMENT_REPORT, QM_DEMO_TOPIC_SOCIAL, "320/BC-UBND",
    AGENDA_5, 5, "5-1-bao-cao-an-sinh-xa-hoi-2026" },
  { "Kế hoạch tổ chức các hoạt động chăm lo Tết Nguyên đán Đinh Mùi năm 2027",
    NULL,
    3, 20261211, QM_DEMO_DOCUMENT_PLAN, QM_DEMO_TOPIC_SOCIAL, "231/KH-UBND",
    AGENDA_5, 5, "5-2-ke-hoach-cham-lo-tet-2027" },
};

const char *
qm_demo_meeting_title (void)
{
  return MEETING_TITLE;
}

/**
 * qm_demo_documents_for_meeting:
 * @n_specs: (out): number of specs
 *
 * The fixed documents of the demo meeting, in agenda order.
 *
 * Returns: (transfer none) (array length=n_specs): static specs
 */
const QmDemoDocumentSpec *
qm_demo_documents_for_meeting (guint *n_specs)
{
  g_return_val_if_fail (n_specs != NULL, NULL);

  *n_specs = G_N_ELEMENTS (meeting_documents);
  return meeting_documents;
}

