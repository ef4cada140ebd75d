from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "indaba.boards"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Boards"
