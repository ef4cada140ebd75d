from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UserCreationForm,
    UsernameField,
)
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.translation import gettext_lazy as _

from indaba.accounts import audit as sign_in_audit
from indaba.accounts import throttle
from indaba.accounts.models import Profile


class SignInForm(AuthenticationForm):
    username = forms.CharField(label=_("Username or e-mail"), max_length=254,
                               widget=forms.TextInput(attrs={"autofocus": True,
                                                             "autocomplete": "username"}))

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))[:254]
        wait = throttle.wait_seconds(throttle.account_key(username)) if username else 0
        if wait > 0:
            sign_in_audit.sign_in_failed(username, self.request, throttled=True)
            raise forms.ValidationError(
                _("Too many failed sign-in attempts for this account. Try again in "
                  "%(seconds)d seconds, or reset your password."), code="throttled",
                params={"seconds": wait})
        return super().clean()


class PasswordResetRequestForm(PasswordResetForm):
    """Password reset that does the same work for an unknown address as for a known one.

    Django's form skips everything when no account has the address, so the answer came
    back measurably sooner. Here an address with no account gets a stand-in account that
    goes through the very same steps (token, rendered subject and body, the e-mail
    message built) and only the last one, handing the message over for delivery, is
    left out. The page that follows is the same either way."""

    def get_users(self, email: str) -> Iterator[Any]:
        users = list(super().get_users(email))
        if users:
            yield from users
            return
        stand_in = get_user_model()(username="nobody", email=email)
        stand_in.set_unusable_password()
        stand_in._indaba_stand_in = True  # type: ignore[attr-defined]
        yield stand_in

    def send_mail(self, subject_template_name: str, email_template_name: str,
                  context: dict[str, Any], from_email: str | None, to_email: str,
                  html_email_template_name: str | None = None) -> None:
        if not getattr(context["user"], "_indaba_stand_in", False):
            super().send_mail(subject_template_name, email_template_name, context,
                              from_email, to_email, html_email_template_name)
            return
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).message()


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    """Display name and unit change at once; a new e-mail address only once it confirms
    (the view asks it: accounts/email_change.py). Clearing the address is immediate."""

    email = forms.EmailField(label=_("E-mail"), required=False,
                             help_text=_("Used for signing in, password reset and "
                                         "invitations. A new address is used once you open "
                                         "the link we send to it."))
    language = forms.ChoiceField(
        label=_("Language"), required=False,
        help_text=_("The language of Indaba's pages and boards for you. \"Your browser's "
                    "language\" follows your browser's settings."))

    class Meta:
        model = Profile
        fields = ["display_name", "unit", "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.user.email
        # Each language named in itself, so a person can find their own in any language.
        self.fields["language"].choices = (  # type: ignore[attr-defined]
            [("", _("Your browser's language")), *list(settings.LANGUAGES)])
        self.order_fields(["display_name", "unit", "email", "language"])

    @property
    def new_email(self) -> str:
        """The address asked for when it differs from the current one ("" otherwise)."""
        email = str(self.cleaned_data.get("email") or "").strip()
        return email if email.lower() != (self.instance.user.email or "").lower() else ""

    def save(self, commit: bool = True) -> Profile:
        profile: Profile = super().save(commit)
        user = profile.user
        if not self.cleaned_data.get("email") and user.email:
            user.email = ""  # removing one's own address harms nobody
            if commit:
                user.save(update_fields=["email"])
        return profile


class AccountCreationForm(UserCreationForm):  # type: ignore[type-arg]
    """A new account, made when someone accepts an invitation."""

    display_name = forms.CharField(label=_("Display name"), max_length=80,
                                   help_text=_("How your name appears to others."))
    unit = forms.CharField(label=_("Unit or department"), max_length=120, required=False)

    class Meta:
        model = get_user_model()
        fields = ("username",)
        field_classes = {"username": UsernameField}

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit)
        if commit:
            Profile.objects.update_or_create(user=user, defaults={
                "display_name": self.cleaned_data["display_name"],
                "unit": self.cleaned_data.get("unit", ""),
            })
        return user
