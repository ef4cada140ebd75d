from django.urls import path

from indaba.meetings import results_views, views

app_name = "meetings"

urlpatterns = [
    path("communities/<slug:slug>/sessions/new/", views.session_create, name="create"),
    path("sessions/<int:pk>/", views.session_detail, name="detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="edit"),
    path("sessions/<int:pk>/register/", views.session_register, name="register"),
    path("sessions/<int:pk>/join/", views.session_join, name="member_join"),
    path("sessions/<int:pk>/room/", views.room_screen, name="room"),
    path("sessions/<int:pk>/room/code", views.room_code, name="room_code"),
    path("sessions/<int:pk>/links/new/", views.link_new, name="link_new"),
    path("sessions/<int:pk>/links/<int:link_id>/revoke/", views.link_revoke, name="link_revoke"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("sessions/<int:pk>/results/", results_views.results_page, name="results"),
    path("sessions/<int:pk>/results.md", results_views.results_markdown,
         name="results_markdown"),
    path("sessions/<int:pk>/results.pdf", results_views.results_pdf, name="results_pdf"),
    path("sessions/<int:pk>/actions/", results_views.action_add, name="action_add"),
    path("sessions/<int:pk>/actions/<int:action_id>/delete/", results_views.action_delete,
         name="action_delete"),
    path("join/", views.join_start, name="join"),
    path("join/<str:code>/", views.join_code, name="join_code"),
]
