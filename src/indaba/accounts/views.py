"""Sign-in, sign-out, password reset (Django's views, our templates) and the profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from indaba.accounts import email_change
from indaba.accounts.forms import ProfileForm, SignInForm
from indaba.accounts.people import profile_of


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    instance = profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        new_email = form.new_email
        form.save()
        if new_email:
            email_change.request_change(request, request.user, new_email)
            # The same words whether or not the address belongs to someone else.
            messages.success(request, f"Your profile is saved. To use {new_email}, open the "
                                      "link we sent to it; until then your current "
                                      "address stays in use.")
        else:
            messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email = email_change.confirm(token, request.user)
    except email_change.EmailChangeError as exc:
        text = str(exc)
        return render(request, "accounts/message.html", {
            "title": "E-mail address not changed",
            "message": text[:1].upper() + text[1:] + "."}, status=400)
    messages.success(request, f"Your e-mail address is now {email}.")
    return redirect("accounts:profile")
