from django.urls import path

from indaba.meetings import views

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
    # How someone whose access ended (a replaced join code) gets back in.
    path("boards/<str:board_id>/rejoin", views.rejoin, name="rejoin"),
    path("join/", views.join_start, name="join"),
    path("join/<str:code>/", views.join_code, name="join_code"),
]
