from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db as the admin names it: its own name is a plain English string."""

    verbose_name = _("Background tasks")


class TrackerAdminConfig(AdminConfig):
    """The admin with the tracker's site: superusers only (tracker/admin_site.py)."""

    default_site = "tracker.admin_site.TrackerAdminSite"
