"""Admin for agency successions: recorded through `tasks.succession.succession_record`, then read-only.

In `tasks` because recording hands over assignments (imports run `tasks` → `agencies`).
"""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencySuccession, AgencySuccessionLink
from plan_portal.forms import NfcFormMixin
from tasks.models import AssignmentHandover
from tasks.succession import SuccessionError, SuccessionLinkSpec, succession_record, succession_validate


class SuccessionForm(NfcFormMixin, forms.ModelForm):
    """Predecessors × successors: a merge is A, B → C; a split A → B, C; an abolition A → heirs."""

    predecessors = forms.ModelMultipleChoiceField(Agency.objects.all(), label=_("cơ quan trước"))
    successors = forms.ModelMultipleChoiceField(Agency.objects.all(), label=_("cơ quan kế thừa"))

    class Meta:
        model = AgencySuccession
        fields = ["kind", "effective_on", "legal_document", "note"]
        help_texts = {
            "kind": _("Chia tách hoặc giải thể cho nhiều cơ quan: mỗi cơ quan kế thừa nhận mọi phân công còn mở.")
        }

    def links(self) -> list[SuccessionLinkSpec]:
        return [
            SuccessionLinkSpec(predecessor=p, successor=s)
            for p in self.cleaned_data.get("predecessors", [])
            for s in self.cleaned_data.get("successors", [])
        ]

    def clean(self):
        cleaned = super().clean()
        try:
            succession_validate(kind=cleaned.get("kind"), effective_on=cleaned.get("effective_on"), links=self.links())
        except SuccessionError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return cleaned


class LinkInline(admin.TabularInline):
    model = AgencySuccessionLink
    fields = ["predecessor", "successor"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class HandoverInline(admin.TabularInline):
    model = AssignmentHandover
    fields = ["assignment", "from_agency", "from_role", "from_progress", "effective_on"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignment__task", "assignment__agency", "from_agency")


@admin.register(AgencySuccession)
class AgencySuccessionAdmin(admin.ModelAdmin):
    list_display = ["who", "kind", "effective_on", "applied", "legal_document"]
    list_display_links = ["who"]
    list_filter = ["kind"]
    date_hierarchy = "effective_on"
    search_fields = ["legal_document", "note", "links__predecessor__name", "links__successor__name"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = SuccessionForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "effective_on", "predecessors", "successors", "legal_document", "note"]
        return ["kind", "effective_on", "applied", "legal_document", "note"]

    def get_readonly_fields(self, request, obj=None):
        # Recorded history: changing the kind or date afterwards would not undo the hand-overs.
        return ["kind", "effective_on", "applied"] if obj else []

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("links__predecessor", "links__successor")

    @admin.display(description=_("cơ quan trước → cơ quan kế thừa"))
    def who(self, obj: AgencySuccession) -> str:
        links = list(obj.links.all())
        predecessors = list(dict.fromkeys(str(link.predecessor) for link in links))
        successors = list(dict.fromkeys(str(link.successor) for link in links))
        return f"{', '.join(predecessors)} → {', '.join(successors)}"

    @admin.display(description=_("áp dụng"))
    def applied(self, obj: AgencySuccession) -> str:
        if obj.applied_at is None:
            return _("Chờ đến ngày có hiệu lực")
        return _("Đã áp dụng lúc %(time)s") % {"time": f"{timezone.localtime(obj.applied_at):%H:%M %d/%m/%Y}"}

    def get_inlines(self, request, obj):
        return [LinkInline, HandoverInline] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        recorded = succession_record(
            kind=obj.kind,
            effective_on=obj.effective_on,
            links=form.links(),
            legal_document=obj.legal_document,
            note=obj.note,
        )
        obj.pk, obj.applied_at = recorded.pk, recorded.applied_at
        obj._state.adding = False
        if recorded.is_pending:
            messages.info(
                request,
                _(
                    "Chưa đến ngày có hiệu lực: phân công còn mở sẽ chuyển cho cơ quan kế thừa vào ngày "
                    "%(day)s (tác vụ chạy hằng giờ)."
                )
                % {"day": f"{recorded.effective_on:%d/%m/%Y}"},
            )
            return
        messages.info(
            request,
            _(
                "Phân công còn mở đã chuyển cho cơ quan kế thừa. Người dùng chưa chuyển: dùng thao tác "
                "“Chuyển sang cơ quan kế thừa” trong danh sách người dùng."
            ),
        )

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RecordedHistoryAdmin(admin.ModelAdmin):
    """Links and hand-overs are written only by `succession_record`: read and search, never edit."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AgencySuccessionLink)
class AgencySuccessionLinkAdmin(RecordedHistoryAdmin):
    list_display = ["predecessor", "successor", "succession"]
    list_select_related = ["predecessor", "successor", "succession"]
    search_fields = ["predecessor__name", "successor__name"]


@admin.register(AssignmentHandover)
class AssignmentHandoverAdmin(RecordedHistoryAdmin):
    list_display = ["assignment", "from_agency", "from_role", "from_progress", "effective_on", "joined_existing"]
    list_select_related = ["assignment__task", "assignment__agency", "from_agency"]
    list_filter = ["effective_on", "joined_existing"]
    search_fields = ["from_agency__name", "assignment__task__code", "assignment__agency__name"]
