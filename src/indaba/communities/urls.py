from django.urls import path

from indaba.communities import views

app_name = "communities"

urlpatterns = [
    path("", views.community_list, name="list"),
    path("new/", views.community_create, name="create"),
    path("invitations/<str:key>/", views.accept_invitation, name="invitation"),
    path("<slug:slug>/", views.community_home, name="home"),
    path("<slug:slug>/edit/", views.community_edit, name="edit"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:membership_id>/", views.member_update, name="member_update"),
]
