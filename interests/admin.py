"""Staff see who marked what. Per-presentation counts are in the presentations admin."""

from django.contrib import admin

from interests.models import Interest


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["user", "presentation", "conference", "created"]
    list_filter = ["presentation__conference", "presentation__kind", "created"]
    search_fields = ["user__username", "user__email", "presentation__title"]
    list_select_related = ["user", "presentation__conference"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["presentation"]
    date_hierarchy = "created"

    def get_readonly_fields(self, request, obj=None):
        # Moving an existing interest to another talk would announce only half the change: add and delete instead.
        return ["user", "presentation", "created"] if obj else ["created"]

    @admin.display(description="conference", ordering="presentation__conference__name")
    def conference(self, obj):
        return obj.presentation.conference
