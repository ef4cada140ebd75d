"""Sign-in, sign-out, password reset (Django's views, our templates) and the profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from indaba.accounts import email_change, languages, signin_links
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
        saved = form.save()
        languages.remember(request, request.user, saved.language)
        if saved.language:
            translation.activate(saved.language)  # the message below in the new language
        if new_email:
            email_change.request_change(request, request.user, new_email)
            # The same words whether or not the address belongs to someone else.
            messages.success(request, _("Your profile is saved. To use %(email)s, open the "
                                        "link we sent to it; until then your current "
                                        "address stays in use.") % {"email": new_email})
        else:
            messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (language cookie, back to `next`); for a signed-in person the
    choice is also kept on their profile, which outranks the cookie on every device."""
    response = i18n.set_language(request)
    code = str(request.POST.get("language", ""))
    if request.user.is_authenticated and languages.offered(code):
        profile = profile_of(request.user)
        profile.language = code
        profile.save(update_fields=["language"])
        languages.remember(request, request.user, code)
    return response


@never_cache
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """Sign in with a one-time link (signin_links.py), then go to `next` on this site."""
    user = signin_links.account_for(token)
    if user is None:
        return render(request, "accounts/message.html", {
            "title": _("This sign-in link does not work"),
            "message": _("It was used already or has expired (links work once, for an hour). "
                         "Sign in with your username and password instead.")}, status=400)
    login(request, user, backend="indaba.accounts.backends.ThrottledEmailOrUsernameBackend")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    return redirect(target)


@login_required
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email = email_change.confirm(token, request.user)
    except email_change.EmailChangeError as exc:
        text = str(exc)
        return render(request, "accounts/message.html", {
            "title": _("E-mail address not changed"),
            "message": text[:1].upper() + text[1:] + "."}, status=400)
    messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": email})
    return redirect("accounts:profile")
