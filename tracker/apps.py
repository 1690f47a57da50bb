from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db as the admin names it: its own name is a plain English string."""

    verbose_name = _("Background tasks")
