"""The filters of the task list (one row per assignment), shared by the page and its exports."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from plan_portal.forms import NfcFilterForm
from plan_portal.widgets import FastSelect, use_cached_choices
from tasks.models import Assignment, AssignmentHandover, AssignmentRole, Plan
from tasks.timing import Status, TimingKind

# Sort keys offered to the user -> the columns they sort by. A task's code sorts by its
# position in the plan, so II.10 comes after II.9 as in the plan itself.
ORDERINGS = {
    "code": ("task__plan__issued_on", "task__plan_id", "task__position"),
    "title": ("task__title",),
    "plan": ("task__plan__issued_on", "task__plan_id"),
    "agency": ("agency__position", "agency__name"),
    "role": ("role_rank",),
    "deadline": ("deadline_in_force",),
    "status": ("status_rank",),
}
DEFAULT_ORDERING = ("-task__plan__issued_on", "-task__plan_id", "task__position", "role_rank", "agency__position")


def _rank(field: str, values) -> Case:
    """Sort by the display order of a choice list rather than by its stored code."""
    return Case(
        *[When(**{field: value}, then=Value(index)) for index, value in enumerate(values)],
        default=Value(len(values)),
        output_field=IntegerField(),
    )


def assignment_rows(today: dt.date) -> QuerySet[Assignment]:
    """Every assignment with what a list row shows, its status on `today`, and its role's rank."""
    return (
        Assignment.objects.with_status(today)
        .with_deadline(today)
        .annotate(role_rank=_rank("role", [role.value for role in AssignmentRole]))
        .select_related("task__plan", "agency")
        .order_by(*_ordering_fields(""))
    )


def _ordering_fields(key: str) -> list[str | OrderBy]:
    descending = key.startswith("-")
    fields = ORDERINGS.get(key.lstrip("-"))
    if not fields:
        return [*DEFAULT_ORDERING, "pk"]
    # Empty values (a task without a deadline) sort last either way, on SQLite as on PostgreSQL.
    chosen = [F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True) for field in fields]
    # The default order breaks ties, and pk keeps pages stable.
    return [*chosen, *DEFAULT_ORDERING, "pk"]


class AssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_text")
    plan = django_filters.ModelChoiceFilter(
        label=_("Kế hoạch"),  # Only what an option shows: hundreds of plans and agencies are listed on every page.
        queryset=Plan.objects.only("number", "issued_on"),
        field_name="task__plan",
        empty_label=_("Tất cả"),
        widget=FastSelect,
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan, đơn vị"),
        queryset=Agency.objects.only("name", "short_name"),
        empty_label=_("Tất cả"),
        widget=FastSelect,
    )
    # Drill-down to a merged or abolished agency's history: what it held, also what it has handed over.
    held_by = django_filters.ModelChoiceFilter(
        label=_("Từng giao cho cơ quan đã kế thừa"),
        queryset=Agency.objects.filter(active_until__isnull=False).only("name", "short_name"),
        empty_label=_("Tất cả"),
        method="filter_held_by",
        widget=FastSelect,
    )
    role = django_filters.ChoiceFilter(label=_("Vai trò"), choices=AssignmentRole.choices, empty_label=_("Tất cả"))
    timing_kind = django_filters.ChoiceFilter(
        label=_("Loại thời hạn"), field_name="task__timing_kind", choices=TimingKind.choices, empty_label=_("Tất cả")
    )
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=Status.choices, empty_label=_("Tất cả"), method="filter_status"
    )
    o = django_filters.CharFilter(label=_("Sắp xếp"), method="filter_ordering")

    class Meta:
        model = Assignment
        form = NfcFilterForm
        fields = ["q", "plan", "agency", "held_by", "role", "timing_kind", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sorting is driven by the column links, not by a form field.
        self.form.fields["o"].widget = self.form.fields["o"].hidden_widget()
        use_cached_choices(
            {
                "task-list-plans": self.form.fields["plan"],
                "task-list-agencies": self.form.fields["agency"],
                "task-list-retired-agencies": self.form.fields["held_by"],
            }
        )

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(task__code__icontains=word) | Q(task__title__icontains=word) | Q(task__full_text__icontains=word)
            )
        return queryset

    def filter_held_by(self, queryset, name, value):
        """The agency's own rows and those it passed to its successors (now shown under their holder)."""
        handed_over = AssignmentHandover.objects.filter(assignment=OuterRef("pk"), from_agency=value)
        return queryset.filter(Q(agency=value) | Exists(handed_over))

    def filter_status(self, queryset, name, value):
        # Coordinating agencies report nothing, so they carry no status of their own.
        return queryset.owing_reports().filter(status_code=value)

    def filter_ordering(self, queryset, name, value):
        if value.lstrip("-") == "status":
            # Only this sort needs it: the rank repeats the status CASE once per category, costly to build and run.
            queryset = queryset.annotate(status_rank=_rank("status_code", [status.value for status in Status]))
        return queryset.order_by(*_ordering_fields(value))

    @property
    def ordering_key(self) -> str:
        value = self.form.cleaned_data.get("o") if self.form.is_valid() else ""
        return value if value and value.lstrip("-") in ORDERINGS else ""
