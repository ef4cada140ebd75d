"""Django's admin app with the audited site as its default (see admin_site.py). Kept apart
because INSTALLED_APPS imports this module before models can be imported."""

from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    default_site = "indaba.audit.admin_site.AuditedAdminSite"
