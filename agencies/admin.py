from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyAlias, AgencyGroup, User, direct_successors
from plan_portal.forms import NfcFormMixin, refuse_line_breaks


class AgencyAliasInline(admin.TabularInline):
    model = AgencyAlias
    fk_name = "agency"
    fields = ["name"]
    extra = 1


class GroupAliasInline(AgencyAliasInline):
    fk_name = "group"


class AgencyForm(NfcFormMixin, forms.ModelForm):
    """Names in NFC and on one line: they head documents and e-mail subjects."""

    class Meta:
        model = Agency
        fields = "__all__"  # noqa: DJ007 - the admin decides which fields it shows

    def clean_name(self) -> str:
        refuse_line_breaks(self.cleaned_data["name"])
        return self.cleaned_data["name"]

    def clean_short_name(self) -> str:
        refuse_line_breaks(self.cleaned_data["short_name"])
        return self.cleaned_data["short_name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
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


class AgencyAliasForm(NfcFormMixin, forms.ModelForm):
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
    # Set by logins and by creation, never typed; read-only also spares the unlabelled split date inputs.
    readonly_fields = ["last_login", "date_joined"]
    actions = ["move_to_successor"]

    @admin.action(description=_("Chuyển sang cơ quan kế thừa"), permissions=["change"])
    def move_to_successor(self, request, queryset):
        """Users of a merged or abolished agency move only after the administrator confirms the list."""
        moves, unclear = users_to_move(queryset.select_related("agency"))
        if request.POST.get("confirm") == "yes":
            return self._apply_moves(request, moves)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Chuyển người dùng sang cơ quan kế thừa"),
            "moves": moves,
            "unclear": unclear,
            "queryset": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/agencies/user/move_to_successor.html", context)

    @transaction.atomic
    def _apply_moves(self, request, moves):
        for user, successor in moves:
            user.agency = successor
            user.save(update_fields=["agency"])
        self.message_user(
            request, _("Đã chuyển %(n)d người dùng sang cơ quan kế thừa.") % {"n": len(moves)}, messages.SUCCESS
        )
        return None

    @admin.display(description=_("họ và tên"), ordering="first_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()


def users_to_move(users) -> tuple[list[tuple[User, Agency]], list[tuple[User, list[Agency]]]]:
    """(user, its agency's single successor) pairs, and users whose agency has several heirs or none.

    A user of an agency split between heirs is left for the administrator to edit by hand.
    """
    users = list(users)
    heirs = direct_successors([u.agency_id for u in users if u.agency_id])
    moves, unclear = [], []
    for user in users:
        found = heirs.get(user.agency_id, [])
        if len(found) == 1:
            moves.append((user, found[0]))
        else:
            unclear.append((user, found))
    return moves, unclear
