from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from indaba.accounts import views
from indaba.accounts.forms import PasswordResetRequestForm

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("link/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("password/change/", auth_views.PasswordChangeView.as_view(
        template_name="accounts/form_page.html",
        extra_context={"title": "Change your password", "submit": "Change password"},
        success_url=reverse_lazy("accounts:profile")), name="password_change"),
    path("password/reset/", auth_views.PasswordResetView.as_view(
        form_class=PasswordResetRequestForm,
        template_name="accounts/form_page.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        extra_context={"title": "Reset your password", "submit": "Send reset link",
                       "intro": "Enter the e-mail address of your account. If it is known, "
                                "we send a link to choose a new password."},
        success_url=reverse_lazy("accounts:password_reset_done")), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/message.html",
        extra_context={"title": "Check your e-mail",
                       "message": "If an account uses that address, a reset link is on its "
                                  "way. The link works once and expires in three days."}),
         name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete")),
         name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/message.html",
        extra_context={"title": "Password changed",
                       "message": "Your password is changed. You can sign in with it now."}),
         name="password_reset_complete"),
]
