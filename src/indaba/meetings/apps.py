from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "indaba.meetings"
    label = "meetings"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Sessions"

    def ready(self) -> None:
        from indaba.meetings import presence

        presence.connect_board_signals()
