from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "indaba.facilitation"
    label = "facilitation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Facilitation"
