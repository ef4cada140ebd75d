"""A session's results (top notes, notes by frame, actions) and their exports."""

from django.urls import path

from indaba.facilitation import results_views

app_name = "results"

urlpatterns = [
    path("sessions/<int:pk>/results/", results_views.results_page, name="results"),
    path("sessions/<int:pk>/results.md", results_views.results_markdown,
         name="results_markdown"),
    path("sessions/<int:pk>/results.pdf", results_views.results_pdf, name="results_pdf"),
    path("sessions/<int:pk>/actions/", results_views.action_add, name="action_add"),
    path("sessions/<int:pk>/actions/<int:action_id>/delete/", results_views.action_delete,
         name="action_delete"),
]
