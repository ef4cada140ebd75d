from django.urls import path

from indaba.facilitation import views

app_name = "facilitation"

urlpatterns = [
    path("<path:name>", views.endpoint, name="endpoint"),
]
