/* qm-demo-figures.c
 *
 * Tables and chart data of the demo reports, built from templates and a seed.
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

/* Tables ------------------------------------------------------------------ */

typedef enum
{
  COL_STT,
  COL_LABEL,
  COL_UNIT,
  COL_VALUE,    /* row base × uniform (lo, hi) */
  COL_VALUE2,   /* the row's second constant */
  COL_FRACTION, /* column a × uniform (lo, hi) */
  COL_SUM,      /* columns a..b */
  COL_PRODUCT,  /* column a × column b × lo */
  COL_RATIO,    /* a / b × 100 */
  COL_GROWTH,   /* a / b × 100 − 100 */
  COL_SHARE,    /* a / total of a × 100 */
  COL_CHOICE,   /* one of the '|'-separated choices */
  COL_ASSESS,   /* "Đạt" when a ≥ b */
} ColumnKind;

#define ROW_TOTAL   (1 << 0) /* sum of the other rows */
#define ROW_PERCENT (1 << 1) /* never above 100 */
#define ROW_BOLD    (1 << 2)

#define MAX_COLUMNS 8
#define MAX_ROWS    14

typedef struct
{
  const char *header;
  ColumnKind  kind;
  guint8      a;
  guint8      b;
  float       lo;
  float       hi;
  gint8       decimals; /* -1: the row's */
  guint8      width;
  const char *choices;
} ColumnTemplate;

typedef struct
{
  const char *label;
  const char *unit;
  double      base;
  double      base2;
  gint8       decimals;
  guint8      flags;
} RowTemplate;

typedef struct
{
  const char     *caption;
  const char     *unit_note;
  ColumnTemplate  columns[MAX_COLUMNS + 1];
  RowTemplate     rows[MAX_ROWS + 1];
} TableTemplate;

#define STT                          { "STT", COL_STT, 0, 0, 0, 0, -1, 6, NULL }
#define LABEL(h, w)                  { h, COL_LABEL, 0, 0, 0, 0, -1, w, NULL }
#define UNIT(w)                      { "Đơn vị tính", COL_UNIT, 0, 0, 0, 0, -1, w, NULL }
#define VALUE(h, lo, hi, w)          { h, COL_VALUE, 0, 0, lo, hi, -1, w, NULL }
#define VALUE2(h, w)                 { h, COL_VALUE2, 0, 0, 0, 0, 0, w, NULL }
#define FRACTION(h, a, lo, hi, w)    { h, COL_FRACTION, a, 0, lo, hi, -1, w, NULL }
#define SUM(h, a, b, w)              { h, COL_SUM, a, b, 0, 0, -1, w, NULL }
#define PRODUCT(h, a, b, scale, w)   { h, COL_PRODUCT, a, b, scale, 0, 0, w, NULL }
#define RATIO(h, a, b, d, w)         { h, COL_RATIO, a, b, 0, 0, d, w, NULL }
#define GROWTH(h, a, b, w)           { h, COL_GROWTH, a, b, 0, 0, 1, w, NULL }
#define SHARE(h, a, w)               { h, COL_SHARE, a, 0, 0, 0, 1, w, NULL }
#define CHOICE(h, choices, w)        { h, COL_CHOICE, 0, 0, 0, 0, -1, w, choices }
#define ASSESS(h, a, b, w)           { h, COL_ASSESS, a, b, 0, 0, -1, w, NULL }

static const TableTemplate tables_economy[] = {
  {
    "Một số chỉ tiêu kinh tế – xã hội chủ yếu năm 2026", NULL,
    { STT, LABEL ("Chỉ tiêu", 34), UNIT (12),
      VALUE ("Thực hiện năm 2025", 0.93f, 0.97f, 12),
      FRACTION ("Kế hoạch năm 2026", 3, 1.04f, 1.09f, 12),
      FRACTION ("Ước thực hiện năm 2026", 4, 0.97f, 1.06f, 12),
      RATIO ("So với kế hoạch (%)", 5, 4, 1, 11) },
    { { "Tốc độ tăng trưởng GRDP (giá so sánh 2010)", "%", 7.6, 0, 1, 0 },
      { "GRDP bình quân đầu người", "triệu đồng", 86.5, 0, 1, 0 },
      { "Tổng thu ngân sách nhà nước trên địa bàn", "tỷ đồng", 12450, 0, 0, 0 },
      { "Tổng vốn đầu tư phát triển toàn xã hội", "tỷ đồng", 48300, 0, 0, 0 },
      { "Kim ngạch xuất khẩu hàng hóa", "triệu USD", 2150, 0, 0, 0 },
      { "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "tỷ đồng", 86400, 0, 0, 0 },
      { "Số doanh nghiệp thành lập mới", "doanh nghiệp", 1250, 0, 0, 0 },
      { "Tỷ lệ lao động qua đào tạo", "%", 70.5, 0, 1, ROW_PERCENT },
      { "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", 93.8, 0, 1, ROW_PERCENT },
      { "Số xã đạt chuẩn nông thôn mới nâng cao", "xã", 24, 0, 0, 0 } },
  },
  {
    "Giá trị tăng thêm phân theo khu vực kinh tế (giá hiện hành)", "Đơn vị tính: tỷ đồng",
    { STT, LABEL ("Khu vực kinh tế", 38),
      VALUE ("Năm 2025", 0.95f, 1.0f, 14),
      FRACTION ("Ước năm 2026", 2, 1.06f, 1.11f, 14),
      GROWTH ("Tốc độ tăng (%)", 3, 2, 13),
      SHARE ("Cơ cấu năm 2026 (%)", 3, 13) },
    { { "Tổng sản phẩm trên địa bàn (GRDP)", NULL, 0, 0, 0, ROW_TOTAL },
      { "Nông, lâm nghiệp và thủy sản", NULL, 21500, 0, 0, 0 },
      { "Công nghiệp và xây dựng", NULL, 38600, 0, 0, 0 },
      { "Dịch vụ", NULL, 41200, 0, 0, 0 },
      { "Thuế sản phẩm trừ trợ cấp sản phẩm", NULL, 7800, 0, 0, 0 } },
  },
  {
    "Sản lượng một số sản phẩm nông nghiệp chủ yếu", NULL,
    { STT, LABEL ("Sản phẩm", 34), UNIT (12),
      VALUE ("Năm 2025", 0.96f, 1.0f, 15),
      FRACTION ("Ước năm 2026", 3, 0.98f, 1.07f, 15),
      RATIO ("So với năm 2025 (%)", 4, 3, 1, 15) },
    { { "Lúa", "tấn", 1150000, 0, 0, 0 },
      { "Ngô", "tấn", 86000, 0, 0, 0 },
      { "Rau các loại", "tấn", 412000, 0, 0, 0 },
      { "Thịt hơi các loại", "tấn", 178000, 0, 0, 0 },
      { "Trứng gia cầm", "nghìn quả", 512000, 0, 0, 0 },
      { "Thủy sản nuôi trồng và khai thác", "tấn", 265000, 0, 0, 0 },
      { "Gỗ rừng trồng khai thác", "m³", 640000, 0, 0, 0 } },
  },
  {
    "Chỉ số sản xuất công nghiệp năm 2026 phân theo ngành", "Đơn vị tính: %",
    { STT, LABEL ("Ngành công nghiệp", 46),
      VALUE ("Quý IV năm 2026 so với cùng kỳ", 0.98f, 1.04f, 18),
      VALUE ("Năm 2026 so với năm 2025", 0.99f, 1.03f, 18) },
    { { "Toàn ngành công nghiệp", NULL, 108.6, 0, 1, ROW_BOLD },
      { "Khai khoáng", NULL, 97.5, 0, 1, 0 },
      { "Công nghiệp chế biến, chế tạo", NULL, 110.2, 0, 1, 0 },
      { "Sản xuất và phân phối điện", NULL, 106.4, 0, 1, 0 },
      { "Cung cấp nước, quản lý và xử lý rác thải, nước thải", NULL, 105.1, 0, 1, 0 } },
  },
  {
    "Tình hình đăng ký doanh nghiệp năm 2026", NULL,
    { STT, LABEL ("Chỉ tiêu", 38), UNIT (14),
      VALUE ("Năm 2025", 0.95f, 1.0f, 14),
      FRACTION ("Năm 2026", 3, 0.96f, 1.15f, 14),
      RATIO ("So sánh (%)", 4, 3, 1, 12) },
    { { "Số doanh nghiệp thành lập mới", "doanh nghiệp", 1250, 0, 0, 0 },
      { "Vốn đăng ký của doanh nghiệp thành lập mới", "tỷ đồng", 14800, 0, 0, 0 },
      { "Số doanh nghiệp quay trở lại hoạt động", "doanh nghiệp", 420, 0, 0, 0 },
      { "Số doanh nghiệp tạm ngừng kinh doanh có thời hạn", "doanh nghiệp", 510, 0, 0, 0 },
      { "Số doanh nghiệp hoàn tất thủ tục giải thể", "doanh nghiệp", 165, 0, 0, 0 },
      { "Số dự án đầu tư trong nước được cấp mới", "dự án", 96, 0, 0, 0 },
      { "Số dự án có vốn đầu tư nước ngoài được cấp mới", "dự án", 18, 0, 0, 0 } },
  },
  {
    "Kim ngạch xuất khẩu một số mặt hàng chủ yếu", "Đơn vị tính: triệu USD",
    { STT, LABEL ("Mặt hàng", 40),
      VALUE ("Năm 2025", 0.95f, 1.0f, 15),
      FRACTION ("Ước năm 2026", 2, 0.97f, 1.16f, 15),
      RATIO ("So với năm 2025 (%)", 3, 2, 1, 15) },
    { { "Tổng kim ngạch xuất khẩu", NULL, 0, 0, 0, ROW_TOTAL },
      { "Thủy sản", NULL, 485, 0, 0, 0 },
      { "Gạo", NULL, 262, 0, 0, 0 },
      { "Hàng dệt, may", NULL, 398, 0, 0, 0 },
      { "Giày dép các loại", NULL, 214, 0, 0, 0 },
      { "Gỗ và sản phẩm gỗ", NULL, 176, 0, 0, 0 },
      { "Máy vi tính, sản phẩm điện tử và linh kiện", NULL, 331, 0, 0, 0 },
      { "Hàng hóa khác", NULL, 268, 0, 0, 0 } },
  },
};

static const TableTemplate tables_budget[] = {
  {
    "Ước thực hiện thu ngân sách nhà nước trên địa bàn năm 2026", "Đơn vị tính: triệu đồng",
    { STT, LABEL ("Nội dung", 40),
      VALUE ("Dự toán năm 2026", 0.97f, 1.0f, 16),
      FRACTION ("Ước thực hiện năm 2026", 2, 0.94f, 1.12f, 16),
      RATIO ("So với dự toán (%)", 3, 2, 1, 12) },
    { { "Tổng thu ngân sách nhà nước trên địa bàn", NULL, 0, 0, 0, ROW_TOTAL },
      { "Thu từ doanh nghiệp nhà nước", NULL, 612000, 0, 0, 0 },
      { "Thu từ doanh nghiệp có vốn đầu tư nước ngoài", NULL, 1345000, 0, 0, 0 },
      { "Thu từ khu vực kinh tế ngoài quốc doanh", NULL, 2180000, 0, 0, 0 },
      { "Thuế thu nhập cá nhân", NULL, 845000, 0, 0, 0 },
      { "Lệ phí trước bạ", NULL, 512000, 0, 0, 0 },
      { "Thu tiền sử dụng đất", NULL, 3250000, 0, 0, 0 },
      { "Thu xổ số kiến thiết", NULL, 1120000, 0, 0, 0 },
      { "Thu từ hoạt động xuất nhập khẩu", NULL, 1480000, 0, 0, 0 },
      { "Các khoản thu khác", NULL, 386000, 0, 0, 0 } },
  },
  {
    "Dự toán chi ngân sách địa phương năm 2027", "Đơn vị tính: triệu đồng",
    { STT, LABEL ("Nội dung", 40),
      VALUE ("Ước thực hiện năm 2026", 0.97f, 1.02f, 16),
      FRACTION ("Dự toán năm 2027", 2, 1.03f, 1.12f, 16),
      RATIO ("So sánh (%)", 3, 2, 1, 12) },
    { { "Tổng chi ngân sách địa phương", NULL, 0, 0, 0, ROW_TOTAL },
      { "Chi đầu tư phát triển", NULL, 5420000, 0, 0, 0 },
      { "Chi thường xuyên", NULL, 8960000, 0, 0, 0 },
      { "Chi trả nợ lãi các khoản do chính quyền địa phương vay", NULL, 28500, 0, 0, 0 },
      { "Chi bổ sung quỹ dự trữ tài chính", NULL, 1200, 0, 0, 0 },
      { "Dự phòng ngân sách", NULL, 312000, 0, 0, 0 },
      { "Chi tạo nguồn cải cách tiền lương", NULL, 640000, 0, 0, 0 },
      { "Chi các chương trình mục tiêu quốc gia", NULL, 486000, 0, 0, 0 } },
  },
  {
    "Dự toán chi thường xuyên năm 2027 theo lĩnh vực", "Đơn vị tính: triệu đồng",
    { STT, LABEL ("Lĩnh vực chi", 42),
      VALUE ("Dự toán năm 2027", 0.98f, 1.02f, 16),
      SHARE ("Tỷ trọng (%)", 2, 12),
      FRACTION ("Trong đó: ngân sách cấp tỉnh", 2, 0.45f, 0.7f, 16) },
    { { "Tổng chi thường xuyên", NULL, 0, 0, 0, ROW_TOTAL },
      { "Chi sự nghiệp giáo dục, đào tạo và dạy nghề", NULL, 3420000, 0, 0, 0 },
      { "Chi sự nghiệp y tế, dân số và gia đình", NULL, 985000, 0, 0, 0 },
      { "Chi sự nghiệp khoa học và công nghệ", NULL, 112000, 0, 0, 0 },
      { "Chi sự nghiệp văn hóa, thông tin", NULL, 146000, 0, 0, 0 },
      { "Chi sự nghiệp phát thanh, truyền hình", NULL, 68000, 0, 0, 0 },
      { "Chi sự nghiệp thể dục, thể thao", NULL, 54000, 0, 0, 0 },
      { "Chi sự nghiệp bảo vệ môi trường", NULL, 236000, 0, 0, 0 },
      { "Chi sự nghiệp kinh tế", NULL, 1180000, 0, 0, 0 },
      { "Chi quản lý nhà nước, đảng, đoàn thể", NULL, 1650000, 0, 0, 0 },
      { "Chi bảo đảm xã hội", NULL, 512000, 0, 0, 0 },
      { "Chi quốc phòng, an ninh", NULL, 398000, 0, 0, 0 } },
  },
};

static const TableTemplate tables_investment[] = {
  {
    "Dự kiến phân bổ vốn đầu tư công trung hạn giai đoạn 2026 – 2030 theo ngành, lĩnh vực", "Đơn vị tính: tỷ đồng",
    { STT, LABEL ("Ngành, lĩnh vực", 40),
      VALUE ("Nhu cầu đề xuất", 0.95f, 1.05f, 16),
      FRACTION ("Dự kiến bố trí", 2, 0.45f, 0.7f, 16),
      SHARE ("Tỷ trọng (%)", 3, 12) },
    { { "Tổng số", NULL, 0, 0, 0, ROW_TOTAL },
      { "Giao thông", NULL, 18500, 0, 0, 0 },
      { "Nông nghiệp, thủy lợi và phòng, chống thiên tai", NULL, 9800, 0, 0, 0 },
      { "Giáo dục và đào tạo", NULL, 5600, 0, 0, 0 },
      { "Y tế", NULL, 4200, 0, 0, 0 },
      { "Văn hóa, thể thao và du lịch", NULL, 2100, 0, 0, 0 },
      { "Khoa học, công nghệ và chuyển đổi số", NULL, 2900, 0, 0, 0 },
      { "Hạ tầng đô thị, cấp thoát nước", NULL, 6300, 0, 0, 0 },
      { "Bảo vệ môi trường", NULL, 1800, 0, 0, 0 },
      { "Quốc phòng, an ninh", NULL, 1500, 0, 0, 0 },
      { "Các cơ quan quản lý nhà nước", NULL, 1200, 0, 0, 0 } },
  },
  {
    "Danh mục dự án trọng điểm dự kiến bố trí vốn giai đoạn 2026 – 2030", "Đơn vị tính: tỷ đồng",
    { STT, LABEL ("Tên dự án", 34),
      CHOICE ("Địa điểm xây dựng", "Phường Tân Hà|Xã Phú Mỹ|Phường Bắc Sơn|Xã Long Hưng|Các xã ven biển|Xã Tân Lập|Phường Long Thủy", 16),
      CHOICE ("Thời gian thực hiện", "2026 – 2028|2026 – 2029|2026 – 2030|2027 – 2030|2025 – 2028", 13),
      VALUE ("Tổng mức đầu tư", 0.9f, 1.1f, 13),
      FRACTION ("Kế hoạch vốn 2026 – 2030", 4, 0.55f, 0.95f, 13) },
    { { "Tổng cộng", NULL, 0, 0, 0, ROW_TOTAL },
      { "Đường ven biển đoạn qua tỉnh " QM_DEMO_PROVINCE, NULL, 4850, 0, 0, 0 },
      { "Cầu Long Thủy và đường dẫn hai đầu cầu", NULL, 1920, 0, 0, 0 },
      { "Nâng cấp Bệnh viện Đa khoa tỉnh", NULL, 1350, 0, 0, 0 },
      { "Hồ chứa nước Suối Đá", NULL, 1680, 0, 0, 0 },
      { "Trường Trung học phổ thông chuyên " QM_DEMO_PROVINCE ", cơ sở 2", NULL, 420, 0, 0, 0 },
      { "Khu tái định cư phường Bắc Sơn", NULL, 560, 0, 0, 0 },
      { "Kè chống sạt lở bờ sông Lam Giang", NULL, 780, 0, 0, 0 },
      { "Trung tâm dữ liệu tỉnh", NULL, 350, 0, 0, 0 },
      { "Đường kết nối khu công nghiệp Phú Mỹ", NULL, 1150, 0, 0, 0 } },
  },
  {
    "Cơ cấu nguồn vốn kế hoạch đầu tư công trung hạn giai đoạn 2026 – 2030", "Đơn vị tính: tỷ đồng",
    { STT, LABEL ("Nguồn vốn", 40),
      VALUE ("Giai đoạn 2021 – 2025", 0.9f, 1.0f, 16),
      FRACTION ("Dự kiến giai đoạn 2026 – 2030", 2, 1.15f, 1.45f, 16),
      RATIO ("So sánh (%)", 3, 2, 1, 12) },
    { { "Tổng số", NULL, 0, 0, 0, ROW_TOTAL },
      { "Vốn cân đối ngân sách địa phương", NULL, 12800, 0, 0, 0 },
      { "Thu tiền sử dụng đất", NULL, 9600, 0, 0, 0 },
      { "Thu xổ số kiến thiết", NULL, 4300, 0, 0, 0 },
      { "Bội chi ngân sách địa phương", NULL, 1200, 0, 0, 0 },
      { "Vốn ngân sách trung ương hỗ trợ có mục tiêu", NULL, 11500, 0, 0, 0 },
      { "Vốn nước ngoài (ODA)", NULL, 2100, 0, 0, 0 } },
  },
};

static const TableTemplate tables_admin[] = {
  {
    "Kết quả giải quyết hồ sơ thủ tục hành chính năm 2026 của các sở, ngành", NULL,
    { STT, LABEL ("Cơ quan, đơn vị", 32),
      VALUE ("Số hồ sơ tiếp nhận", 0.9f, 1.1f, 14),
      FRACTION ("Đã giải quyết", 2, 0.93f, 0.99f, 14),
      FRACTION ("Giải quyết đúng hạn", 3, 0.96f, 1.0f, 14),
      RATIO ("Tỷ lệ đúng hạn (%)", 4, 3, 1, 13) },
    { { "Tổng số", NULL, 0, 0, 0, ROW_TOTAL },
      { "Sở Tài chính", NULL, 8600, 0, 0, 0 },
      { "Sở Xây dựng", NULL, 12400, 0, 0, 0 },
      { "Sở Nông nghiệp và Môi trường", NULL, 15800, 0, 0, 0 },
      { "Sở Công Thương", NULL, 9300, 0, 0, 0 },
      { "Sở Y tế", NULL, 6200, 0, 0, 0 },
      { "Sở Giáo dục và Đào tạo", NULL, 3100, 0, 0, 0 },
      { "Sở Nội vụ", NULL, 4800, 0, 0, 0 },
      { "Sở Tư pháp", NULL, 18500, 0, 0, 0 },
      { "Sở Văn hóa, Thể thao và Du lịch", NULL, 1900, 0, 0, 0 },
      { "Sở Khoa học và Công nghệ", NULL, 2400, 0, 0, 0 },
      { "Công an tỉnh", NULL, 42000, 0, 0, 0 } },
  },
  {
    "Kết quả thực hiện các chỉ tiêu cải cách hành chính năm 2026", NULL,
    { STT, LABEL ("Chỉ tiêu", 46),
      VALUE ("Kế hoạch năm 2026 (%)", 1.0f, 1.0f, 14),
      FRACTION ("Thực hiện năm 2026 (%)", 2, 0.97f, 1.04f, 14),
      ASSESS ("Đánh giá", 3, 2, 12) },
    { { "Tỷ lệ hồ sơ giải quyết đúng hạn", NULL, 98, 0, 1, ROW_PERCENT },
      { "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", NULL, 80, 0, 1, ROW_PERCENT },
      { "Tỷ lệ hồ sơ tiếp nhận trực tuyến", NULL, 60, 0, 1, ROW_PERCENT },
      { "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", NULL, 90, 0, 1, ROW_PERCENT },
      { "Tỷ lệ thanh toán trực tuyến phí, lệ phí", NULL, 55, 0, 1, ROW_PERCENT },
      { "Mức độ hài lòng của người dân, doanh nghiệp", NULL, 90, 0, 1, ROW_PERCENT },
      { "Tỷ lệ văn bản quy phạm pháp luật được rà soát", NULL, 100, 0, 1, ROW_PERCENT } },
  },
  {
    "Thủ tục hành chính thuộc thẩm quyền giải quyết phân theo cấp", NULL,
    { STT, LABEL ("Cấp giải quyết", 34),
      VALUE ("Tổng số thủ tục", 0.98f, 1.02f, 15),
      FRACTION ("Trực tuyến toàn trình", 2, 0.5f, 0.8f, 15),
      FRACTION ("Trực tuyến một phần", 2, 0.1f, 0.3f, 15),
      RATIO ("Tỷ lệ toàn trình (%)", 3, 2, 1, 13) },
    { { "Tổng số", NULL, 0, 0, 0, ROW_TOTAL },
      { "Thủ tục thuộc thẩm quyền cấp tỉnh", NULL, 1420, 0, 0, 0 },
      { "Thủ tục thuộc thẩm quyền cấp xã", NULL, 385, 0, 0, 0 },
      { "Thủ tục liên thông", NULL, 96, 0, 0, 0 } },
  },
};

static const TableTemplate tables_digital[] = {
  {
    "Chỉ tiêu chuyển đổi số chủ yếu năm 2027", NULL,
    { STT, LABEL ("Chỉ tiêu", 42),
      VALUE ("Ước thực hiện năm 2026 (%)", 0.9f, 0.97f, 13),
      FRACTION ("Chỉ tiêu năm 2027 (%)", 2, 1.03f, 1.12f, 13),
      CHOICE ("Cơ quan chủ trì", "Sở Khoa học và Công nghệ|Văn phòng Ủy ban nhân dân tỉnh|Sở Nội vụ|Công an tỉnh|Sở Công Thương", 20) },
    { { "Tỷ lệ văn bản điện tử trao đổi giữa các cơ quan nhà nước", NULL, 96, 0, 1, ROW_PERCENT },
      { "Tỷ lệ cuộc họp của Ủy ban nhân dân tỉnh theo hình thức không giấy", NULL, 85, 0, 1, ROW_PERCENT },
      { "Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng", NULL, 90, 0, 1, ROW_PERCENT },
      { "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử", NULL, 55, 0, 1, ROW_PERCENT },
      { "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số", NULL, 45, 0, 1, ROW_PERCENT },
      { "Tỷ lệ hộ gia đình có kết nối internet cáp quang", NULL, 82, 0, 1, ROW_PERCENT },
      { "Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử", NULL, 88, 0, 1, ROW_PERCENT } },
  },
  {
    "Dự kiến kinh phí thực hiện Kế hoạch chuyển đổi số năm 2027", "Đơn vị tính: triệu đồng",
    { STT, LABEL ("Nhóm nhiệm vụ", 36),
      VALUE ("Ngân sách tỉnh", 0.9f, 1.1f, 14),
      FRACTION ("Ngân sách cấp xã", 2, 0.1f, 0.3f, 14),
      FRACTION ("Nguồn hợp pháp khác", 2, 0.05f, 0.25f, 14),
      SUM ("Tổng cộng", 2, 4, 14) },
    { { "Tổng cộng", NULL, 0, 0, 0, ROW_TOTAL },
      { "Phát triển hạ tầng số và trung tâm dữ liệu", NULL, 38000, 0, 0, 0 },
      { "Nền tảng số và cơ sở dữ liệu dùng chung", NULL, 24500, 0, 0, 0 },
      { "Ứng dụng phục vụ người dân, doanh nghiệp", NULL, 17800, 0, 0, 0 },
      { "Bảo đảm an toàn, an ninh mạng", NULL, 9600, 0, 0, 0 },
      { "Đào tạo, bồi dưỡng nhân lực số", NULL, 4300, 0, 0, 0 },
      { "Truyền thông, nâng cao nhận thức về chuyển đổi số", NULL, 2100, 0, 0, 0 } },
  },
};

static const TableTemplate tables_social[] = {
  {
    "Kết quả thực hiện một số chính sách an sinh xã hội năm 2026", NULL,
    { STT, LABEL ("Nội dung", 36), UNIT (12),
      VALUE ("Kế hoạch", 0.95f, 1.05f, 13),
      FRACTION ("Thực hiện", 3, 0.95f, 1.08f, 13),
      RATIO ("Tỷ lệ (%)", 4, 3, 1, 11) },
    { { "Trợ cấp xã hội hằng tháng", "người", 28500, 0, 0, 0 },
      { "Hỗ trợ mua thẻ bảo hiểm y tế cho hộ nghèo, cận nghèo", "thẻ", 64000, 0, 0, 0 },
      { "Hỗ trợ xây mới, sửa chữa nhà ở cho hộ nghèo", "căn", 1250, 0, 0, 0 },
      { "Cho vay vốn ưu đãi hộ nghèo và đối tượng chính sách", "lượt hộ", 18400, 0, 0, 0 },
      { "Trợ giúp đột xuất do thiên tai", "lượt người", 5600, 0, 0, 0 },
      { "Giải quyết việc làm", "lao động", 24000, 0, 0, 0 } },
  },
  {
    "Tỷ lệ hộ nghèo, hộ cận nghèo phân theo xã, phường", NULL,
    { STT, LABEL ("Xã, phường", 26),
      VALUE ("Tổng số hộ", 0.9f, 1.1f, 13),
      FRACTION ("Số hộ nghèo", 2, 0.008f, 0.045f, 12),
      RATIO ("Tỷ lệ hộ nghèo (%)", 3, 2, 2, 12),
      FRACTION ("Số hộ cận nghèo", 2, 0.015f, 0.06f, 12),
      RATIO ("Tỷ lệ hộ cận nghèo (%)", 5, 2, 2, 12) },
    { { "Toàn tỉnh", NULL, 0, 0, 0, ROW_TOTAL },
      { "Phường Tân Hà", NULL, 14200, 0, 0, 0 },
      { "Phường Bắc Sơn", NULL, 11800, 0, 0, 0 },
      { "Phường Long Thủy", NULL, 9600, 0, 0, 0 },
      { "Xã Tân Lập", NULL, 7400, 0, 0, 0 },
      { "Xã Phú Mỹ", NULL, 8100, 0, 0, 0 },
      { "Xã Thạnh Lợi", NULL, 6300, 0, 0, 0 },
      { "Xã Vĩnh Hòa", NULL, 5900, 0, 0, 0 },
      { "Xã Long Hưng", NULL, 6800, 0, 0, 0 },
      { "Xã Đông Thạnh", NULL, 5200, 0, 0, 0 },
      { "Xã Phước Hải", NULL, 7700, 0, 0, 0 } },
  },
  {
    "Dự kiến kinh phí thăm, tặng quà Tết Nguyên đán Đinh Mùi năm 2027", NULL,
    { STT, LABEL ("Đối tượng", 40),
      VALUE ("Số đối tượng (người)", 0.95f, 1.05f, 15),
      VALUE2 ("Mức quà (nghìn đồng/suất)", 15),
      PRODUCT ("Thành tiền (triệu đồng)", 2, 3, 0.001f, 15) },
    { { "Tổng cộng", NULL, 0, 0, 0, ROW_TOTAL },
      { "Người có công với cách mạng và thân nhân", NULL, 9800, 1000, 0, 0 },
      { "Hộ nghèo, hộ cận nghèo", NULL, 12600, 800, 0, 0 },
      { "Người cao tuổi từ đủ 100 tuổi trở lên", NULL, 145, 2000, 0, 0 },
      { "Trẻ em có hoàn cảnh đặc biệt khó khăn", NULL, 1850, 500, 0, 0 },
      { "Đối tượng bảo trợ xã hội đang hưởng trợ cấp hằng tháng", NULL, 28500, 500, 0, 0 },
      { "Công nhân, người lao động có hoàn cảnh khó khăn", NULL, 3200, 1000, 0, 0 } },
  },
};

static const struct
{
  const TableTemplate *items;
  guint                n;
} pool_tables[QM_DEMO_N_POOLS] = {
  { tables_economy, G_N_ELEMENTS (tables_economy) },
  { tables_budget, G_N_ELEMENTS (tables_budget) },
  { tables_investment, G_N_ELEMENTS (tables_investment) },
  { tables_admin, G_N_ELEMENTS (tables_admin) },
  { tables_digital, G_N_ELEMENTS (tables_digital) },
  { tables_social, G_N_ELEMENTS (tables_social) },
  { NULL, 0 },
  { NULL, 0 },
  { NULL, 0 },
};

guint
_qm_demo_pool_n_tables (QmDemoPool pool)
{
  return pool_tables[pool].n;
}

QmDemoTable *
_qm_demo_table_alloc (guint n_rows,
                      guint n_columns)
{
  QmDemoTable *table = g_new0 (QmDemoTable, 1);

  table->n_rows = n_rows;
  table->n_columns = n_columns;
  table->headers = g_new0 (char *, n_columns);
  table->widths = g_new0 (double, n_columns);
  table->aligns = g_new0 (QmDemoAlign, n_columns);
  table->cells = g_new0 (char *, n_rows * n_columns);
  table->row_flags = g_new0 (guint8, n_rows);
  return table;
}

void
_qm_demo_table_free (QmDemoTable *table)
{
  if (table == NULL)
    return;

  for (guint c = 0; c < table->n_columns; c++)
    g_free (table->headers[c]);
  for (guint i = 0; i < table->n_rows * table->n_columns; i++)
    g_free (table->cells[i]);
  g_free (table->headers);
  g_free (table->widths);
  g_free (table->aligns);
  g_free (table->cells);
  g_free (table->row_flags);
  g_free (table->caption);
  g_free (table->unit_note);
  g_free (table);
}

char *
_qm_demo_format_number (double value,
                        int    decimals)
{
  GString *s = g_string_new (NULL);

  _qm_demo_append_number (s, value, decimals);
  return g_string_free (s, FALSE);
}

static char *
pick_choice (const char *choices,
             double      u)
{
  g_auto(GStrv) parts = g_strsplit (choices, "|", -1);
  guint n = g_strv_length (parts);

  return g_strdup (parts[MIN ((guint) (u * n), n - 1)]);
}

static gboolean
column_is_summed (ColumnKind kind)
{
  return kind == COL_VALUE || kind == COL_FRACTION || kind == COL_SUM || kind == COL_PRODUCT;
}

/* Picks the longest number of the table: the likeliest to be unique in the PDF. */
void
_qm_demo_table_pick_sample (QmDemoTable    *table,
                            const gboolean *numeric)
{
  gsize best = 0;

  for (guint r = 0; r < table->n_rows; r++)
    for (guint c = 0; c < table->n_columns; c++)
      {
        const char *cell = QM_DEMO_TABLE_CELL (table, r, c);

        if (numeric[c] && cell != NULL && strlen (cell) > best)
          {
            best = strlen (cell);
            table->sample_row = r;
            table->sample_column = c;
          }
      }
}

QmDemoTable *
_qm_demo_table_new (QmDemoPool pool,
                    guint      index,
                    guint64    seed)
{
  const TableTemplate *t;
  QmDemoTable *table;
  double v[MAX_ROWS][MAX_COLUMNS] = { { 0 } };
  double width_sum = 0;
  gboolean numeric[MAX_COLUMNS] = { FALSE };
  guint n_columns = 0, n_rows = 0, repeat, tpl_id, total_row = G_MAXUINT, stt = 0;

  if (pool_tables[pool].n == 0)
    return NULL;

  t = &pool_tables[pool].items[index % pool_tables[pool].n];
  repeat = index / pool_tables[pool].n;
  tpl_id = (guint) pool * 16 + index % pool_tables[pool].n;

  while (n_columns < MAX_COLUMNS && t->columns[n_columns].header != NULL)
    n_columns++;
  while (n_rows < MAX_ROWS && t->rows[n_rows].label != NULL)
    n_rows++;

  for (guint r = 0; r < n_rows; r++)
    if ((t->rows[r].flags & ROW_TOTAL) && total_row == G_MAXUINT)
      total_row = r;

  /* Direct values, then totals, then everything derived from them. */
  for (guint r = 0; r < n_rows; r++)
    {
      const RowTemplate *row = &t->rows[r];

      if (row->flags & ROW_TOTAL)
        continue;

      for (guint c = 0; c < n_columns; c++)
        {
          const ColumnTemplate *col = &t->columns[c];
          double u = _qm_demo_hash_unit (seed, (guint64) tpl_id * 64 + repeat, r, c);
          double x = 0;

          switch (col->kind)
            {
            case COL_VALUE:
              x = row->base * (col->lo + (col->hi - col->lo) * u);
              break;
            case COL_VALUE2:
              x = row->base2;
              break;
            case COL_FRACTION:
              x = v[r][col->a] * (col->lo + (col->hi - col->lo) * u);
              break;
            case COL_SUM:
              for (guint k = col->a; k <= col->b; k++)
                x += v[r][k];
              break;
            case COL_PRODUCT:
              x = v[r][col->a] * v[r][col->b] * col->lo;
              break;
            default:
              continue;
            }

          if (row->flags & ROW_PERCENT)
            x = MIN (x, 100.0);
          /* Round now, so totals add up to what the reader sees. */
          if (col->kind != COL_PRODUCT && col->kind != COL_SUM)
            {
              int d = col->decimals >= 0 ? col->decimals : row->decimals;

              x = round (x * pow (10, d)) / pow (10, d);
            }
          v[r][c] = x;
        }
    }

  for (guint r = 0; r < n_rows; r++)
    {
      if (!(t->rows[r].flags & ROW_TOTAL))
        continue;
      for (guint c = 0; c < n_columns; c++)
        if (column_is_summed (t->columns[c].kind))
          for (guint k = 0; k < n_rows; k++)
            if (!(t->rows[k].flags & ROW_TOTAL))
              v[r][c] += v[k][c];
    }

  table = _qm_demo_table_alloc (n_rows, n_columns);
  table->caption = g_strdup (t->caption);
  table->unit_note = g_strdup (t->unit_note);

  for (guint c = 0; c < n_columns; c++)
    {
      width_sum += t->columns[c].width;
      table->headers[c] = g_strdup (t->columns[c].header);
      switch (t->columns[c].kind)
        {
        case COL_STT:
        case COL_UNIT:
        case COL_ASSESS:
          table->aligns[c] = QM_DEMO_ALIGN_CENTER;
          break;
        case COL_LABEL:
        case COL_CHOICE:
          table->aligns[c] = QM_DEMO_ALIGN_LEFT;
          break;
        default:
          table->aligns[c] = QM_DEMO_ALIGN_RIGHT;
          break;
        }
      numeric[c] = t->columns[c].kind == COL_VALUE || t->columns[c].kind == COL_FRACTION;
    }
  for (guint c = 0; c < n_columns; c++)
    table->widths[c] = t->columns[c].width / width_sum;

  for (guint r = 0; r < n_rows; r++)
    {
      const RowTemplate *row = &t->rows[r];
      gboolean total = (row->flags & ROW_TOTAL) != 0;

      if (total || (row->flags & ROW_BOLD))
        table->row_flags[r] |= QM_DEMO_ROW_BOLD;
      if (!total)
        stt++;

      for (guint c = 0; c < n_columns; c++)
        {
          const ColumnTemplate *col = &t->columns[c];
          int d = col->decimals >= 0 ? col->decimals : row->decimals;
          char *text = NULL;

          switch (col->kind)
            {
            case COL_STT:
              text = total ? g_strdup ("") : g_strdup_printf ("%u", stt);
              break;
            case COL_LABEL:
              text = g_strdup (row->label);
              break;
            case COL_UNIT:
              text = g_strdup (row->unit != NULL ? row->unit : "");
              break;
            case COL_VALUE2:
              text = total ? g_strdup ("") : _qm_demo_format_number (v[r][c], d);
              break;
            case COL_VALUE:
            case COL_FRACTION:
            case COL_SUM:
            case COL_PRODUCT:
              text = _qm_demo_format_number (v[r][c], d);
              break;
            case COL_RATIO:
            case COL_GROWTH:
              {
                double x = v[r][col->b] != 0 ? v[r][col->a] / v[r][col->b] * 100 : 0;

                text = _qm_demo_format_number (col->kind == COL_GROWTH ? x - 100 : x, d);
              }
              break;
            case COL_SHARE:
              {
                double sum = 0;

                if (total_row != G_MAXUINT)
                  sum = v[total_row][col->a];
                else
                  for (guint k = 0; k < n_rows; k++)
                    sum += v[k][col->a];
                text = _qm_demo_format_number (sum != 0 ? v[r][col->a] / sum * 100 : 0, d);
              }
              break;
            case COL_CHOICE:
              text = total ? g_strdup ("")
                           : pick_choice (col->choices,
                                          _qm_demo_hash_unit (seed, (guint64) tpl_id * 64 + repeat,
                                                              r, 100 + c));
              break;
            case COL_ASSESS:
              if (total)
                text = g_strdup ("");
              else if (v[r][col->a] > v[r][col->b] * 1.02)
                text = g_strdup ("Vượt");
              else if (v[r][col->a] >= v[r][col->b] - 1e-9)
                text = g_strdup ("Đạt");
              else
                text = g_strdup ("Chưa đạt");
              break;
            default:
              g_assert_not_reached ();
            }
          QM_DEMO_TABLE_CELL (table, r, c) = text;
        }
    }

  _qm_demo_table_pick_sample (table, numeric);
  return table;
}

/* Charts ------------------------------------------------------------------ */

typedef enum
{
  CATS_YEARS_2022,  /* 2022 … 2026 */
  CATS_YEARS_2022L, /* 2022 … 2027 */
  CATS_YEARS_2026,  /* 2026 … 2030 */
  CATS_MONTHS,
  CATS_QUARTERS,
  CATS_CUSTOM,
} CategoryKind;

typedef struct
{
  const char   *caption;
  gboolean      line;
  CategoryKind  cats;
  const char   *custom[9];
  double        custom_base[9];
  const char   *series[2];
  double        base[2];
  double        trend;   /* per category, multiplicative */
  double        noise;
  gboolean      cumulative;
  double        cap;
  int           decimals;
  const char   *x_title;
  const char   *y_title;
} ChartTemplate;

static const ChartTemplate charts_economy[] = {
  { "Tốc độ tăng trưởng GRDP giai đoạn 2022 – 2026", FALSE, CATS_YEARS_2022, { NULL }, { 0 },
    { "Tốc độ tăng GRDP", NULL }, { 7.0, 0 }, 0.0, 0.18, FALSE, 0, 1, "Năm", "%" },
  { "Chỉ số sản xuất công nghiệp các tháng năm 2026 so với cùng kỳ", TRUE, CATS_MONTHS, { NULL }, { 0 },
    { "Năm 2025", "Năm 2026" }, { 106.0, 108.5 }, 0.0, 0.02, FALSE, 0, 1, "Tháng", "%" },
  { "Kim ngạch xuất khẩu và nhập khẩu giai đoạn 2022 – 2026", FALSE, CATS_YEARS_2022, { NULL }, { 0 },
    { "Xuất khẩu", "Nhập khẩu" }, { 1650, 1280 }, 0.08, 0.05, FALSE, 0, 0, "Năm", "Triệu USD" },
  { "Sản lượng lúa giai đoạn 2022 – 2026", FALSE, CATS_YEARS_2022, { NULL }, { 0 },
    { "Sản lượng lúa", NULL }, { 1140, 0 }, -0.004, 0.03, FALSE, 0, 0, "Năm", "Nghìn tấn" },
  { "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng các tháng năm 2026", TRUE, CATS_MONTHS, { NULL }, { 0 },
    { "Năm 2025", "Năm 2026" }, { 6650, 7300 }, 0.008, 0.04, FALSE, 0, 0, "Tháng", "Tỷ đồng" },
  { "Doanh nghiệp thành lập mới và giải thể giai đoạn 2022 – 2026", FALSE, CATS_YEARS_2022, { NULL }, { 0 },
    { "Thành lập mới", "Giải thể" }, { 1020, 150 }, 0.05, 0.08, FALSE, 0, 0, "Năm", "Doanh nghiệp" },
  { "Lượt khách du lịch các tháng năm 2026", TRUE, CATS_MONTHS, { NULL }, { 0 },
    { "Năm 2025", "Năm 2026" }, { 520, 610 }, 0.0, 0.25, FALSE, 0, 0, "Tháng", "Nghìn lượt" },
};

static const ChartTemplate charts_budget[] = {
  { "Dự toán và kết quả thu ngân sách nhà nước giai đoạn 2022 – 2026", FALSE, CATS_YEARS_2022, { NULL }, { 0 },
    { "Dự toán", "Thực hiện" }, { 9200, 9900 }, 0.07, 0.04, FALSE, 0, 0, "Năm", "Tỷ đồng" },
  { "Tiến độ giải ngân vốn đầu tư công lũy kế các tháng", TRUE, CATS_MONTHS, { NULL }, { 0 },
    { "Năm 2025", "Năm 2026" }, { 91.5, 96.2 }, 0.0, 0.3, TRUE, 0, 1, "Tháng", "% kế hoạch vốn" },
  { "Cơ cấu dự toán chi ngân sách địa phương năm 2027", FALSE, CATS_CUSTOM,
    { "Đầu tư phát triển", "Chi thường xuyên", "Dự phòng", "Tạo nguồn CCTL", "Chương trình MTQG", NULL },
    { 5850, 9420, 330, 690, 520 },
    { "Dự toán năm 2027", NULL }, { 1, 0 }, 0.0, 0.04, FALSE, 0, 0, "Nội dung chi", "Tỷ đồng" },
  { "Chi đầu tư phát triển và chi thường xuyên giai đoạn 2022 – 2026", FALSE, CATS_YEARS_2022, { NULL }, { 0 },
    { "Chi đầu tư phát triển", "Chi thường xuyên" }, { 4300, 7600 }, 0.06, 0.04, FALSE, 0, 0, "Năm", "Tỷ đồng" },
};

static const ChartTemplate charts_investment[] = {
  { "Dự kiến bố trí vốn đầu tư công trung hạn theo ngành, lĩnh vực", FALSE, CATS_CUSTOM,
    { "Giao thông", "Thủy lợi", "Giáo dục", "Y tế", "Văn hóa", "KH-CN, CĐS", "Đô thị", "Môi trường", NULL },
    { 10400, 5600, 3300, 2500, 1200, 1700, 3600, 1000 },
    { "Dự kiến bố trí", NULL }, { 1, 0 }, 0.0, 0.05, FALSE, 0, 0, "Ngành, lĩnh vực", "Tỷ đồng" },
  { "Dự kiến vốn đầu tư công theo năm, giai đoạn 2026 – 2030", TRUE, CATS_YEARS_2026, { NULL }, { 0 },
    { "Ngân sách địa phương", "Ngân sách trung ương" }, { 4800, 2300 }, 0.06, 0.05, FALSE, 0, 0, "Năm", "Tỷ đồng" },
};

static const ChartTemplate charts_admin[] = {
  { "Số thủ tục hành chính được công bố theo quý", FALSE, CATS_QUARTERS, { NULL }, { 0 },
    { "Năm 2025", "Năm 2026" }, { 95, 110 }, 0.0, 0.3, FALSE, 0, 0, "Quý", "Thủ tục" },
  { "Tỷ lệ hồ sơ giải quyết đúng hạn các tháng năm 2026", TRUE, CATS_MONTHS, { NULL }, { 0 },
    { "Tỷ lệ đúng hạn", NULL }, { 97.6, 0 }, 0.0, 0.015, FALSE, 100, 1, "Tháng", "%" },
  { "Chỉ số SIPAS và PAR INDEX của tỉnh giai đoạn 2022 – 2026", TRUE, CATS_YEARS_2022, { NULL }, { 0 },
    { "SIPAS", "PAR INDEX" }, { 82.5, 84.1 }, 0.025, 0.015, FALSE, 100, 1, "Năm", "%" },
};

static const ChartTemplate charts_digital[] = {
  { "Tỷ lệ hồ sơ trực tuyến giai đoạn 2022 – 2027", TRUE, CATS_YEARS_2022L, { NULL }, { 0 },
    { "Hồ sơ trực tuyến", "Trực tuyến toàn trình" }, { 35, 18 }, 0.16, 0.04, FALSE, 100, 1, "Năm", "%" },
  { "Số hồ sơ tiếp nhận trực tuyến theo quý năm 2026", FALSE, CATS_QUARTERS, { NULL }, { 0 },
    { "Hồ sơ trực tuyến", NULL }, { 68000, 0 }, 0.05, 0.1, FALSE, 0, 0, "Quý", "Hồ sơ" },
};

static const ChartTemplate charts_social[] = {
  { "Tỷ lệ hộ nghèo và hộ cận nghèo giai đoạn 2022 – 2026", TRUE, CATS_YEARS_2022, { NULL }, { 0 },
    { "Hộ nghèo", "Hộ cận nghèo" }, { 4.8, 6.2 }, -0.15, 0.04, FALSE, 0, 2, "Năm", "%" },
  { "Số lao động được giải quyết việc làm giai đoạn 2022 – 2026", FALSE, CATS_YEARS_2022, { NULL }, { 0 },
    { "Lao động có việc làm mới", NULL }, { 21000, 0 }, 0.03, 0.06, FALSE, 0, 0, "Năm", "Người" },
  { "Tỷ lệ dân số tham gia bảo hiểm y tế giai đoạn 2022 – 2026", TRUE, CATS_YEARS_2022, { NULL }, { 0 },
    { "Tỷ lệ tham gia", NULL }, { 89.2, 0 }, 0.012, 0.004, FALSE, 100, 1, "Năm", "%" },
  { "Dự kiến kinh phí quà Tết theo nhóm đối tượng", FALSE, CATS_CUSTOM,
    { "Người có công", "Hộ nghèo, cận nghèo", "Người cao tuổi", "Trẻ em", "Bảo trợ xã hội", "Công nhân", NULL },
    { 9800, 10080, 290, 925, 14250, 3200 },
    { "Kinh phí", NULL }, { 1, 0 }, 0.0, 0.03, FALSE, 0, 0, "Nhóm đối tượng", "Triệu đồng" },
};

static const struct
{
  const ChartTemplate *items;
  guint                n;
  const char          *source;
} pool_charts[QM_DEMO_N_POOLS] = {
  { charts_economy, G_N_ELEMENTS (charts_economy), "Nguồn: Thống kê tỉnh " QM_DEMO_PROVINCE "." },
  { charts_budget, G_N_ELEMENTS (charts_budget), "Nguồn: Sở Tài chính tỉnh " QM_DEMO_PROVINCE "." },
  { charts_investment, G_N_ELEMENTS (charts_investment), "Nguồn: Sở Tài chính tỉnh " QM_DEMO_PROVINCE "." },
  { charts_admin, G_N_ELEMENTS (charts_admin), "Nguồn: Sở Nội vụ tỉnh " QM_DEMO_PROVINCE "." },
  { charts_digital, G_N_ELEMENTS (charts_digital), "Nguồn: Sở Khoa học và Công nghệ tỉnh " QM_DEMO_PROVINCE "." },
  { charts_social, G_N_ELEMENTS (charts_social), "Nguồn: Sở Nội vụ; Sở Y tế tỉnh " QM_DEMO_PROVINCE "." },
  { NULL, 0, NULL },
  { NULL, 0, NULL },
  { NULL, 0, NULL },
};

guint
_qm_demo_pool_n_charts (QmDemoPool pool)
{
  return pool_charts[pool].n;
}

void
_qm_demo_chart_free (QmDemoChart *chart)
{
  if (chart == NULL)
    return;

  for (guint i = 0; i < chart->n_categories; i++)
    g_free (chart->categories[i]);
  g_free (chart->caption);
  g_free (chart->x_title);
  g_free (chart->y_title);
  g_free (chart);
}

const char *const _qm_demo_quarter_names[4] = { "Quý I", "Quý II", "Quý III", "Quý IV" };

QmDemoChart *
_qm_demo_chart_new (QmDemoPool pool,
                    guint      index,
                    guint64    seed)
{
  const ChartTemplate *t;
  QmDemoChart *chart;
  guint repeat, tpl_id;

  if (pool_charts[pool].n == 0)
    return NULL;

  t = &pool_charts[pool].items[index % pool_charts[pool].n];
  repeat = index / pool_charts[pool].n;
  tpl_id = 1000 + (guint) pool * 16 + index % pool_charts[pool].n;

  chart = g_new0 (QmDemoChart, 1);
  chart->caption = g_strdup (t->caption);
  chart->line = t->line;
  chart->decimals = t->decimals;
  chart->x_title = g_strdup (t->x_title);
  chart->y_title = g_strdup (t->y_title);
  chart->source = pool_charts[pool].source;
  chart->series[0] = t->series[0];
  chart->series[1] = t->series[1];
  chart->n_series = t->series[1] != NULL ? 2 : 1;

  switch (t->cats)
    {
    case CATS_YEARS_2022:
    case CATS_YEARS_2022L:
    case CATS_YEARS_2026:
      chart->n_categories = t->cats == CATS_YEARS_2022L ? 6 : 5;
      for (guint i = 0; i < chart->n_categories; i++)
        chart->categories[i]
            = g_strdup_printf ("%u", (t->cats == CATS_YEARS_2026 ? 2026 : 2022) + i);
      break;
    case CATS_MONTHS:
      chart->n_categories = 12;
      for (guint i = 0; i < 12; i++)
        chart->categories[i] = g_strdup_printf ("T%u", i + 1);
      break;
    case CATS_QUARTERS:
      chart->n_categories = 4;
      for (guint i = 0; i < 4; i++)
        chart->categories[i] = g_strdup (_qm_demo_quarter_names[i]);
      break;
    case CATS_CUSTOM:
      while (chart->n_categories < G_N_ELEMENTS (t->custom)
             && t->custom[chart->n_categories] != NULL)
        {
          chart->categories[chart->n_categories] = g_strdup (t->custom[chart->n_categories]);
          chart->n_categories++;
        }
      break;
    default:
      g_assert_not_reached ();
    }

  for (guint s = 0; s < chart->n_series; s++)
    {
      double weights[QM_DEMO_CHART_MAX_CATEGORIES];
      double weight_sum = 0, running = 0;

      for (guint i = 0; i < chart->n_categories; i++)
        {
          double u = _qm_demo_hash_unit (seed, (guint64) tpl_id * 64 + repeat, s, i);
          double x;

          if (t->cumulative)
            {
              /* Disbursement is back-loaded: later months weigh more. */
              weights[i] = (1.0 + 0.25 * i) * (1.0 + t->noise * (2 * u - 1));
              weight_sum += weights[i];
              continue;
            }

          x = t->base[s] * pow (1.0 + t->trend, i) * (1.0 + t->noise * (2 * u - 1));
          if (t->cats == CATS_CUSTOM)
            x *= t->custom_base[i];
          if (t->cap > 0)
            x = MIN (x, t->cap);
          chart->values[s][i] = x;
        }

      if (t->cumulative)
        for (guint i = 0; i < chart->n_categories; i++)
          {
            running += weights[i];
            chart->values[s][i] = t->base[s] * running / weight_sum;
          }
    }

  return chart;
}

char *
_qm_demo_document_dup_table_sample (const QmDemoDocumentSpec *spec)
{
  const QmDemoTemplate *tpl;
  g_autoptr(QmDemoTable) table = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  if (spec->kind == QM_DEMO_DOCUMENT_ANNEX)
    {
      table = _qm_demo_annex_summary_new (0, spec->seed);
    }
  else
    {
      tpl = _qm_demo_template_lookup (spec->kind, spec->topic);
      for (guint s = 0; tpl->sections[s].heading != NULL && table == NULL; s++)
        {
          int index = _qm_demo_section_pick_figure (tpl, s, TRUE, 0);

          if (index >= 0)
            table = _qm_demo_table_new (tpl->sections[s].pool, index, spec->seed);
        }
    }

  if (table == NULL)
    return NULL;
  return g_strdup (QM_DEMO_TABLE_CELL (table, table->sample_row, table->sample_column));
}
