/* qm-test-widgets.c: shared helpers of the app's widget tests.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "qm-test-widgets.h"

void
qm_test_widgets_load_style (void)
{
  static gboolean loaded;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  g_assert_nonnull (display);
  if (loaded)
    return;

  /* What AdwApplication and GtkApplication do with the resource base path
   * /vn/quorum/Quorum for the real application. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/vn/quorum/Quorum/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    "/vn/quorum/Quorum/icons");
  loaded = TRUE;
}

void
qm_test_widgets_init (int    *argc,
                      char ***argv)
{
  const char *localedir = g_getenv ("QM_TEST_LOCALEDIR");

  /* The software renderer: the same pixels under Xvfb everywhere, and no
   * GL driver state for the leak checker to report. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's GSettings
   * schemas; the test environment already points HOME elsewhere. */
  g_test_init (argc, argv, NULL);

  /* Screenshots in another language: LANGUAGE=vi QM_TEST_LOCALEDIR=… */
  if (localedir != NULL)
    {
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  else
    gtk_disable_setlocale ();
  adw_init ();
  qm_test_widgets_load_style ();
  /* No transitions: a stack shows one page at a time, as a test reads it. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

QmTestClient *
qm_test_client_new (QmTestServer *server,
                    const char   *token,
                    gint64        meeting_id)
{
  QmTestClient *self = g_new0 (QmTestClient, 1);

  self->session = qm_session_new (qm_test_server_get_url (server));
  g_object_set (qm_session_get_soup_session (self->session), "proxy-resolver", NULL, NULL);
  qm_session_set_token (self->session, token);
  self->live = qm_live_connection_new (self->session, meeting_id);
  /* Quick retries: a test that goes offline and back waits a second, not thirty. */
  qm_live_connection_set_timing (self->live, 50, 800, 0, 0, 0);
  self->model = qm_meeting_model_new ();
  qm_meeting_model_follow (self->model, self->live);
  return self;
}

void
qm_test_client_go_online (QmTestClient *self)
{
  qm_live_connection_start (self->live);
  qm_test_wait_until (qm_live_connection_get_state (self->live) == QM_LIVE_STATE_ONLINE);
  g_assert_true (qm_meeting_model_get_loaded (self->model));
}

void
qm_test_client_round_trip (QmTestClient *self)
{
  g_autoptr(QmMessage) ping = qm_message_new (QM_MESSAGE_PING);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(QmMessage) pong = NULL;
  g_autoptr(GError) error = NULL;

  qm_live_connection_send_async (self->live, ping, NULL, qm_test_store_result, &result);
  qm_test_wait_until (result != NULL);
  pong = qm_live_connection_send_finish (self->live, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pong->type, ==, QM_MESSAGE_PONG);
}

void
qm_test_client_free (QmTestClient *self)
{
  qm_live_connection_stop (self->live);
  g_assert_finalize_object (self->live);
  g_assert_finalize_object (self->model);
  g_assert_finalize_object (self->session);
  g_free (self);
}

GtkWidget *
qm_test_window_new (int        width,
                    int        height,
                    GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();
  const char *size = g_getenv ("QM_TEST_WINDOW_SIZE");

  if (size != NULL)
    g_assert_cmpint (sscanf (size, "%dx%d", &width, &height), ==, 2);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  qm_test_wait_until (gtk_widget_get_mapped (window));
  return window;
}

GtkWidget *
qm_test_document_new (void)
{
  static const char * const paragraphs[] = {
    "1. Tổng sản phẩm trên địa bàn tỉnh (GRDP) năm 2026 ước tăng 7,8% so với năm trước, "
    "vượt kế hoạch đề ra; trong đó khu vực công nghiệp – xây dựng tăng 10,2%, khu vực "
    "dịch vụ tăng 7,1%, khu vực nông, lâm nghiệp và thủy sản tăng 3,4%.",
    "2. Tổng thu ngân sách nhà nước trên địa bàn ước đạt 18.450 tỷ đồng, bằng 104% dự toán "
    "Trung ương giao; chi ngân sách địa phương bảo đảm các nhiệm vụ chi thường xuyên, chi "
    "đầu tư phát triển và an sinh xã hội.",
    "3. Dự toán ngân sách địa phương năm 2027 được xây dựng trên cơ sở các mục tiêu phát "
    "triển kinh tế – xã hội, khả năng cân đối nguồn lực và các chế độ, chính sách hiện hành.",
    "4. Đề nghị Hội đồng nhân dân tỉnh xem xét, thông qua Nghị quyết về dự toán thu, chi "
    "ngân sách và phương án phân bổ ngân sách cấp tỉnh năm 2027.",
  };
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *title = gtk_label_new ("Báo cáo tình hình kinh tế – xã hội năm 2026 và dự toán ngân sách năm 2027");

  gtk_widget_add_css_class (page, "card");
  gtk_widget_set_margin_top (clamp, 24);
  gtk_widget_set_margin_bottom (clamp, 24);
  gtk_widget_set_margin_start (clamp, 24);
  gtk_widget_set_margin_end (clamp, 24);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_justify (GTK_LABEL (title), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (title, "title-2");
  gtk_widget_set_margin_top (title, 56);
  gtk_widget_set_margin_start (title, 56);
  gtk_widget_set_margin_end (title, 56);
  gtk_box_append (GTK_BOX (page), title);
  for (guint repeat = 0; repeat < 3; repeat++)
    for (guint i = 0; i < G_N_ELEMENTS (paragraphs); i++)
      {
        GtkWidget *paragraph = gtk_label_new (paragraphs[i]);

        gtk_label_set_wrap (GTK_LABEL (paragraph), TRUE);
        gtk_label_set_xalign (GTK_LABEL (paragraph), 0);
        gtk_label_set_justify (GTK_LABEL (paragraph), GTK_JUSTIFY_FILL);
        gtk_widget_set_margin_start (paragraph, 56);
        gtk_widget_set_margin_end (paragraph, 56);
        gtk_box_append (GTK_BOX (page), paragraph);
      }
  gtk_widget_set_margin_bottom (gtk_widget_get_last_child (page), 56);
  adw_clamp_set_child (ADW_CLAMP (clamp), page);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_widget_set_vexpand (scroller, TRUE);
  return scroller;
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  guint *left = user_data;

  if (*left > 0)
    (*left)--;
  return *left > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void
qm_test_wait_frames (GtkWidget *widget,
                     guint      n_frames)
{
  guint left = n_frames;

  gtk_widget_add_tick_callback (widget, count_frame_cb, &left, NULL);
  gtk_widget_queue_draw (widget);
  qm_test_wait_until (left == 0);
}

static GtkWidget *
find (GtkWidget  *root,
      gboolean  (*match) (GtkWidget *, const char *),
      const char *text,
      guint      *count)
{
  GtkWidget *child;

  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (match (root, text))
    {
      if (count == NULL)
        return root;
      (*count)++;
    }
  for (child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, match, text, count);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
label_is (GtkWidget  *widget,
          const char *text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
label_starts (GtkWidget  *widget,
              const char *prefix)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

static gboolean
button_shows (GtkWidget  *widget,
              const char *text)
{
  return GTK_IS_BUTTON (widget)
         && (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0
             || find (widget, label_is, text, NULL) != NULL);
}

static gboolean
label_contains (GtkWidget  *widget,
                const char *text)
{
  return GTK_IS_LABEL (widget)
         && (strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL
             || strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL);
}

gboolean
qm_test_shows_text (GtkWidget  *root,
                    const char *text)
{
  return find (root, label_contains, text, NULL) != NULL;
}

GtkWidget *
qm_test_find_label (GtkWidget  *root,
                    const char *text)
{
  return find (root, label_is, text, NULL);
}

GtkWidget *
qm_test_find_label_prefix (GtkWidget  *root,
                           const char *prefix)
{
  return find (root, label_starts, prefix, NULL);
}

GtkWidget *
qm_test_find_button (GtkWidget  *root,
                     const char *text)
{
  return find (root, button_shows, text, NULL);
}

guint
qm_test_count_labels (GtkWidget  *root,
                      const char *text)
{
  guint count = 0;

  find (root, label_is, text, &count);
  return count;
}

GtkWidget *
qm_test_ancestor (GtkWidget *widget,
                  GType      type)
{
  while (widget != NULL && !g_type_is_a (G_OBJECT_TYPE (widget), type))
    widget = gtk_widget_get_parent (widget);
  return widget;
}

void
qm_test_tap (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

void
qm_test_screenshot (GtkWidget  *widget,
                    const char *name)
{
  const char *dir = g_getenv ("QM_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;

  qm_test_wait_frames (widget, 3);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}
