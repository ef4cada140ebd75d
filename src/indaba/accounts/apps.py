from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "indaba.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from indaba.accounts import audit

        user_logged_in.connect(audit.on_signed_in, dispatch_uid="indaba.audit.sign_in")
        user_login_failed.connect(audit.on_sign_in_failed,
                                  dispatch_uid="indaba.audit.sign_in_failed")
