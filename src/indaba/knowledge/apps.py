from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "indaba.knowledge"
    label = "knowledge"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Knowledge"

    def ready(self) -> None:
        # Imported here: models may not be imported before the app registry is ready.
        from indaba.boards import hooks
        from indaba.knowledge.views import board_page_config

        hooks.add_page_config_provider(board_page_config)
