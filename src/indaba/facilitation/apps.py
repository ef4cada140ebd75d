from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "indaba.facilitation"
    label = "facilitation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Facilitation"

    def ready(self) -> None:
        # Imported here: models may not be imported before the app registry is ready.
        from indaba.facilitation.permissions import register_hooks

        register_hooks()
