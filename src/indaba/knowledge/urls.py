"""Knowledge pages under /knowledge/, the harvest endpoint under /boards/<id>/knowledge/
and the "harvest this session" page under /sessions/<pk>/harvest/."""

from django.urls import path

from indaba.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("boards/<str:board_id>/knowledge/harvest", views.harvest_endpoint, name="harvest"),
    path("sessions/<int:pk>/harvest/", views.harvest_session, name="harvest_session"),
    path("knowledge/", views.knowledge_base, name="base"),
    path("knowledge/inbox/", views.inbox, name="inbox"),
    path("knowledge/due/", views.due, name="due"),
    path("knowledge/feed.atom", views.feed, name="feed"),
    path("knowledge/export.json", views.export_json, name="export_json"),
    path("knowledge/c/<slug:slug>/", views.community_base, name="community"),
    path("knowledge/c/<slug:slug>/new/", views.item_new, name="new"),
    path("knowledge/c/<slug:slug>/settings/", views.community_settings, name="settings"),
    path("knowledge/items/<int:pk>/", views.item_page, name="item"),
    path("knowledge/items/<int:pk>/edit/", views.item_edit, name="edit"),
    path("knowledge/items/<int:pk>/submit/", views.item_submit, name="submit"),
    path("knowledge/items/<int:pk>/approve/", views.item_approve, name="approve"),
    path("knowledge/items/<int:pk>/request-changes/", views.item_request_changes,
         name="request_changes"),
    path("knowledge/items/<int:pk>/archive/", views.item_archive, name="archive"),
    path("knowledge/items/<int:pk>/supersede/", views.item_supersede, name="supersede"),
    path("knowledge/items/<int:pk>/comments/", views.item_comment, name="comment"),
    path("knowledge/items/<int:pk>/actions/", views.item_action_add, name="action_add"),
    path("knowledge/items/<int:pk>/actions/<int:action_id>/", views.item_action_status,
         name="action_status"),
    path("knowledge/items/<int:pk>/reuse/", views.item_reuse, name="reuse"),
    path("knowledge/items/<int:pk>.md", views.item_markdown, name="markdown"),
    path("knowledge/items/<int:pk>.pdf", views.item_pdf, name="pdf"),
]
