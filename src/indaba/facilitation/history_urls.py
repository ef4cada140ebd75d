from django.urls import path

from indaba.facilitation import history_views

app_name = "history"

urlpatterns = [
    path("", history_views.versions, name="versions"),
    path("snapshot", history_views.snapshot, name="snapshot"),
    path("restore", history_views.restore, name="restore"),
    path("diff", history_views.diff, name="diff"),
    path("<int:number>/scene", history_views.scene, name="scene"),
]
