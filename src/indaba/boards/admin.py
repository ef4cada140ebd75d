from django.contrib import admin

from indaba.boards.models import Board, BoardAccessToken


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "id", "created_at", "created_by")
    search_fields = ("title", "id")


@admin.register(BoardAccessToken)
class BoardAccessTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "board", "role", "name", "expires_at", "revoked_at")
    list_filter = ("role",)
    readonly_fields = ("id", "created_at")
