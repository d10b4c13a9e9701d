from django.contrib import admin

from reporting.models import (
    AgencyReport,
    Attachment,
    ConsolidatedReport,
    CoordinationInput,
    EvidenceDocument,
    Notification,
    PeriodEvent,
    ReportBuild,
    ReportEvent,
    ReportingPeriod,
    ReportItem,
)


class ReadOnlyMixin:
    """The audit trail is written by services only; nobody, superusers included, edits or deletes it."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PeriodEventInline(ReadOnlyMixin, admin.TabularInline):
    model = PeriodEvent
    fields = ["occurred_at", "actor", "from_state", "to_state", "reason"]
    readonly_fields = fields
    extra = 0


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "plan", "kind", "year", "state", "starts_on", "ends_on", "submission_due_on"]
    list_filter = ["state", "kind", "year", "plan"]
    list_select_related = ["plan"]
    search_fields = ["label", "plan__number", "plan__title"]
    autocomplete_fields = ["plan", "requested_agencies", "created_by"]
    date_hierarchy = "ends_on"
    inlines = [PeriodEventInline]


class ReportItemInline(admin.StackedInline):
    model = ReportItem
    autocomplete_fields = ["assignment"]
    extra = 0


class ReportEventInline(ReadOnlyMixin, admin.TabularInline):
    model = ReportEvent
    fields = ["occurred_at", "actor", "from_state", "to_state", "comment"]
    readonly_fields = fields
    extra = 0


@admin.register(AgencyReport)
class AgencyReportAdmin(admin.ModelAdmin):
    list_display = ["agency", "period", "state", "version", "submitted_at", "is_late", "approved_at"]
    list_filter = ["state", "is_late", "period__kind", "period__year", "period__plan"]
    list_select_related = ["agency", "period"]
    search_fields = ["agency__name", "agency__code", "period__label", "document_number"]
    autocomplete_fields = ["period", "agency", "updated_by"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ReportItemInline, ReportEventInline]


@admin.register(ReportItem)
class ReportItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "progress", "percent_complete", "completed_on"]
    list_filter = ["progress", "report__state"]
    list_select_related = ["report__agency", "report__period", "assignment__task"]
    search_fields = ["assignment__task__code", "report__agency__name", "results"]
    autocomplete_fields = ["report", "assignment"]


@admin.register(EvidenceDocument)
class EvidenceDocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "issued_on", "title"]
    search_fields = ["number", "title"]
    autocomplete_fields = ["item"]
    date_hierarchy = "issued_on"


@admin.register(CoordinationInput)
class CoordinationInputAdmin(admin.ModelAdmin):
    list_display = ["assignment", "period", "author", "created_at"]
    list_filter = ["period"]
    list_select_related = ["assignment__task", "assignment__agency", "period", "author"]
    search_fields = ["text", "assignment__agency__name", "assignment__task__code"]
    autocomplete_fields = ["period", "assignment", "author"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "report", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["report__agency", "report__period", "uploaded_by"]
    search_fields = ["original_name", "report__agency__name"]
    autocomplete_fields = ["report", "uploaded_by"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["occurred_at", "report", "actor", "from_state", "to_state"]
    list_filter = ["to_state", "from_state"]
    list_select_related = ["report__agency", "report__period", "actor"]
    search_fields = ["report__agency__name", "actor__username", "comment"]
    date_hierarchy = "occurred_at"


@admin.register(PeriodEvent)
class PeriodEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A period's life cycle is written by its services only, like a report's history."""

    list_display = ["occurred_at", "period", "actor", "from_state", "to_state"]
    list_filter = ["to_state", "from_state"]
    list_select_related = ["period", "actor"]
    search_fields = ["period__label", "actor__username", "reason"]
    date_hierarchy = "occurred_at"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at", "emailed_at"]
    list_filter = ["read_at", "emailed_at"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "body", "recipient__username"]
    autocomplete_fields = ["recipient"]
    date_hierarchy = "created_at"


class ReportBuildInline(admin.TabularInline):
    model = ReportBuild
    fields = ["version", "state", "percent", "error", "created_at", "finished_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ConsolidatedReport)
class ConsolidatedReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "number", "issued_on", "signer_name", "updated_at"]
    list_select_related = ["period__plan"]
    search_fields = ["number", "period__label", "period__plan__number"]
    autocomplete_fields = ["period"]
    inlines = [ReportBuildInline]


@admin.register(ReportBuild)
class ReportBuildAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "percent", "attempts", "is_automatic_draft", "created_at", "finished_at"]
    list_filter = ["state", "is_automatic_draft"]
    list_select_related = ["consolidated_report__period__plan"]
    search_fields = ["consolidated_report__number", "consolidated_report__period__label"]
    autocomplete_fields = ["consolidated_report", "requested_by"]
    readonly_fields = ["snapshot", "created_at", "started_at", "finished_at"]


from reporting.api import admin as api_admin  # noqa: E402, F401  (registers the API clients)
