from django.urls import include, path

from indaba.boards import views
from indaba.meetings import views as meeting_views

app_name = "boards"

urlpatterns = [
    path("<str:board_id>", views.board_page, name="board"),
    path("<str:board_id>/phone", views.phone_page, name="phone"),
    path("<str:board_id>/images", views.upload_image, name="upload_image"),
    path("<str:board_id>/images/<str:image_id>", views.image, name="image"),
    path("<str:board_id>/export", views.export, name="export"),
    # How someone whose access ended (a replaced join code) gets back in.
    path("<str:board_id>/rejoin", meeting_views.rejoin, name="rejoin"),
    path("<str:board_id>/facilitation/", include("indaba.facilitation.urls")),
]
