from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm, UsernameField

from indaba.accounts import audit as sign_in_audit
from indaba.accounts import throttle
from indaba.accounts.models import Profile


class SignInForm(AuthenticationForm):
    username = forms.CharField(label="Username or e-mail", max_length=254,
                               widget=forms.TextInput(attrs={"autofocus": True,
                                                             "autocomplete": "username"}))

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))[:254]
        wait = throttle.wait_seconds(throttle.account_key(username)) if username else 0
        if wait > 0:
            sign_in_audit.sign_in_failed(username, self.request, throttled=True)
            raise forms.ValidationError(
                "Too many failed sign-in attempts for this account. Try again in "
                "%(seconds)d seconds, or reset your password.", code="throttled",
                params={"seconds": wait})
        return super().clean()


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    email = forms.EmailField(label="E-mail", required=False,
                             help_text="Used for password reset and invitations.")

    class Meta:
        model = Profile
        fields = ["display_name", "unit"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.user.email
        self.order_fields(["display_name", "unit", "email"])

    def save(self, commit: bool = True) -> Profile:
        profile: Profile = super().save(commit)
        user = profile.user
        user.email = self.cleaned_data.get("email", "")
        if commit:
            user.save(update_fields=["email"])
        return profile


class AccountCreationForm(UserCreationForm):  # type: ignore[type-arg]
    """A new account, made when someone accepts an invitation."""

    display_name = forms.CharField(max_length=80, help_text="How your name appears to others.")
    unit = forms.CharField(label="Unit or department", max_length=120, required=False)

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
