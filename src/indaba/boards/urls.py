from django.urls import include, path

from indaba.boards import views

app_name = "boards"

urlpatterns = [
    path("<str:board_id>", views.board_page, name="board"),
    path("<str:board_id>/phone", views.phone_page, name="phone"),
    path("<str:board_id>/images", views.upload_image, name="upload_image"),
    path("<str:board_id>/images/<str:image_id>", views.image, name="image"),
    path("<str:board_id>/export", views.export, name="export"),
    path("<str:board_id>/facilitation/", include("indaba.facilitation.urls")),
    path("<str:board_id>/history/", include("indaba.facilitation.history_urls")),
]
