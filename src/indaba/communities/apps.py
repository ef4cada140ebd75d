from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "indaba.communities"
    label = "communities"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Communities"
