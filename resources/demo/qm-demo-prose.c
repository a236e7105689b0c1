/* qm-demo-prose.c
 *
 * Vietnamese administrative prose for the demo documents: sentences and templates.
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

/* Everything here is a pure function of its arguments: no GRand, no locale,
 * no time, so a seed gives the same document on every machine. */

static guint64
scramble (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static guint64
mix64 (guint64 z)
{
  return scramble (z + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
}

double
_qm_demo_hash_unit (guint64 seed,
                    guint64 a,
                    guint64 b,
                    guint64 c)
{
  guint64 h = mix64 (seed ^ mix64 (a ^ mix64 (b ^ mix64 (c))));

  return (double) (h >> 11) * (1.0 / 9007199254740992.0);
}

void
_qm_demo_rng_init (QmDemoRng *rng,
                   guint64    seed,
                   guint64    stream)
{
  rng->seed = seed;
  rng->state = mix64 (seed) ^ mix64 (stream + 1);
}

guint64
_qm_demo_rng_next (QmDemoRng *rng)
{
  rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return scramble (rng->state);
}

double
_qm_demo_rng_double (QmDemoRng *rng)
{
  return (double) (_qm_demo_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

guint
_qm_demo_rng_range (QmDemoRng *rng,
                    guint      n)
{
  g_assert (n > 0);
  return (guint) (_qm_demo_rng_next (rng) % n);
}

/* Vietnamese convention: "1.234.567,8", whatever the process locale. */
void
_qm_demo_append_number (GString *out,
                        double   value,
                        int      decimals)
{
  guint64 scale = 1;
  guint64 scaled;
  char digits[32];
  gsize len;

  for (int i = 0; i < decimals; i++)
    scale *= 10;

  scaled = (guint64) llround (fabs (value) * (double) scale);
  if (value < 0 && scaled != 0)
    g_string_append_c (out, '-');

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, scaled / scale);
  len = strlen (digits);
  for (gsize i = 0; i < len; i++)
    {
      g_string_append_c (out, digits[i]);
      if (i + 1 < len && (len - i - 1) % 3 == 0)
        g_string_append_c (out, '.');
    }

  if (decimals > 0)
    g_string_append_printf (out, ",%0*" G_GUINT64_FORMAT, decimals, scaled % scale);
}

char *
_qm_demo_lower_first (const char *text)
{
  char first[8] = { 0 };

  if (*text == '\0')
    return g_strdup ("");
  g_unichar_to_utf8 (g_unichar_tolower (g_utf8_get_char (text)), first);
  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

/* Prose ------------------------------------------------------------------ */

/* Figures in prose depend on the document and the sentence, not on where the
 * sentence lands: a sentence that comes back says the same thing, and the
 * headline growth rate is one figure per document. */
static const struct
{
  const char *name;
  double      lo;
  double      hi;
  int         decimals;
} placeholders[] = {
  { "grdp", 6.6, 8.4, 1 },
  { "pct", 1.5, 12.5, 1 },
  { "small", 0.6, 4.8, 2 },
  { "hi", 85.0, 99.6, 1 },
  { "mid", 55.0, 88.0, 1 },
  { "over", 100.5, 118.0, 1 },
  { "share", 22.0, 68.0, 1 },
  { "bn", 320, 24800, 0 },
  { "usd", 450, 3900, 0 },
  { "cnt", 24, 480, 0 },
  { "few", 8, 42, 0 },
  { "big", 1200, 96000, 0 },
  { "yield", 55.0, 68.5, 1 },
  { "gdppc", 78.0, 95.0, 1 },
  { "rank", 2, 9, 0 },
  { "firms", 1050, 1480, 0 },
  { "m", 1.2, 9.8, 1 },
};

/* A leading '^' marks a sentence that reads well after a connector. */
static const char *const pool_economy[] = {
  "^Tổng sản phẩm trên địa bàn tỉnh (GRDP) năm 2026 ước tăng {grdp}% so với năm 2025, đạt mục tiêu Nghị quyết của Hội đồng nhân dân tỉnh đề ra.",
  "^Cơ cấu kinh tế chuyển dịch theo hướng tích cực, tỷ trọng khu vực dịch vụ chiếm {share}% trong GRDP.",
  "^Quy mô GRDP theo giá hiện hành ước đạt {bn} tỷ đồng; GRDP bình quân đầu người đạt {gdppc} triệu đồng.",
  "Tuy nhiên, quy mô nền kinh tế còn nhỏ, năng lực cạnh tranh của doanh nghiệp địa phương chưa cao, sức mua của thị trường trong nước phục hồi chậm.",
  "^Giá cả hàng hóa, dịch vụ trên thị trường cơ bản ổn định; chỉ số giá tiêu dùng bình quân năm tăng {small}%.",
  "^Sản xuất nông nghiệp cơ bản ổn định; diện tích gieo trồng lúa cả năm đạt {big} ha, năng suất bình quân ước đạt {yield} tạ/ha.",
  "^Chăn nuôi phát triển ổn định; công tác phòng, chống dịch bệnh trên gia súc, gia cầm được triển khai quyết liệt, không để dịch lớn xảy ra.",
  "^Giá trị sản xuất ngành nông, lâm nghiệp và thủy sản ước tăng {pct}%, trong đó lĩnh vực thủy sản tiếp tục giữ vai trò động lực.",
  "^Diện tích rừng trồng mới tập trung đạt {cnt} ha, tỷ lệ che phủ rừng được duy trì ổn định.",
  "^Khu vực công nghiệp – xây dựng tiếp tục là động lực tăng trưởng chính, tăng {pct}% và đóng góp phần lớn vào mức tăng chung của nền kinh tế.",
  "^Chỉ số sản xuất công nghiệp (IIP) tăng {pct}% so với cùng kỳ, trong đó ngành công nghiệp chế biến, chế tạo tăng {pct}%.",
  "^Hạ tầng giao thông, khu công nghiệp và cụm công nghiệp tiếp tục được đầu tư, tạo không gian phát triển mới cho tỉnh.",
  "^Hoạt động xây dựng có bước phục hồi, nhiều công trình hạ tầng kỹ thuật và nhà ở xã hội được khởi công mới.",
  "^Sản lượng điện thương phẩm tăng {pct}%, đáp ứng đủ nhu cầu sản xuất và sinh hoạt của Nhân dân.",
  "^Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng ước đạt {bn} tỷ đồng, tăng {pct}% so với năm trước.",
  "^Kim ngạch xuất khẩu ước đạt {usd} triệu USD; các mặt hàng chủ lực như thủy sản, gạo, dệt may và đồ gỗ duy trì mức tăng trưởng khá.",
  "^Hoạt động du lịch phục hồi mạnh mẽ, tổng lượt khách ước đạt {m} triệu lượt, doanh thu từ du lịch tăng {pct}%.",
  "^Hoạt động vận tải hàng hóa và hành khách tăng trưởng ổn định, doanh thu vận tải, kho bãi tăng {pct}%.",
  "^Công tác thu hút đầu tư có nhiều chuyển biến, trong năm đã cấp mới {cnt} dự án với tổng vốn đăng ký {bn} tỷ đồng.",
  "^Số doanh nghiệp thành lập mới đạt {firms} doanh nghiệp, số doanh nghiệp quay trở lại hoạt động tăng {pct}% so với năm 2025.",
  "^Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) được cải thiện, thứ hạng tăng {rank} bậc so với năm trước.",
  "^Tổng vốn đầu tư phát triển toàn xã hội ước đạt {bn} tỷ đồng, tăng {pct}% so với năm 2025.",
  NULL
};

static const char *const pool_budget[] = {
  "^Tổng thu ngân sách nhà nước trên địa bàn năm 2026 ước đạt {bn} tỷ đồng, bằng {over}% dự toán Trung ương giao.",
  "^Thu nội địa tiếp tục giữ vai trò chủ đạo, chiếm khoảng {share}% tổng thu ngân sách nhà nước trên địa bàn.",
  "^Thu nội địa ước đạt {bn} tỷ đồng, bằng {over}% dự toán Hội đồng nhân dân tỉnh giao và tăng {pct}% so với cùng kỳ.",
  "^Số thu từ khu vực doanh nghiệp có vốn đầu tư nước ngoài tăng khá nhờ một số dự án lớn đi vào hoạt động ổn định.",
  "^Công tác quản lý nợ thuế được tăng cường, tổng số nợ thuế đến cuối năm giảm {pct}% so với cùng kỳ.",
  "Ủy ban nhân dân tỉnh đã chỉ đạo cơ quan thuế, hải quan tăng cường chống thất thu, xử lý nợ đọng thuế, phấn đấu thu đạt và vượt dự toán được giao.",
  "^Thu từ hoạt động xuất nhập khẩu ước đạt {bn} tỷ đồng, tăng {pct}% do kim ngạch nhập khẩu máy móc, thiết bị của các dự án lớn tăng.",
  "^Nguồn thu từ tiền sử dụng đất còn phụ thuộc nhiều vào tiến độ đấu giá quyền sử dụng đất nên chưa thật sự bền vững.",
  "^Tổng chi ngân sách địa phương ước thực hiện {bn} tỷ đồng, đáp ứng kịp thời các nhiệm vụ chi quan trọng, cấp bách của tỉnh.",
  "^Chi đầu tư phát triển được ưu tiên bố trí cho các công trình chuyển tiếp và các dự án trọng điểm có tính lan tỏa.",
  "^Chi thường xuyên được điều hành chặt chẽ theo dự toán, ưu tiên bảo đảm các khoản chi cho con người và an sinh xã hội.",
  "^Nguồn cải cách tiền lương còn dư được sử dụng để thực hiện các chính sách an sinh xã hội theo quy định.",
  "^Dự toán chi thường xuyên được xây dựng trên cơ sở định mức phân bổ đã được Hội đồng nhân dân tỉnh thông qua cho thời kỳ ổn định ngân sách mới.",
  "^Việc quản lý, sử dụng ngân sách bảo đảm đúng quy định, tiết kiệm, chống lãng phí; kiên quyết cắt giảm các khoản chi chưa thực sự cần thiết.",
  "^Dự phòng ngân sách được bố trí ở mức {small}% tổng chi cân đối để chủ động ứng phó với thiên tai, dịch bệnh và các nhiệm vụ phát sinh.",
  "^Bội chi ngân sách địa phương được kiểm soát trong giới hạn cho phép, bảo đảm an toàn nợ công theo quy định.",
  "^Việc công khai ngân sách được thực hiện đầy đủ trên Cổng thông tin điện tử của tỉnh, bảo đảm minh bạch theo quy định.",
  NULL
};

static const char *const pool_investment[] = {
  "Kế hoạch đầu tư công trung hạn giai đoạn 2026 – 2030 được xây dựng bám sát mục tiêu, định hướng của Quy hoạch tỉnh thời kỳ 2021 – 2030, tầm nhìn đến năm 2050.",
  "^Tổng nhu cầu vốn do các sở, ngành và địa phương đề xuất là {bn} tỷ đồng, vượt xa khả năng cân đối của ngân sách.",
  "^Việc phân bổ vốn tuân thủ nguyên tắc tập trung, có trọng tâm, trọng điểm, không dàn trải, bảo đảm hiệu quả đầu tư.",
  "^Ưu tiên bố trí vốn để hoàn thành các dự án chuyển tiếp, thu hồi các khoản vốn ứng trước và thanh toán dứt điểm nợ đọng xây dựng cơ bản.",
  "^Việc lựa chọn dự án phải bảo đảm có đủ hồ sơ, thủ tục và khả năng hoàn thành trong giai đoạn, không để phát sinh nợ đọng.",
  "^Các dự án khởi công mới chỉ được bố trí vốn khi đã hoàn thành thủ tục đầu tư theo quy định của Luật Đầu tư công.",
  "^Nguồn vốn ngân sách tỉnh dự kiến bố trí {bn} tỷ đồng; vốn ngân sách trung ương hỗ trợ có mục tiêu khoảng {bn} tỷ đồng.",
  "^Tổng mức vốn đầu tư công trung hạn giai đoạn 2026 – 2030 dự kiến là {bn} tỷ đồng, tăng khoảng {pct}% so với giai đoạn trước.",
  "^Số dự án dự kiến bố trí vốn trong giai đoạn là {cnt} dự án, giảm đáng kể so với giai đoạn trước, khắc phục tình trạng đầu tư dàn trải.",
  "^Dự án đường ven biển và các tuyến giao thông kết nối vùng có ý nghĩa đặc biệt quan trọng, mở ra dư địa phát triển mới cho tỉnh.",
  "^Các chủ đầu tư chịu trách nhiệm toàn diện về tiến độ, chất lượng công trình và hiệu quả sử dụng vốn được giao.",
  "^Một số dự án còn chậm tiến độ do vướng mắc trong công tác bồi thường, giải phóng mặt bằng và thiếu nguồn vật liệu san lấp.",
  "^Tỷ lệ giải ngân vốn đầu tư công đến ngày 30 tháng 11 đạt {mid}% kế hoạch vốn được giao.",
  NULL
};

static const char *const pool_admin[] = {
  "Công tác cải cách hành chính tiếp tục được các cấp, các ngành quan tâm chỉ đạo, xác định là nhiệm vụ trọng tâm, thường xuyên.",
  "^Kỷ luật, kỷ cương hành chính được tăng cường; công tác kiểm tra công vụ được tổ chức thường xuyên và đột xuất.",
  "^Công tác rà soát, hệ thống hóa văn bản quy phạm pháp luật được thực hiện nghiêm túc; đã bãi bỏ {few} văn bản không còn phù hợp.",
  "^Hệ thống một cửa điện tử của tỉnh được kết nối với Cổng Dịch vụ công quốc gia, bảo đảm theo dõi, giám sát tiến độ giải quyết hồ sơ.",
  "Trong năm, Chủ tịch Ủy ban nhân dân tỉnh đã công bố {cnt} thủ tục hành chính mới ban hành, sửa đổi, bổ sung hoặc bãi bỏ.",
  "^Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt {hi}%, tăng so với cùng kỳ năm trước.",
  "Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận {big} hồ sơ, trong đó hồ sơ trực tuyến chiếm {share}%.",
  "^Việc sắp xếp tổ chức bộ máy theo mô hình chính quyền địa phương hai cấp được thực hiện đồng bộ, bảo đảm hoạt động thông suốt, không gián đoạn.",
  "^Đội ngũ cán bộ, công chức được sắp xếp theo vị trí việc làm; công tác đánh giá, xếp loại gắn với kết quả thực hiện nhiệm vụ.",
  "^Công tác tuyển dụng công chức, viên chức được thực hiện công khai, minh bạch, đúng quy định.",
  "^Việc giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập được đẩy mạnh; {cnt} đơn vị đã tự bảo đảm chi thường xuyên.",
  "^Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS) đạt {hi}%.",
  "^Việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt {hi}%, tạo nền tảng cho việc khai thác, tái sử dụng dữ liệu.",
  "Tuy vậy, ở một số đơn vị cấp xã vẫn còn tình trạng hồ sơ trễ hạn, chưa thực hiện việc xin lỗi người dân theo quy định.",
  "Năm 2027, tỉnh phấn đấu cải thiện thứ hạng các chỉ số PAR INDEX, SIPAS và PCI, góp phần nâng cao năng lực cạnh tranh cấp tỉnh.",
  NULL
};

static const char *const pool_digital[] = {
  "^Hạ tầng số tiếp tục được đầu tư, {hi}% thôn, khu phố đã có mạng cáp quang băng rộng.",
  "^Mạng di động 5G đã được phủ sóng tại trung tâm các phường và các khu công nghiệp trên địa bàn tỉnh.",
  "^Kho dữ liệu dùng chung của tỉnh đã kết nối, chia sẻ với Cơ sở dữ liệu quốc gia về dân cư, phục vụ giải quyết thủ tục hành chính.",
  "^Hệ thống quản lý văn bản và điều hành được sử dụng thống nhất từ cấp tỉnh đến cấp xã, tỷ lệ văn bản điện tử đạt {hi}%.",
  "^Phòng họp không giấy được triển khai tại các phiên họp của Ủy ban nhân dân tỉnh, giúp tiết kiệm chi phí in ấn và thời gian chuẩn bị tài liệu.",
  "^Dịch vụ công trực tuyến toàn trình được cung cấp cho {cnt} thủ tục hành chính, tỷ lệ hồ sơ trực tuyến đạt {share}%.",
  "^Ứng dụng trí tuệ nhân tạo được thí điểm trong tiếp nhận, trả lời phản ánh, kiến nghị của người dân.",
  "^Tỷ lệ người dân trưởng thành có tài khoản định danh điện tử mức độ 2 đạt {hi}%.",
  "^Kinh tế số ước chiếm {small}% GRDP của tỉnh; thương mại điện tử tiếp tục phát triển, nhiều sản phẩm OCOP đã được đưa lên sàn giao dịch.",
  "^Trung tâm giám sát, điều hành đô thị thông minh của tỉnh đã đi vào vận hành, tích hợp dữ liệu từ {few} hệ thống chuyên ngành.",
  "^Công tác bảo đảm an toàn, an ninh mạng được quan tâm; các hệ thống thông tin quan trọng đã được phê duyệt hồ sơ đề xuất cấp độ.",
  "^Nguồn nhân lực chuyển đổi số còn thiếu, nhất là cán bộ chuyên trách công nghệ thông tin ở cấp xã.",
  NULL
};

static const char *const pool_social[] = {
  "^Chính sách ưu đãi người có công với cách mạng được thực hiện đầy đủ; {cnt} căn nhà tình nghĩa đã được xây mới và sửa chữa.",
  "^Các chính sách an sinh xã hội được thực hiện đầy đủ, kịp thời; tỷ lệ hộ nghèo theo chuẩn đa chiều giảm còn {small}%.",
  "^Chương trình xây dựng nông thôn mới tiếp tục được quan tâm, đến nay toàn tỉnh có {few} xã đạt chuẩn nông thôn mới nâng cao.",
  "^Kinh phí hỗ trợ các đối tượng bảo trợ xã hội trong năm là {bn} triệu đồng, tỷ lệ chi trả qua tài khoản đạt {hi}%.",
  "^Việc chi trả trợ cấp hằng tháng cho {big} đối tượng bảo trợ xã hội được thực hiện đúng quy định, kịp thời.",
  "^Các hoạt động thăm hỏi, tặng quà gia đình chính sách, hộ nghèo nhân dịp lễ, Tết được tổ chức chu đáo, đúng đối tượng.",
  "^Công tác chăm sóc, bảo vệ trẻ em, bình đẳng giới và phòng, chống tệ nạn xã hội được triển khai đồng bộ.",
  "Trong năm đã giải quyết việc làm cho {big} lao động, trong đó đưa {cnt} người đi làm việc ở nước ngoài theo hợp đồng.",
  "^Tỷ lệ lao động qua đào tạo đạt {mid}%, đáp ứng ngày càng tốt hơn nhu cầu của doanh nghiệp.",
  "^Công tác giáo dục và đào tạo đạt nhiều kết quả tích cực, tỷ lệ học sinh tốt nghiệp trung học phổ thông đạt {hi}%.",
  "^Mạng lưới trường, lớp tiếp tục được sắp xếp hợp lý; tỷ lệ trường đạt chuẩn quốc gia đạt {mid}%.",
  "^Mạng lưới y tế cơ sở tiếp tục được củng cố; tỷ lệ dân số tham gia bảo hiểm y tế đạt {hi}%.",
  "^Công tác chăm sóc sức khỏe Nhân dân được nâng lên; tỷ lệ trạm y tế xã có bác sĩ làm việc đạt {hi}%.",
  "^Hoạt động văn hóa, thể thao diễn ra sôi nổi, nhất là các hoạt động kỷ niệm các ngày lễ lớn của đất nước.",
  "^Quốc phòng, an ninh được giữ vững; trật tự, an toàn xã hội được bảo đảm, tai nạn giao thông giảm trên cả ba tiêu chí.",
  NULL
};

static const char *const pool_limits[] = {
  "Tăng trưởng kinh tế chưa tương xứng với tiềm năng, lợi thế; một số chỉ tiêu quan trọng chưa đạt kế hoạch đề ra.",
  "Tiến độ giải ngân vốn đầu tư công ở một số dự án còn chậm, chưa đáp ứng yêu cầu.",
  "Công tác bồi thường, giải phóng mặt bằng ở một số dự án trọng điểm còn vướng mắc, kéo dài.",
  "Chất lượng nguồn nhân lực còn hạn chế, thiếu lao động có tay nghề cao đáp ứng yêu cầu của doanh nghiệp.",
  "Việc phối hợp giữa các sở, ngành và địa phương trong xử lý công việc có lúc chưa chặt chẽ, kịp thời.",
  "Tình hình thời tiết diễn biến phức tạp, mưa lớn kéo dài vào cuối năm gây thiệt hại đáng kể cho sản xuất và hạ tầng.",
  "Nguyên nhân chủ yếu là do tác động của tình hình kinh tế thế giới còn nhiều bất ổn, giá nguyên vật liệu đầu vào biến động tăng.",
  "Bên cạnh nguyên nhân khách quan, một bộ phận cán bộ, công chức còn né tránh, đùn đẩy trách nhiệm, ngại va chạm.",
  "Hạ tầng kỹ thuật ở một số khu vực nông thôn, miền núi còn thiếu đồng bộ, chưa đáp ứng yêu cầu phát triển.",
  "Một số chỉ tiêu về thu ngân sách, thu hút đầu tư nước ngoài đạt thấp so với kế hoạch.",
  "Công tác quản lý đất đai, tài nguyên, khoáng sản ở một số địa phương còn để xảy ra vi phạm.",
  "Việc triển khai một số đề án chuyển đổi số còn chậm, hiệu quả khai thác dữ liệu chưa cao.",
  "Một số thủ tục hành chính còn phức tạp, thời gian giải quyết hồ sơ ở một số lĩnh vực chưa được rút ngắn như mong muốn.",
  NULL
};

static const char *const pool_tasks[] = {
  "Tập trung tháo gỡ khó khăn, vướng mắc cho sản xuất, kinh doanh; tạo môi trường đầu tư thuận lợi, minh bạch.",
  "Đẩy nhanh tiến độ thực hiện và giải ngân vốn đầu tư công, nhất là các dự án trọng điểm, có tính kết nối vùng.",
  "Tăng cường quản lý thu, chống thất thu ngân sách; quản lý chi chặt chẽ, tiết kiệm, hiệu quả.",
  "Đẩy mạnh cải cách hành chính, chuyển đổi số; nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
  "Thực hiện tốt các chính sách an sinh xã hội, chăm lo đời sống vật chất, tinh thần cho Nhân dân.",
  "Các sở, ban, ngành và Ủy ban nhân dân các xã, phường chủ động rà soát, tham mưu tháo gỡ khó khăn thuộc thẩm quyền, không để tồn đọng, kéo dài.",
  "Tăng cường phối hợp giữa các cấp, các ngành trong triển khai nhiệm vụ; đề cao trách nhiệm của người đứng đầu.",
  "Đẩy mạnh công tác thông tin, tuyên truyền, tạo đồng thuận xã hội trong thực hiện các nhiệm vụ phát triển kinh tế – xã hội.",
  "Thực hiện nghiêm chế độ thông tin, báo cáo định kỳ, gửi Sở Tài chính để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
  "Chủ động phòng, chống thiên tai, dịch bệnh; bảo đảm quốc phòng, an ninh và trật tự, an toàn xã hội trên địa bàn.",
  "Nâng cao chất lượng nguồn nhân lực, gắn đào tạo nghề với nhu cầu của thị trường lao động.",
  "Rà soát, hoàn thiện cơ chế, chính sách của tỉnh, tạo thuận lợi cho người dân và doanh nghiệp.",
  "Tập trung hoàn thiện hạ tầng giao thông kết nối, hạ tầng khu công nghiệp, cụm công nghiệp để thu hút đầu tư.",
  "Tiếp tục sắp xếp, kiện toàn tổ chức bộ máy, nâng cao hiệu lực, hiệu quả hoạt động của chính quyền địa phương hai cấp.",
  "Phát triển văn hóa, xã hội hài hòa với phát triển kinh tế; bảo vệ môi trường, chủ động ứng phó với biến đổi khí hậu.",
  "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan theo dõi, đôn đốc việc triển khai thực hiện.",
  NULL
};

static const char *const pool_annex[] = {
  "Số liệu năm 2026 là số liệu sơ bộ, được tổng hợp từ báo cáo của các sở, ngành và Ủy ban nhân dân các xã, phường.",
  "Dân số trung bình là dân số tính bình quân cho cả năm, được tính theo phương pháp bình quân số học.",
  "Chỉ số phát triển được tính bằng cách so sánh mức độ của chỉ tiêu giữa hai thời kỳ, lấy năm trước làm gốc so sánh.",
  "Số liệu các năm trước năm 2025 đã được tính toán lại theo địa giới hành chính các xã, phường sau sắp xếp để bảo đảm tính so sánh.",
  "Giá trị sản xuất công nghiệp được tính theo giá so sánh năm 2010, loại trừ yếu tố biến động giá.",
  "Diện tích đất được tổng hợp theo kết quả thống kê đất đai năm 2025 và số liệu biến động đất đai năm 2026.",
  "Tỷ lệ hộ nghèo được xác định theo chuẩn nghèo đa chiều giai đoạn 2026 – 2030.",
  "Tổng số có thể không khớp với tổng các thành phần do làm tròn số.",
  NULL
};

static const char *const *const pools[QM_DEMO_N_POOLS] = {
  pool_economy, pool_budget, pool_investment, pool_admin, pool_digital,
  pool_social, pool_limits, pool_tasks, pool_annex,
};

static const char *const connectors[] = {
  "Bên cạnh đó, ", "Cùng với đó, ", "Nhìn chung, ", "Đáng chú ý, ",
  "Theo số liệu tổng hợp, ", "Trong năm, ",
};

static guint
pool_size (QmDemoPool pool)
{
  guint n = 0;

  while (pools[pool][n] != NULL)
    n++;
  return n;
}

/* Copies text, replacing each {name} with a number. */
void
_qm_demo_append_text (GString    *out,
                      const char *text,
                      QmDemoRng  *rng)
{
  const char *p = text;
  /* Keyed past the first character, which a connector may lower-case. */
  guint64 key = g_str_hash (g_utf8_next_char (text));
  guint ordinal = 0;

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close;
      gsize len;
      gboolean found = FALSE;

      if (open == NULL)
        {
          g_string_append (out, p);
          return;
        }

      g_string_append_len (out, p, open - p);
      close = strchr (open, '}');
      g_assert (close != NULL);
      len = close - open - 1;

      for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
        {
          if (strlen (placeholders[i].name) == len
              && strncmp (placeholders[i].name, open + 1, len) == 0)
            {
              gboolean document_wide = i == 0;
              double u = _qm_demo_hash_unit (rng->seed, document_wide ? 0 : key,
                                             document_wide ? 0 : ordinal, 0x7e47);
              double v = placeholders[i].lo + (placeholders[i].hi - placeholders[i].lo) * u;

              _qm_demo_append_number (out, v, placeholders[i].decimals);
              found = TRUE;
              break;
            }
        }
      g_assert (found);
      ordinal++;
      p = close + 1;
    }
}

static void
append_sentence (GString    *out,
                 const char *sentence,
                 gboolean    connect,
                 QmDemoRng  *rng)
{
  gboolean connectable = sentence[0] == '^';

  if (connectable)
    sentence++;

  if (connectable && connect)
    {
      g_autofree char *lowered = _qm_demo_lower_first (sentence);

      g_string_append (out, connectors[_qm_demo_rng_range (rng, G_N_ELEMENTS (connectors))]);
      _qm_demo_append_text (out, lowered, rng);
    }
  else
    {
      _qm_demo_append_text (out, sentence, rng);
    }
}

/* Picks up to n distinct sentences, so a paragraph never repeats itself.
 * Pools list their sentences in the order of the usual subheadings, so part
 * j of n_parts draws from a window around the j-th share of the pool; with
 * n_parts 0 the whole pool is used. */
static guint
pick_sentences (QmDemoPool pool,
                guint      part,
                guint      n_parts,
                guint      n,
                guint     *picked,
                QmDemoRng *rng)
{
  guint size = pool_size (pool);
  guint first = 0, len = size;

  if (n_parts > 0)
    {
      first = MIN (part, n_parts - 1) * size / n_parts;
      len = MIN (MAX (4u, (size + n_parts - 1) / n_parts + 1), size - first);
    }

  n = MIN (n, len);
  for (guint i = 0; i < n; i++)
    {
      guint candidate = first + _qm_demo_rng_range (rng, len);
      gboolean clash;

      do
        {
          clash = FALSE;
          for (guint j = 0; j < i; j++)
            if (picked[j] == candidate)
              clash = TRUE;
          if (clash)
            candidate = first + (candidate - first + 1) % len;
        }
      while (clash);
      picked[i] = candidate;
    }
  return n;
}

void
_qm_demo_append_paragraph (GString   *out,
                           QmDemoPool pool,
                           guint      part,
                           guint      n_parts,
                           guint      n_sentences,
                           QmDemoRng *rng)
{
  guint picked[8];
  gboolean may_connect = pool != QM_DEMO_POOL_LIMITS && pool != QM_DEMO_POOL_TASKS;

  n_sentences
      = pick_sentences (pool, part, n_parts, MIN (n_sentences, G_N_ELEMENTS (picked)), picked, rng);
  for (guint i = 0; i < n_sentences; i++)
    {
      gboolean connect = may_connect && i > 0 && _qm_demo_rng_double (rng) < 0.3;

      if (i > 0)
        g_string_append_c (out, ' ');
      append_sentence (out, pools[pool][picked[i]], connect, rng);
    }
}

/* Items of a dash list, one sentence each, separated by newlines. */
void
_qm_demo_append_list (GString   *out,
                      QmDemoPool pool,
                      guint      part,
                      guint      n_parts,
                      guint      n_items,
                      QmDemoRng *rng)
{
  guint picked[8];

  n_items = pick_sentences (pool, part, n_parts, MIN (n_items, G_N_ELEMENTS (picked)), picked, rng);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GString) item = g_string_new (NULL);

      append_sentence (item, pools[pool][picked[i]], FALSE, rng);
      /* A list item continues the sentence of the lead-in, so it ends in ';'. */
      if (i + 1 < n_items && item->len > 0 && item->str[item->len - 1] == '.')
        item->str[item->len - 1] = ';';
      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, "- ");
      g_string_append (out, item->str);
    }
}

/* Document templates ----------------------------------------------------- */

#define LAW_LOCAL_GOVERNMENT "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;"

static const QmDemoTemplate templates[] = {
  {
    QM_DEMO_DOCUMENT_REPORT, QM_DEMO_TOPIC_ECONOMY,
    { NULL },
    "Thực hiện Nghị quyết số 45/NQ-HĐND ngày 10 tháng 12 năm 2025 của Hội đồng nhân dân tỉnh về kế hoạch phát triển kinh tế – xã hội năm 2026, Ủy ban nhân dân tỉnh báo cáo tình hình thực hiện năm 2026 và phương hướng, nhiệm vụ năm 2027 như sau:",
    {
      { "Kết quả thực hiện các chỉ tiêu kinh tế", QM_DEMO_POOL_ECONOMY, 4, 0, 0, FALSE,
        { "Tăng trưởng kinh tế", "Sản xuất nông, lâm nghiệp và thủy sản", "Công nghiệp và xây dựng",
          "Thương mại, dịch vụ và du lịch", "Thu hút đầu tư và phát triển doanh nghiệp" } },
      { "Tài chính – ngân sách và đầu tư công", QM_DEMO_POOL_BUDGET, 3, 0, 0, FALSE,
        { "Thu ngân sách nhà nước", "Chi ngân sách địa phương", "Giải ngân vốn đầu tư công" } },
      { "Văn hóa – xã hội", QM_DEMO_POOL_SOCIAL, 3, 0, 1, FALSE,
        { "Giáo dục và đào tạo", "Y tế và chăm sóc sức khỏe Nhân dân", "Lao động, việc làm và an sinh xã hội" } },
      { "Cải cách hành chính và chuyển đổi số", QM_DEMO_POOL_ADMIN_REFORM, 2, 0, 1, FALSE,
        { "Cải cách thủ tục hành chính", "Chuyển đổi số" } },
      { "Tồn tại, hạn chế và nguyên nhân", QM_DEMO_POOL_LIMITS, 0, 0, 0, FALSE,
        { "Tồn tại, hạn chế", "Nguyên nhân" } },
      { "Phương hướng, nhiệm vụ năm 2027", QM_DEMO_POOL_TASKS, 1, 0, 0, FALSE,
        { "Mục tiêu tổng quát", "Các chỉ tiêu chủ yếu", "Nhiệm vụ, giải pháp trọng tâm" } },
    },
  },
  {
    QM_DEMO_DOCUMENT_REPORT, QM_DEMO_TOPIC_BUDGET,
    { NULL },
    "Căn cứ Nghị quyết của Hội đồng nhân dân tỉnh về dự toán ngân sách nhà nước năm 2026, Ủy ban nhân dân tỉnh báo cáo tình hình thực hiện dự toán thu, chi ngân sách năm 2026 như sau:",
    {
      { "Tình hình thực hiện dự toán thu ngân sách nhà nước", QM_DEMO_POOL_BUDGET, 3, 0, 0, FALSE,
        { "Thu nội địa", "Thu từ hoạt động xuất nhập khẩu", "Thu tiền sử dụng đất" } },
      { "Tình hình thực hiện dự toán chi ngân sách địa phương", QM_DEMO_POOL_BUDGET, 3, 1, 1, FALSE,
        { "Chi đầu tư phát triển", "Chi thường xuyên", "Sử dụng dự phòng ngân sách" } },
      { "Đánh giá chung", QM_DEMO_POOL_LIMITS, 0, 0, 0, FALSE,
        { "Kết quả đạt được", "Tồn tại, hạn chế" } },
      { "Giải pháp điều hành ngân sách những tháng cuối năm", QM_DEMO_POOL_TASKS, 0, 0, 0, FALSE, { NULL } },
    },
  },
  {
    QM_DEMO_DOCUMENT_PROPOSAL, QM_DEMO_TOPIC_BUDGET,
    { LAW_LOCAL_GOVERNMENT,
      "Căn cứ Luật Ngân sách nhà nước năm 2025 và các văn bản hướng dẫn thi hành;",
      "Căn cứ Quyết định của Thủ tướng Chính phủ về việc giao dự toán ngân sách nhà nước năm 2027;",
      NULL },
    "Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, quyết định dự toán ngân sách nhà nước trên địa bàn, thu, chi ngân sách địa phương và phương án phân bổ ngân sách cấp tỉnh năm 2027 như sau:",
    {
      { "Sự cần thiết và căn cứ xây dựng dự toán", QM_DEMO_POOL_BUDGET, 1, 0, 0, FALSE,
        { "Sự cần thiết", "Nguyên tắc xây dựng dự toán" } },
      { "Dự toán thu ngân sách nhà nước năm 2027", QM_DEMO_POOL_BUDGET, 3, 0, 0, FALSE,
        { "Thu nội địa", "Thu từ hoạt động xuất nhập khẩu", "Các khoản thu được để lại chi quản lý qua ngân sách" } },
      { "Dự toán chi ngân sách địa phương năm 2027", QM_DEMO_POOL_BUDGET, 3, 1, 2, FALSE,
        { "Chi đầu tư phát triển", "Chi thường xuyên", "Dự phòng ngân sách", "Chi tạo nguồn cải cách tiền lương" } },
      { "Giải pháp tổ chức thực hiện dự toán", QM_DEMO_POOL_TASKS, 0, 0, 0, FALSE, { NULL } },
    },
  },
  {
    QM_DEMO_DOCUMENT_PROPOSAL, QM_DEMO_TOPIC_INVESTMENT,
    { LAW_LOCAL_GOVERNMENT,
      "Căn cứ Luật Đầu tư công năm 2024;",
      "Căn cứ Nghị quyết của Quốc hội về kế hoạch đầu tư công trung hạn giai đoạn 2026 – 2030;",
      NULL },
    "Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, thông qua kế hoạch đầu tư công trung hạn giai đoạn 2026 – 2030 của tỉnh với các nội dung chủ yếu sau:",
    {
      { "Sự cần thiết ban hành Nghị quyết", QM_DEMO_POOL_INVESTMENT, 1, 2, 1, FALSE, { NULL } },
      { "Nguyên tắc, tiêu chí phân bổ vốn", QM_DEMO_POOL_INVESTMENT, 2, 0, 0, FALSE,
        { "Nguyên tắc chung", "Thứ tự ưu tiên bố trí vốn" } },
      { "Dự kiến kế hoạch đầu tư công trung hạn", QM_DEMO_POOL_INVESTMENT, 3, 0, 0, FALSE,
        { "Tổng nguồn vốn", "Phương án phân bổ theo ngành, lĩnh vực", "Danh mục dự án trọng điểm" } },
      { "Giải pháp triển khai thực hiện", QM_DEMO_POOL_TASKS, 0, 0, 0, FALSE, { NULL } },
    },
  },
  {
    QM_DEMO_DOCUMENT_RESOLUTION, QM_DEMO_TOPIC_INVESTMENT,
    { LAW_LOCAL_GOVERNMENT,
      "Căn cứ Luật Ban hành văn bản quy phạm pháp luật năm 2025;",
      "Căn cứ Luật Đầu tư công năm 2024;",
      "Xét Tờ trình số 305/TTr-UBND ngày 02 tháng 12 năm 2026 của Ủy ban nhân dân tỉnh; Báo cáo thẩm tra của Ban Kinh tế – Ngân sách Hội đồng nhân dân tỉnh; ý kiến thảo luận của đại biểu Hội đồng nhân dân tỉnh tại kỳ họp.",
      NULL },
    NULL,
    {
      { "Thông qua Kế hoạch đầu tư công trung hạn giai đoạn 2026 – 2030 của tỉnh", QM_DEMO_POOL_INVESTMENT, 4, 0, 1, FALSE,
        { "Mục tiêu", "Tổng vốn và cơ cấu nguồn vốn", "Phương án phân bổ vốn" } },
      { "Giải pháp thực hiện", QM_DEMO_POOL_TASKS, 1, 0, 0, FALSE, { NULL } },
      { "Tổ chức thực hiện", QM_DEMO_POOL_TASKS, 0, 0, 0, FALSE, { NULL } },
    },
  },
  {
    QM_DEMO_DOCUMENT_RESOLUTION, QM_DEMO_TOPIC_ECONOMY,
    { LAW_LOCAL_GOVERNMENT,
      "Căn cứ Luật Ban hành văn bản quy phạm pháp luật năm 2025;",
      "Xét Báo cáo số 312/BC-UBND ngày 01 tháng 12 năm 2026 của Ủy ban nhân dân tỉnh; Báo cáo thẩm tra của các Ban Hội đồng nhân dân tỉnh; ý kiến thảo luận của đại biểu Hội đồng nhân dân tỉnh tại kỳ họp.",
      NULL },
    NULL,
    {
      { "Mục tiêu và các chỉ tiêu chủ yếu năm 2027", QM_DEMO_POOL_ECONOMY, 3, 0, 0, FALSE,
        { "Mục tiêu tổng quát", "Các chỉ tiêu chủ yếu" } },
      { "Nhiệm vụ, giải pháp chủ yếu", QM_DEMO_POOL_TASKS, 1, 0, 0, FALSE, { NULL } },
      { "Tổ chức thực hiện", QM_DEMO_POOL_TASKS, 0, 0, 0, FALSE, { NULL } },
    },
  },
  {
    QM_DEMO_DOCUMENT_REPORT, QM_DEMO_TOPIC_ADMIN_REFORM,
    { NULL },
    "Thực hiện Kế hoạch cải cách hành chính năm 2026 của tỉnh, Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện như sau:",
    {
      { "Công tác chỉ đạo, điều hành", QM_DEMO_POOL_ADMIN_REFORM, 1, 1, 0, FALSE,
        { "Ban hành kế hoạch và văn bản chỉ đạo", "Công tác kiểm tra cải cách hành chính", "Công tác thông tin, tuyên truyền" } },
      { "Kết quả thực hiện các nội dung cải cách hành chính", QM_DEMO_POOL_ADMIN_REFORM, 4, 0, 1, FALSE,
        { "Cải cách thể chế", "Cải cách thủ tục hành chính", "Cải cách tổ chức bộ máy hành chính nhà nước",
          "Cải cách chế độ công vụ", "Cải cách tài chính công", "Xây dựng chính quyền điện tử, chính quyền số" } },
      { "Đánh giá chung", QM_DEMO_POOL_LIMITS, 0, 0, 0, FALSE,
        { "Ưu điểm", "Tồn tại, hạn chế và nguyên nhân" } },
      { "Nhiệm vụ trọng tâm năm 2027", QM_DEMO_POOL_TASKS, 0, 0, 0, FALSE, { NULL } },
    },
  },
  {
    QM_DEMO_DOCUMENT_PLAN, QM_DEMO_TOPIC_DIGITAL,
    { "Căn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;",
      "Căn cứ Chương trình chuyển đổi số tỉnh " QM_DEMO_PROVINCE " giai đoạn 2026 – 2030;",
      NULL },
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số năm 2027 với các nội dung sau:",
    {
      { "Mục đích, yêu cầu", QM_DEMO_POOL_DIGITAL, 0, 0, 0, TRUE, { "Mục đích", "Yêu cầu" } },
      { "Chỉ tiêu chủ yếu", QM_DEMO_POOL_DIGITAL, 2, 0, 0, FALSE, { NULL } },
      { "Nhiệm vụ, giải pháp", QM_DEMO_POOL_TASKS, 1, 0, 0, FALSE,
        { "Phát triển hạ tầng số", "Phát triển dữ liệu số", "Phát triển chính quyền số", "Bảo đảm an toàn thông tin mạng" } },
      { "Kinh phí thực hiện", QM_DEMO_POOL_DIGITAL, 1, 1, 1, FALSE, { NULL } },
      { "Tổ chức thực hiện", QM_DEMO_POOL_TASKS, 0, 0, 0, FALSE, { NULL } },
    },
  },
  {
    QM_DEMO_DOCUMENT_REPORT, QM_DEMO_TOPIC_SOCIAL,
    { NULL },
    "Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện các chính sách an sinh xã hội năm 2026 và nhiệm vụ, giải pháp năm 2027 như sau:",
    {
      { "Kết quả thực hiện", QM_DEMO_POOL_SOCIAL, 3, 0, 0, FALSE,
        { "Chính sách đối với người có công", "Giảm nghèo bền vững", "Trợ giúp xã hội", "Giải quyết việc làm" } },
      { "Tồn tại, hạn chế", QM_DEMO_POOL_LIMITS, 0, 0, 0, FALSE, { NULL } },
      { "Nhiệm vụ, giải pháp năm 2027", QM_DEMO_POOL_TASKS, 0, 0, 0, FALSE, { NULL } },
    },
  },
  {
    QM_DEMO_DOCUMENT_PLAN, QM_DEMO_TOPIC_SOCIAL,
    { NULL },
    "Nhằm chăm lo cho các đối tượng chính sách, hộ nghèo, người có hoàn cảnh khó khăn được đón Tết Nguyên đán Đinh Mùi năm 2027 vui tươi, lành mạnh, an toàn, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
    {
      { "Nội dung hoạt động", QM_DEMO_POOL_SOCIAL, 2, 2, 2, FALSE,
        { "Thăm, tặng quà các đối tượng", "Tổ chức các hoạt động văn hóa, thể thao mừng Đảng, mừng Xuân" } },
      { "Tổ chức thực hiện", QM_DEMO_POOL_TASKS, 0, 0, 0, FALSE, { NULL } },
    },
  },
  {
    QM_DEMO_DOCUMENT_ANNEX, QM_DEMO_TOPIC_ECONOMY,
    { NULL },
    "Phụ lục tổng hợp các chỉ tiêu thống kê chủ yếu của tỉnh " QM_DEMO_PROVINCE " giai đoạn 2017 – 2026, phân theo xã, phường theo địa giới hành chính sau sắp xếp. Số liệu năm 2026 là số liệu sơ bộ.",
    {
      { "Đơn vị hành chính, đất đai và khí hậu", QM_DEMO_POOL_ANNEX, 5, 0, 0, FALSE, { NULL } },
      { "Dân số và lao động", QM_DEMO_POOL_ANNEX, 5, 0, 0, FALSE, { NULL } },
      { "Tài chính – ngân sách", QM_DEMO_POOL_ANNEX, 4, 0, 0, FALSE, { NULL } },
      { "Đầu tư và xây dựng", QM_DEMO_POOL_ANNEX, 3, 0, 0, FALSE, { NULL } },
      { "Doanh nghiệp và cơ sở kinh tế cá thể", QM_DEMO_POOL_ANNEX, 4, 0, 0, FALSE, { NULL } },
      { "Nông, lâm nghiệp và thủy sản", QM_DEMO_POOL_ANNEX, 7, 0, 0, FALSE, { NULL } },
      { "Công nghiệp", QM_DEMO_POOL_ANNEX, 3, 0, 0, FALSE, { NULL } },
      { "Thương mại và du lịch", QM_DEMO_POOL_ANNEX, 4, 0, 0, FALSE, { NULL } },
      { "Giáo dục", QM_DEMO_POOL_ANNEX, 4, 0, 0, FALSE, { NULL } },
      { "Y tế, văn hóa và thể thao", QM_DEMO_POOL_ANNEX, 4, 0, 0, FALSE, { NULL } },
      { "Mức sống dân cư và an sinh xã hội", QM_DEMO_POOL_ANNEX, 5, 0, 0, FALSE, { NULL } },
    },
  },
};

/* The next table (or chart) for a section: the first unused one from the
 * section's offset, skipping those a later section of the same pool starts
 * with; -1 when none is left. */
int
_qm_demo_section_pick_figure (const QmDemoTemplate *tpl,
                              guint                 section,
                              gboolean              table,
                              guint32               used)
{
  const QmDemoSection *sec = &tpl->sections[section];
  guint n = table ? _qm_demo_pool_n_tables (sec->pool) : _qm_demo_pool_n_charts (sec->pool);
  guint offset = table ? sec->table_offset : sec->chart_offset;
  guint32 reserved = 0;

  if (sec->prose_only || n == 0)
    return -1;

  for (guint t = section + 1; t < QM_DEMO_MAX_SECTIONS && tpl->sections[t].heading != NULL; t++)
    if (tpl->sections[t].pool == sec->pool && !tpl->sections[t].prose_only)
      reserved
          |= 1u << ((table ? tpl->sections[t].table_offset : tpl->sections[t].chart_offset) % n);

  for (guint k = 0; k < n; k++)
    {
      guint i = (offset + k) % n;

      if (!(used & (1u << i)) && !(reserved & (1u << i)))
        return (int) i;
    }
  return -1;
}

const QmDemoTemplate *
_qm_demo_template_lookup (QmDemoDocumentKind kind,
                          QmDemoTopic        topic)
{
  const QmDemoTemplate *same_kind = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      if (templates[i].kind != kind)
        continue;
      if (templates[i].topic == topic)
        return &templates[i];
      if (same_kind == NULL)
        same_kind = &templates[i];
    }

  return same_kind != NULL ? same_kind : &templates[0];
}
