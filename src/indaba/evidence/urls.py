from django.urls import path

from indaba.evidence import views

app_name = "evidence"

urlpatterns = [
    path("communities/<slug:slug>/evidence/", views.community_dashboard, name="community"),
    path("communities/<slug:slug>/evidence/report.<str:fmt>", views.community_download,
         name="community_download"),
    path("evidence/", views.all_dashboard, name="all"),
    path("evidence/report.<str:fmt>", views.all_download, name="all_download"),
]
