"""A person's profile (display name, unit) and the record of failed sign-ins."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile")
    display_name = models.CharField(_("display name"), max_length=80, blank=True,
                                    help_text=_("How your name appears to others."))
    unit = models.CharField(_("unit or department"), max_length=120, blank=True)
    # A code from settings.LANGUAGES (not model choices: operators change that list);
    # blank = follow the language chosen in the footer or the browser's.
    language = models.CharField(_("language"), max_length=16, blank=True, default="")

    def __str__(self) -> str:
        return self.display_name or str(self.user)


class LoginFailure(models.Model):
    """One failed sign-in; recent ones delay further attempts (accounts/throttle.py).

    `username` holds the counter's key: `user:<id>` for an account (whether its username
    or its e-mail was typed), `name:<typed name>` for a name that matches none."""

    username = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} from {self.ip} at {self.at:%Y-%m-%d %H:%M}"
