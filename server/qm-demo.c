/* qm-demo.c: seeds the demo accounts, meeting, agenda and generated documents, once.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-demo"

#include "config.h"

#include <glib/gstdio.h>

#include "qm-demo-documents.h"
#include "qm-demo.h"

typedef struct
{
  const char     *username;
  const char     *display_name;
  QmAccountRoles  roles;
  QmMeetingRole   role;
  const char     *what;
} DemoAccount;

/* Passwords are "demo-" + username: this is a demo, and they are printed. */
static const DemoAccount accounts[] = {
  { "admin", "Quản trị hệ thống", QM_ACCOUNT_ROLE_ADMIN, QM_MEETING_ROLE_NONE, "administrator" },
  { "thuky", "Trần Thị Bình", QM_ACCOUNT_ROLE_SECRETARY, QM_MEETING_ROLE_SECRETARY, "secretary" },
  { "chutich", "Nguyễn Văn An", 0, QM_MEETING_ROLE_CHAIR, "chair" },
  { "daibieu1", "Lê Văn Cường", 0, QM_MEETING_ROLE_DELEGATE, "delegate" },
  { "daibieu2", "Phạm Thị Dung", 0, QM_MEETING_ROLE_DELEGATE, "delegate" },
  { "daibieu3", "Hoàng Văn Em", 0, QM_MEETING_ROLE_DELEGATE, "delegate" },
  { "daibieu4", "Vũ Thị Giang", 0, QM_MEETING_ROLE_DELEGATE, "delegate" },
  { "daibieu5", "Đặng Văn Hải", 0, QM_MEETING_ROLE_DELEGATE, "delegate" },
  { "daibieu6", "Bùi Thị Lan", 0, QM_MEETING_ROLE_DELEGATE, "delegate" },
  { "quansat", "Đỗ Văn Minh", 0, QM_MEETING_ROLE_OBSERVER, "observer" },
};

/* Waiting for one asynchronous step; fine here, before the server listens. */
typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} Wait;

static void
done (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (wait->context, TRUE);
  return wait->result;
}

static gboolean
written (QmStore  *store,
         Wait     *wait,
         gint64   *out_id,
         GError  **error)
{
  g_autoptr(GAsyncResult) result = wait_for (wait);

  wait->result = NULL;
  return qm_store_write_finish (store, result, out_id, error);
}

static gint64
ensure_account (const QmServices  *services,
                const DemoAccount *account,
                GError           **error)
{
  g_autofree char *password = g_strconcat ("demo-", account->username, NULL);
  g_autofree char *hash = NULL;
  g_autoptr(QmUser) existing = qm_store_find_user (services->store, account->username, &hash);
  Wait wait = { g_main_context_default (), NULL };
  gint64 id;

  if (existing != NULL)
    return existing->id;
  if (!(hash = qm_auth_hash_password (password, error)))
    return 0;
  qm_store_create_user_async (services->store, account->username, account->display_name, hash,
                              account->roles, done, &wait);
  return written (services->store, &wait, &id, error) ? id : 0;
}

static char *
credentials_text (gint64 meeting_id)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "Demo meeting %" G_GINT64_FORMAT ": %s\n", meeting_id,
                          qm_demo_meeting_title ());
  g_string_append (text, "Demo accounts (username / password / role):\n");
  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    g_string_append_printf (text, "  %-10s demo-%-10s %s\n", accounts[i].username,
                            accounts[i].username, accounts[i].what);
  return g_string_free (text, FALSE);
}

/* Tomorrow at 08:00 in Vietnam. */
static char *
tomorrow_morning (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) morning = g_date_time_new (zone, g_date_time_get_year (tomorrow),
                                                  g_date_time_get_month (tomorrow),
                                                  g_date_time_get_day_of_month (tomorrow), 8, 0, 0);

  return g_date_time_format (morning, "%Y-%m-%dT%H:%M:%S+07:00");
}

static gboolean
add_documents (const QmServices *services,
               gint64            meeting_id,
               GError          **error)
{
  g_autofree char *folder = NULL;
  const QmDemoDocumentSpec *specs;
  g_autoptr(GHashTable) items = g_hash_table_new (NULL, NULL);   /* agenda index → item id */
  Wait wait = { g_main_context_default (), NULL };
  guint n_specs;
  gint64 id;

  if (!(folder = g_dir_make_tmp ("quorum-demo-XXXXXX", error)))
    return FALSE;

  specs = qm_demo_documents_for_meeting (&n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      const QmDemoDocumentSpec *spec = &specs[i];
      g_autofree char *name = g_strdup_printf ("%s.pdf", spec->file_name ? spec->file_name
                                                                           : "tai-lieu");
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(QmDocumentInfo) info = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      gpointer item_id;

      if (!g_hash_table_lookup_extended (items, GUINT_TO_POINTER (spec->agenda_index), NULL,
                                         &item_id))
        {
          qm_store_add_agenda_item_async (services->store, meeting_id,
                                          spec->agenda_item ? spec->agenda_item : spec->title,
                                          "", done, &wait);
          if (!written (services->store, &wait, &id, error))
            return FALSE;
          item_id = GSIZE_TO_POINTER ((gsize) id);
          g_hash_table_insert (items, GUINT_TO_POINTER (spec->agenda_index), item_id);
        }

      if (!qm_demo_document_write (path, spec, error))
        return FALSE;
      qm_document_store_import_async (services->documents, path, NULL, done, &wait);
      result = wait_for (&wait);
      wait.result = NULL;
      info = qm_document_store_import_finish (services->documents, result, error);
      g_unlink (path);
      if (info == NULL)
        return FALSE;

      qm_store_add_document_async (services->store, info, name, 0, done, &wait);
      if (!written (services->store, &wait, NULL, error))
        return FALSE;
      qm_store_attach_document_async (services->store, meeting_id,
                                      (gint64) GPOINTER_TO_SIZE (item_id), info->id, spec->title,
                                      done, &wait);
      if (!written (services->store, &wait, NULL, error))
        return FALSE;
    }

  g_rmdir (folder);
  return TRUE;
}

char *
qm_demo_seed (const QmServices  *services,
              GError           **error)
{
  g_autofree char *seeded = qm_store_get_setting (services->store, "demo-meeting");
  g_autofree char *starts_at = NULL;
  g_autofree char *meeting_text = NULL;
  QmMeetingCreate meeting = { 0 };
  Wait wait = { g_main_context_default (), NULL };
  gint64 ids[G_N_ELEMENTS (accounts)];
  gint64 meeting_id;

  if (seeded != NULL && qm_parse_id (seeded, &meeting_id)
      && qm_store_meeting_exists (services->store, meeting_id))
    return credentials_text (meeting_id);

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    if (!(ids[i] = ensure_account (services, &accounts[i], error)))
      return NULL;

  /* The secretary creates the meeting, so becomes its secretary. */
  starts_at = tomorrow_morning ();
  meeting.title = (char *) qm_demo_meeting_title ();
  meeting.starts_at = starts_at;
  meeting.location = (char *) "Phòng họp số 1, trụ sở UBND tỉnh";
  qm_store_create_meeting_async (services->store, &meeting, ids[1], done, &wait);
  if (!written (services->store, &wait, &meeting_id, error))
    return NULL;

  for (guint i = 2; i < G_N_ELEMENTS (accounts); i++)
    {
      qm_store_put_participant_async (services->store, meeting_id, ids[i], accounts[i].role,
                                      done, &wait);
      if (!written (services->store, &wait, NULL, error))
        return NULL;
    }

  if (!add_documents (services, meeting_id, error))
    return NULL;

  meeting_text = g_strdup_printf ("%" G_GINT64_FORMAT, meeting_id);
  qm_store_set_setting_async (services->store, "demo-meeting", meeting_text, done, &wait);
  if (!written (services->store, &wait, NULL, error))
    return NULL;

  return credentials_text (meeting_id);
}
