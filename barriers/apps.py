from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarriersConfig(AppConfig):
    name = "barriers"
    verbose_name = _("Barriers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, history_columns  # noqa: F401 (checks registers itself)

        history_columns.connect()
