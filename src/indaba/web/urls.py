from django.contrib import admin
from django.urls import include, path

from indaba.accounts.views import set_language
from indaba.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("privacy/", views.privacy, name="privacy"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("audit/", include("indaba.audit.urls")),
    path("boards/", include("indaba.boards.urls")),
    path("accounts/", include("indaba.accounts.urls")),
    path("communities/", include("indaba.communities.urls")),
    path("", include("indaba.meetings.urls")),
    path("", include("indaba.facilitation.results_urls")),
    path("", include("indaba.knowledge.urls")),
    path("", include("indaba.evidence.urls")),
]
