from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyGroup, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "short_name", "kind", "parent", "place_name", "position", "is_active"]
    list_filter = ["kind", "is_active", "agency_groups"]
    list_editable = ["position"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(AgencyGroup)
class AgencyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "member_count"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["members"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("số thành viên"), ordering="member_count")
    def member_count(self, group: AgencyGroup) -> int:
        return group.member_count


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Cơ quan"), {"fields": ("agency", "job_title")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Cơ quan"), {"fields": ("first_name", "last_name", "email", "agency", "job_title", "groups")}),
    )
    list_display = ["username", "full_name", "agency", "job_title", "is_active", "is_staff", "last_login"]
    list_filter = ["groups", "agency__kind", "is_active", "is_staff", "is_superuser"]
    list_select_related = ["agency"]
    search_fields = ["username", "first_name", "last_name", "email", "agency__name", "agency__code"]
    autocomplete_fields = ["agency"]

    @admin.display(description=_("họ và tên"), ordering="first_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()
