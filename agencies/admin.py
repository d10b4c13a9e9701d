from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyAlias, AgencyGroup, User


class AgencyAliasInline(admin.TabularInline):
    model = AgencyAlias
    fk_name = "agency"
    fields = ["name"]
    extra = 1


class GroupAliasInline(AgencyAliasInline):
    fk_name = "group"


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "short_name", "kind", "parent", "place_name", "position", "is_active"]
    list_filter = ["kind", "is_active", "agency_groups"]
    list_editable = ["position"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    inlines = [AgencyAliasInline]


@admin.register(AgencyGroup)
class AgencyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "member_count"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["members"]
    inlines = [GroupAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("số thành viên"), ordering="member_count")
    def member_count(self, group: AgencyGroup) -> int:
        return group.member_count


class AgencyAliasForm(forms.ModelForm):
    class Meta:
        model = AgencyAlias
        fields = ["name", "agency", "group"]

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("agency")) == bool(cleaned.get("group")):
            # A field error (not only the model constraint's generic one) says what to fix, once.
            self.add_error("agency", _("Chọn đúng một: cơ quan hoặc nhóm cơ quan."))
        return cleaned


@admin.register(AgencyAlias)
class AgencyAliasAdmin(admin.ModelAdmin):
    """Other ways documents write an agency or a group; the plan reader matches them on its next run."""

    form = AgencyAliasForm
    list_display = ["name", "agency", "group"]
    list_select_related = ["agency", "group"]
    search_fields = ["name", "agency__name", "agency__short_name", "agency__code", "group__name", "group__code"]
    autocomplete_fields = ["agency", "group"]


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
