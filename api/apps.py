from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "GraphQL API"  # a name, the same in both languages
    default_auto_field = "django.db.models.BigAutoField"
