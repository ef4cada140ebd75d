from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "indaba.boards"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Boards"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from indaba.boards import page_tokens

        user_logged_out.connect(page_tokens.on_signed_out,
                                dispatch_uid="indaba.boards.page_tokens.sign_out")
