from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "indaba.knowledge"
    label = "knowledge"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Knowledge"
