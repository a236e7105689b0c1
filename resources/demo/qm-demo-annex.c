/* qm-demo-annex.c
 *
 * The statistics annex of the demo meeting: indicators by commune and year.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-demo"

#include "config.h"

#include <math.h>
#include <string.h>

#include "qm-demo-content-private.h"

/* The statistics annex ---------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *unit;
  double      base;     /* one commune in 2022 */
  double      growth;   /* yearly; additive for percentages */
  double      noise;    /* year-to-year jitter */
  gint8       decimals;
  gboolean    average;  /* a rate: the province figure is a mean */
  gboolean    flow;     /* accumulates over the year: has quarters */
} Indicator;

#define MAX_INDICATORS 6

static const struct
{
  Indicator indicators[MAX_INDICATORS + 1];
} chapters[] = {
  { { { "Diện tích đất tự nhiên", "ha", 5200, 0.0, 0.0, 1, FALSE, FALSE },
      { "Diện tích đất nông nghiệp", "ha", 3100, -0.004, 0.004, 1, FALSE, FALSE },
      { "Diện tích đất lâm nghiệp", "ha", 1250, 0.003, 0.004, 1, FALSE, FALSE },
      { "Diện tích đất ở", "ha", 310, 0.012, 0.004, 1, FALSE, FALSE } } },
  { { { "Dân số trung bình", "người", 27500, 0.009, 0.01, 0, FALSE, FALSE },
      { "Lao động từ 15 tuổi trở lên đang làm việc", "người", 16200, 0.011, 0.01, 0, FALSE, FALSE },
      { "Mật độ dân số", "người/km²", 540, 0.009, 0.01, 0, TRUE, FALSE },
      { "Tỷ lệ lao động đã qua đào tạo", "%", 62.0, 1.5, 0.01, 1, TRUE, FALSE } } },
  { { { "Thu ngân sách nhà nước trên địa bàn", "triệu đồng", 48000, 0.08, 0.03, 0, FALSE, TRUE },
      { "Chi ngân sách cấp xã", "triệu đồng", 36500, 0.06, 0.03, 0, FALSE, TRUE },
      { "Chi đầu tư phát triển cấp xã", "triệu đồng", 12800, 0.09, 0.03, 0, FALSE, TRUE } } },
  { { { "Vốn đầu tư thực hiện trên địa bàn", "triệu đồng", 420000, 0.09, 0.03, 0, FALSE, TRUE },
      { "Diện tích sàn nhà ở xây dựng mới", "m²", 38500, 0.05, 0.03, 0, FALSE, TRUE } } },
  { { { "Số doanh nghiệp đang hoạt động có kết quả sản xuất kinh doanh", "doanh nghiệp", 135, 0.06, 0.01, 0, FALSE, FALSE },
      { "Số cơ sở kinh tế cá thể phi nông nghiệp", "cơ sở", 1850, 0.03, 0.01, 0, FALSE, FALSE },
      { "Số lao động trong các doanh nghiệp", "người", 4200, 0.05, 0.01, 0, FALSE, FALSE } } },
  { { { "Diện tích lúa cả năm", "ha", 2450, -0.01, 0.004, 1, FALSE, FALSE },
      { "Sản lượng lúa cả năm", "tấn", 14800, -0.004, 0.03, 1, FALSE, TRUE },
      { "Diện tích cây lâu năm", "ha", 640, 0.02, 0.004, 1, FALSE, FALSE },
      { "Số lượng đàn bò", "con", 1850, 0.02, 0.01, 0, FALSE, FALSE },
      { "Số lượng đàn lợn", "con", 9600, 0.03, 0.01, 0, FALSE, FALSE },
      { "Sản lượng thủy sản", "tấn", 8200, 0.04, 0.03, 1, FALSE, TRUE } } },
  { { { "Số cơ sở sản xuất công nghiệp", "cơ sở", 310, 0.02, 0.01, 0, FALSE, FALSE },
      { "Giá trị sản xuất công nghiệp (giá so sánh 2010)", "triệu đồng", 1650000, 0.1, 0.03, 0, FALSE, TRUE } } },
  { { { "Số chợ", "chợ", 3, 0.0, 0.01, 0, FALSE, FALSE },
      { "Tổng mức bán lẻ hàng hóa", "triệu đồng", 980000, 0.09, 0.03, 0, FALSE, TRUE },
      { "Số lượt khách du lịch", "lượt", 42000, 0.12, 0.03, 0, FALSE, TRUE } } },
  { { { "Số trường phổ thông", "trường", 9, 0.0, 0.01, 0, FALSE, FALSE },
      { "Số học sinh phổ thông", "học sinh", 5200, 0.012, 0.01, 0, FALSE, FALSE },
      { "Số giáo viên phổ thông", "người", 320, 0.01, 0.01, 0, FALSE, FALSE } } },
  { { { "Số giường bệnh", "giường", 65, 0.02, 0.01, 0, FALSE, FALSE },
      { "Số bác sĩ", "người", 14, 0.04, 0.01, 0, FALSE, FALSE },
      { "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "%", 95.5, 0.4, 0.01, 1, TRUE, FALSE } } },
  { { { "Tỷ lệ hộ nghèo", "%", 4.6, -0.7, 0.01, 2, TRUE, FALSE },
      { "Tỷ lệ hộ sử dụng nước sạch", "%", 86.0, 2.0, 0.01, 1, TRUE, FALSE },
      { "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", 91.5, 0.8, 0.01, 1, TRUE, FALSE },
      { "Số hộ được hỗ trợ nhà ở", "hộ", 35, -0.05, 0.03, 0, FALSE, TRUE } } },
};

static const char *const communes[] = {
  "Phường Tân Hà", "Phường Bắc Sơn", "Phường Hòa Bình", "Phường Long Thủy",
  "Phường An Phú", "Xã Tân Lập", "Xã Phú Mỹ", "Xã Thạnh Lợi",
  "Xã Vĩnh Hòa", "Xã Mỹ An", "Xã Bình Minh", "Xã Long Hưng",
  "Xã Đông Thạnh", "Xã Tây Sơn", "Xã Phước Hải", "Xã Hòa Hiệp",
  "Xã Cẩm Thành", "Xã Nghĩa Lộ", "Xã Quảng Phú", "Xã An Lạc",
  "Xã Hưng Đạo", "Xã Tân Thành", "Xã Phú Lộc", "Xã Đức Hòa",
  "Xã Thuận An", "Xã Kim Sơn", "Xã Hải Ninh", "Xã Gia Lộc",
  "Xã Yên Bình", "Xã Sơn Thủy", "Xã Thanh Xuân", "Xã Bảo Lâm",
};

#define N_COMMUNES G_N_ELEMENTS (communes)

typedef enum
{
  VARIANT_YEARS,
  VARIANT_INDEX,
  VARIANT_STRUCTURE,
  VARIANT_QUARTERS,
  VARIANT_OLD_YEARS,
  N_VARIANTS
} Variant;

guint
_qm_demo_annex_n_indicators (guint chapter)
{
  guint n = 0;

  g_assert (chapter < G_N_ELEMENTS (chapters));
  while (n < MAX_INDICATORS && chapters[chapter].indicators[n].name != NULL)
    n++;
  return n;
}

static gboolean
variant_applies (const Indicator *ind,
                 Variant          variant)
{
  gboolean percent = g_strcmp0 (ind->unit, "%") == 0;

  switch (variant)
    {
    case VARIANT_YEARS:
    case VARIANT_OLD_YEARS:
      return TRUE;
    case VARIANT_INDEX:
      return !percent;
    case VARIANT_STRUCTURE:
      return !ind->average;
    case VARIANT_QUARTERS:
      return ind->flow;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* The order of a chapter: a summary with two charts, then one round of
 * commune tables per variant, with two more charts after the third round. */
QmDemoAnnexItemKind
_qm_demo_annex_item (guint  chapter,
                     guint  k,
                     guint *indicator,
                     guint *variant)
{
  guint n = _qm_demo_annex_n_indicators (chapter);
  guint round_len[N_VARIANTS];
  guint cycle = 0;

  *indicator = 0;
  *variant = 0;
  if (k == 0)
    return QM_DEMO_ANNEX_SUMMARY;
  if (k == 1)
    return QM_DEMO_ANNEX_CHARTS;
  k -= 2;

  for (guint v = 0; v < N_VARIANTS; v++)
    {
      round_len[v] = v == VARIANT_STRUCTURE ? 1 : 0;
      for (guint i = 0; i < n; i++)
        if (variant_applies (&chapters[chapter].indicators[i], v))
          round_len[v]++;
      cycle += round_len[v];
    }

  /* Past the end, start over; only absurdly long custom annexes get there. */
  k %= cycle;
  for (guint v = 0; v < N_VARIANTS; v++)
    {
      if (k >= round_len[v])
        {
          k -= round_len[v];
          continue;
        }
      for (guint i = 0; i < n; i++)
        {
          if (!variant_applies (&chapters[chapter].indicators[i], v))
            continue;
          if (k == 0)
            {
              *indicator = i;
              *variant = v;
              return QM_DEMO_ANNEX_TABLE;
            }
          k--;
        }
      *indicator = 2 % n;
      return QM_DEMO_ANNEX_CHARTS;
    }

  g_assert_not_reached ();
  return QM_DEMO_ANNEX_SUMMARY;
}

static double
round_to (double x,
          int    decimals)
{
  double scale = pow (10, decimals);

  return round (x * scale) / scale;
}

static double
annex_value (const Indicator *ind,
             guint            ind_id,
             guint            commune,
             int              year,
             guint64          seed)
{
  int t = year - 2022;
  double hc = _qm_demo_hash_unit (seed, 0xA11E0 + ind_id, commune, 0);
  double hy = _qm_demo_hash_unit (seed, 0xA11E0 + ind_id, commune, 1000 + (guint) year);
  double x;

  if (g_strcmp0 (ind->unit, "%") == 0)
    {
      double spread = MIN (ind->base * 0.4, (100 - ind->base) * 0.8);

      x = ind->base + ind->growth * t + spread * (2 * hc - 1) + 25 * ind->noise * (2 * hy - 1);
      return round_to (CLAMP (x, 0.0, 100.0), ind->decimals);
    }

  x = ind->base * (0.45 + 1.35 * hc) * pow (1 + ind->growth, t) * (1 + ind->noise * (2 * hy - 1));
  return round_to (x, ind->decimals);
}

static double
annex_total (const Indicator *ind,
             guint            ind_id,
             int              year,
             guint64          seed)
{
  double sum = 0;

  for (guint c = 0; c < N_COMMUNES; c++)
    sum += annex_value (ind, ind_id, c, year, seed);
  return ind->average ? round_to (sum / N_COMMUNES, ind->decimals) : sum;
}

static guint
indicator_id (guint chapter,
              guint indicator)
{
  return chapter * 16 + indicator;
}

QmDemoTable *
_qm_demo_annex_summary_new (guint   chapter,
                            guint64 seed)
{
  guint n = _qm_demo_annex_n_indicators (chapter);
  QmDemoTable *table = _qm_demo_table_alloc (n, 8);
  const QmDemoTemplate *tpl = _qm_demo_template_lookup (QM_DEMO_DOCUMENT_ANNEX, 0);
  g_autofree char *topic = _qm_demo_lower_first (tpl->sections[chapter].heading);
  static const char *const headers[]
      = { "STT", "Chỉ tiêu", "Đơn vị tính", "2022", "2023", "2024", "2025", "Sơ bộ 2026" };
  static const double widths[] = { 0.05, 0.27, 0.10, 0.116, 0.116, 0.116, 0.116, 0.116 };
  gboolean numeric[8] = { FALSE, FALSE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE };

  table->caption = g_strdup_printf ("Một số chỉ tiêu chủ yếu về %s", topic);
  for (guint c = 0; c < 8; c++)
    {
      table->headers[c] = g_strdup (headers[c]);
      table->widths[c] = widths[c];
      table->aligns[c] = c == 1  ? QM_DEMO_ALIGN_LEFT
                         : c < 3 ? QM_DEMO_ALIGN_CENTER
                                 : QM_DEMO_ALIGN_RIGHT;
    }

  for (guint r = 0; r < n; r++)
    {
      const Indicator *ind = &chapters[chapter].indicators[r];

      QM_DEMO_TABLE_CELL (table, r, 0) = g_strdup_printf ("%u", r + 1);
      QM_DEMO_TABLE_CELL (table, r, 1) = g_strdup (ind->name);
      QM_DEMO_TABLE_CELL (table, r, 2) = g_strdup (ind->unit);
      for (guint y = 0; y < 5; y++)
        QM_DEMO_TABLE_CELL (table, r, 3 + y) = _qm_demo_format_number (
            annex_total (ind, indicator_id (chapter, r), 2022 + (int) y, seed), ind->decimals);
    }

  _qm_demo_table_pick_sample (table, numeric);
  return table;
}

QmDemoTable *
_qm_demo_annex_table_new (guint   chapter,
                          guint   indicator,
                          guint   variant,
                          guint64 seed)
{
  const Indicator *ind = &chapters[chapter].indicators[indicator];
  guint id = indicator_id (chapter, indicator);
  g_autofree char *lowered = _qm_demo_lower_first (ind->name);
  guint n_values = variant == VARIANT_INDEX ? 4 : 5;
  QmDemoTable *table = _qm_demo_table_alloc (N_COMMUNES + 1, 2 + n_values);
  gboolean numeric[7] = { FALSE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE };
  int first_year = variant == VARIANT_OLD_YEARS ? 2017 : variant == VARIANT_INDEX ? 2023 : 2022;

  g_assert (indicator < _qm_demo_annex_n_indicators (chapter));

  switch (variant)
    {
    case VARIANT_YEARS:
      table->caption = g_strdup_printf ("%s phân theo xã, phường", ind->name);
      break;
    case VARIANT_OLD_YEARS:
      table->caption = g_strdup_printf ("%s phân theo xã, phường giai đoạn 2017 – 2021", ind->name);
      break;
    case VARIANT_INDEX:
      table->caption = g_strdup_printf (
          "Chỉ số phát triển %s phân theo xã, phường (năm trước = 100)", lowered);
      break;
    case VARIANT_STRUCTURE:
      table->caption = g_strdup_printf ("Cơ cấu %s phân theo xã, phường", lowered);
      break;
    case VARIANT_QUARTERS:
      table->caption = g_strdup_printf ("%s phân theo xã, phường theo quý năm 2026", ind->name);
      break;
    default:
      g_assert_not_reached ();
    }
  table->unit_note = g_strdup_printf (
      "Đơn vị tính: %s",
      variant == VARIANT_INDEX || variant == VARIANT_STRUCTURE ? "%" : ind->unit);

  table->headers[0] = g_strdup ("STT");
  table->headers[1] = g_strdup ("Xã, phường");
  table->widths[0] = 0.06;
  table->widths[1] = 0.30;
  table->aligns[0] = QM_DEMO_ALIGN_CENTER;
  table->aligns[1] = QM_DEMO_ALIGN_LEFT;
  for (guint i = 0; i < n_values; i++)
    {
      int year = first_year + (int) i;

      if (variant == VARIANT_QUARTERS)
        table->headers[2 + i] = g_strdup (i < 4 ? _qm_demo_quarter_names[i] : "Cả năm");
      else if (year == 2026)
        table->headers[2 + i] = g_strdup ("Sơ bộ 2026");
      else
        table->headers[2 + i] = g_strdup_printf ("%d", year);
      table->widths[2 + i] = 0.64 / n_values;
      table->aligns[2 + i] = QM_DEMO_ALIGN_RIGHT;
    }

  table->row_flags[0] = QM_DEMO_ROW_BOLD;
  for (guint r = 0; r <= N_COMMUNES; r++)
    {
      /* Row 0 is the province; commune c sits on row c + 1. */
      gboolean total = r == 0;

      QM_DEMO_TABLE_CELL (table, r, 0) = total ? g_strdup ("") : g_strdup_printf ("%u", r);
      QM_DEMO_TABLE_CELL (table, r, 1) = g_strdup (
          total ? (ind->average ? "Toàn tỉnh (bình quân)" : "Tổng số") : communes[r - 1]);

      for (guint i = 0; i < n_values; i++)
        {
          int year = first_year + (int) i;
          double x = 0;
          int decimals = ind->decimals;

#define VALUE_AT(y) \
  (total ? annex_total (ind, id, (y), seed) : annex_value (ind, id, r - 1, (y), seed))
          switch (variant)
            {
            case VARIANT_YEARS:
            case VARIANT_OLD_YEARS:
              x = VALUE_AT (year);
              break;
            case VARIANT_INDEX:
              x = VALUE_AT (year) / VALUE_AT (year - 1) * 100;
              decimals = 1;
              break;
            case VARIANT_STRUCTURE:
              x = VALUE_AT (year) / annex_total (ind, id, year, seed) * 100;
              decimals = 2;
              break;
            case VARIANT_QUARTERS:
              {
                double annual = VALUE_AT (2026);
                double shares[4], share_sum = 0, before = 0;

                /* Commune quarters are drawn so that rows still add up. */
                for (guint q = 0; q < 4; q++)
                  {
                    shares[q]
                        = (0.21 + 0.02 * q)
                          * (1 + 0.1 * (2 * _qm_demo_hash_unit (seed, id, total ? 999 : r, q) - 1));
                    share_sum += shares[q];
                  }
                for (guint q = 0; q < 3 && q < i; q++)
                  before += round_to (annual * shares[q] / share_sum, ind->decimals);
                if (i == 4)
                  x = annual;
                else if (i == 3)
                  x = annual - before;
                else
                  x = round_to (annual * shares[i] / share_sum, ind->decimals);
              }
              break;
            default:
              g_assert_not_reached ();
            }
#undef VALUE_AT
          QM_DEMO_TABLE_CELL (table, r, 2 + i) = _qm_demo_format_number (x, decimals);
        }
    }

  _qm_demo_table_pick_sample (table, numeric);
  return table;
}

QmDemoChart *
_qm_demo_annex_chart_new (guint   chapter,
                          guint   indicator,
                          guint64 seed)
{
  const Indicator *ind = &chapters[chapter].indicators[indicator];
  QmDemoChart *chart = g_new0 (QmDemoChart, 1);
  gboolean percent = g_strcmp0 (ind->unit, "%") == 0;
  double max = 0, divisor = 1;

  chart->caption = g_strdup_printf ("%s toàn tỉnh giai đoạn 2017 – 2026", ind->name);
  chart->line = ind->average;
  chart->n_series = 1;
  chart->series[0] = ind->name;
  chart->n_categories = 10;
  chart->x_title = g_strdup ("Năm");
  chart->source = "Nguồn: Thống kê tỉnh " QM_DEMO_PROVINCE ".";

  for (guint i = 0; i < 10; i++)
    {
      chart->categories[i] = g_strdup_printf ("%u", 2017 + i);
      chart->values[0][i]
          = annex_total (ind, indicator_id (chapter, indicator), 2017 + (int) i, seed);
      max = MAX (max, chart->values[0][i]);
    }

  if (g_strcmp0 (ind->unit, "triệu đồng") == 0)
    {
      divisor = 1000;
      chart->y_title = g_strdup ("Tỷ đồng");
    }
  else if (max >= 100000)
    {
      divisor = 1000;
      chart->y_title = g_strdup_printf ("Nghìn %s", ind->unit);
    }
  else
    {
      chart->y_title = g_strdup (percent ? "%" : ind->unit);
      chart->y_title[0] = g_ascii_toupper (chart->y_title[0]);
    }

  for (guint i = 0; i < 10; i++)
    chart->values[0][i] /= divisor;
  chart->decimals = percent || max / divisor < 100 ? MAX (1, ind->decimals) : 0;

  return chart;
}
