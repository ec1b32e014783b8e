from django.contrib.admin.apps import AdminConfig


class QiraaAdminConfig(AdminConfig):
    """django.contrib.admin with Qira'a's site as `admin.site`."""

    default_site = "readingroom.admin_site.QiraaAdminSite"
