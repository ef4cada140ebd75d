"""Changing a profile's e-mail address takes effect only once the new address confirms it.

The address is how a person signs in and resets their password, so nobody may set
someone else's: the change is a signed, expiring link (Django's signing, no table) sent to
the new address, and until it is opened the old address stays in use. An address another
account already has gets the same answer as any other, and no mail, so the form does not
tell who has an account.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from indaba.audit import services as audit
from indaba.common.addresses import public_base

SALT = "indaba.accounts.email-change"


class EmailChangeError(ValueError):
    pass


def _taken(email: str, user: Any) -> bool:
    return get_user_model()._default_manager.filter(email__iexact=email).exclude(
        pk=user.pk).exists()


def request_change(request: HttpRequest, user: Any, new_email: str) -> bool:
    """Ask the new address to confirm. Returns whether a confirmation was sent (callers
    show the person the same message either way)."""
    email = new_email.strip()
    if not email or email.lower() == (user.email or "").lower():
        return False
    if _taken(email, user):
        audit.record("accounts.email_change_refused", obj=("user", user.pk),
                     payload={"reason": "address in use"}, subjects=[audit.email_ref(email)])
        return False
    token = signing.dumps({"u": user.pk, "e": email, "o": user.email or ""}, salt=SALT)
    link = public_base(request) + reverse("accounts:email_confirm", args=[token])
    hours = max(1, int(settings.INDABA_LIMITS["email_change_seconds"]) // 3600)
    send_mail("Confirm your new e-mail address for Indaba",
              render_to_string("accounts/email_change_email.txt",
                               {"user": user, "link": link, "hours": hours}),
              None, [email])
    audit.record("accounts.email_change_requested", obj=("user", user.pk),
                 subjects=[audit.email_ref(email)])
    return True


def confirm(token: str, user: Any) -> str:
    """Make the confirmed address the account's; returns it. The link works for
    EMAIL_CHANGE_SECONDS, only for the account that asked, and only while its address is
    still the one it had when asking (so an older link cannot undo a newer change)."""
    try:
        data = signing.loads(token[:1000], salt=SALT,
                             max_age=int(settings.INDABA_LIMITS["email_change_seconds"]))
    except signing.SignatureExpired:
        raise EmailChangeError(gettext("this confirmation link has expired; change the "
                                       "address on your profile again")) from None
    except signing.BadSignature:
        raise EmailChangeError(gettext("this confirmation link is not valid")) from None
    if not isinstance(data, dict) or data.get("u") != user.pk:
        raise EmailChangeError(gettext("this confirmation link is for another account"))
    if data.get("o") != (user.email or ""):
        raise EmailChangeError(gettext("this confirmation link is out of date"))
    email = str(data.get("e", ""))
    if _taken(email, user):
        raise EmailChangeError(gettext("this address is not available"))
    user.email = email
    user.save(update_fields=["email"])
    audit.record("accounts.email_changed", obj=("user", user.pk),
                 subjects=[audit.email_ref(email)])
    return email
