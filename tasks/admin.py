from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tasks import succession_admin  # noqa: F401  (registers the agency succession admin)
from tasks.models import Assignment, Plan, PlanImportDraft, Task


class TaskLinkInline(admin.TabularInline):
    """The plan's tasks in order, read-only here: each opens its own page with its assignments."""

    model = Task
    fields = ["position", "code", "title", "is_heading", "timing_kind", "timing_text", "deadline"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "short_title", "issuer", "consolidating_agency", "task_count", "is_active"]
    list_filter = ["is_active", "issuer", "consolidating_agency"]
    list_select_related = ["issuer", "consolidating_agency"]
    search_fields = ["number", "title", "short_title"]
    autocomplete_fields = ["issuer", "supplements", "consolidating_agency", "recipient"]
    date_hierarchy = "issued_on"
    inlines = [TaskLinkInline]
    fieldsets = (
        (None, {"fields": ("number", "issued_on", "issuer", "title", "short_title", "supplements", "is_active")}),
        (_("Căn cứ và nơi nhận"), {"fields": ("legal_basis", "recipients_text")}),
        (
            _("Chế độ báo cáo"),
            {
                "fields": (
                    "consolidating_agency",
                    "recipient",
                    "reporting_schedule_text",
                    ("reports_monthly", "reports_quarterly", "reports_semiannual", "reports_annual", "reports_ad_hoc"),
                    "data_cutoff_day",
                    "report_due_day",
                    ("annual_report_due_day", "annual_report_due_month"),
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(task_count=Count("tasks", filter=Q(tasks__is_heading=False)))

    @admin.display(description=_("số nhiệm vụ"), ordering="task_count")
    def task_count(self, plan: Plan) -> int:
        return plan.task_count


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fields = ["agency", "role", "via_group", "progress", "percent_complete", "completed_on"]
    autocomplete_fields = ["agency", "via_group"]
    extra = 0


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "plan", "is_heading", "timing_kind", "timing_text", "deadline"]
    list_display_links = ["code", "title"]
    list_filter = ["plan", "timing_kind", "is_heading"]
    list_select_related = ["plan"]
    search_fields = ["code", "title", "full_text", "plan__number"]
    autocomplete_fields = ["plan", "parent"]
    readonly_fields = ["deadline"]
    ordering = ["plan", "position"]
    inlines = [AssignmentInline]
    fieldsets = (
        (
            None,
            {"fields": ("plan", "parent", "position", "code", "title", "full_text", "expected_output", "is_heading")},
        ),
        (_("Cơ quan"), {"fields": ("unnamed_parties",)}),
        (
            _("Thời gian thực hiện"),
            {
                "fields": (
                    "timing_kind",
                    "timing_text",
                    ("starts_on", "due_on"),
                    ("yearly_due_day", "yearly_due_month"),
                    "trigger_description",
                    ("trigger_document", "trigger_occurred_on", "days_after_trigger"),
                    "deadline",
                )
            },
        ),
    )


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "agency", "role", "via_group", "progress", "percent_complete", "completed_on"]
    list_filter = ["role", "progress", "task__plan", "agency__kind", "via_group"]
    list_select_related = ["task", "agency", "via_group"]
    search_fields = ["task__code", "task__title", "agency__name", "agency__code"]
    autocomplete_fields = ["task", "agency", "via_group"]
    readonly_fields = ["progress_updated_at"]


@admin.register(PlanImportDraft)
class PlanImportDraftAdmin(admin.ModelAdmin):
    """Plan import drafts: seen here so an administrator can find and delete abandoned ones."""

    list_display = ["__str__", "uploaded_by", "revision", "created_at", "updated_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["source_name", "uploaded_by__username"]
    raw_id_fields = ["uploaded_by"]
    readonly_fields = ["revision", "created_at", "updated_at"]
