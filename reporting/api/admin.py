"""Admin of API clients: the token is shown once, on creation, and only its hash is stored."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from reporting.api.models import ApiCall, ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "all_plans", "own_agency_only", "is_active", "last_used_at"]
    list_filter = ["is_active", "all_plans"]
    search_fields = ["name"]
    autocomplete_fields = ["agency"]
    filter_horizontal = ["plans"]
    readonly_fields = ["created_at", "last_used_at"]

    def save_model(self, request, obj, form, change):
        token = None if change else obj.set_new_token()
        super().save_model(request, obj, form, change)
        if token:
            message = _("Mã truy cập của %(name)s (chỉ hiện một lần, hãy lưu lại ngay): %(token)s")
            self.message_user(request, message % {"name": obj.name, "token": token}, messages.WARNING)


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ["at", "client", "path", "status", "duration_ms"]
    list_filter = ["status", "client"]
    list_select_related = ["client"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
