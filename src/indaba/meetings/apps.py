from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "indaba.meetings"
    label = "meetings"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Sessions"

    def ready(self) -> None:
        # Imported here: models may not be imported before the app registry is ready.
        from indaba.boards import hooks
        from indaba.communities.signals import membership_changed
        from indaba.meetings import history, permissions, presence, services

        presence.connect_board_signals()
        hooks.add_account_role_resolver(permissions.session_board_role)
        hooks.add_rejoin_offer_provider(services.rejoin_offer)
        history.register_hooks()
        membership_changed.connect(services.on_membership_changed,
                                   dispatch_uid="indaba.meetings.membership_changed")
