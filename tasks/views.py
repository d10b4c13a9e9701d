"""Plans, tasks and the task list: read-only pages every logged-in user may open.

Each page runs a fixed number of queries whatever the size of the plan: assignments are
loaded once with their status computed in SQL, then grouped in Python for display.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies import roles
from agencies.models import Agency, succession_links
from plan_portal.exports import csv_response, xlsx_response
from tasks.filters import AssignmentFilter, assignment_rows
from tasks.models import Assignment, AssignmentRole, Plan, Task
from tasks.timing import Status

PAGE_SIZE = 50
# Plans are shown as cards with their status counts; a province ×10 has 300 of them.
PLAN_PAGE_SIZE = 20
# Above this many agencies in one role, the plan page folds the names under a summary.
COLLAPSE_ABOVE = 6


def _today() -> dt.date:
    return timezone.localdate()


def _label_statuses(assignments) -> list[Assignment]:
    """Attach the Status of each assignment that owes reports (coordinating ones report nothing)."""
    rows = list(assignments)
    for assignment in rows:
        assignment.current_status = Status(assignment.status_code) if assignment.owes_reports else None
    return rows


def _counts_in_order(counter: Counter) -> list[tuple[Status, int]]:
    return [(status, counter[status.value]) for status in Status if counter[status.value]]


def _status_rollup(assignments: QuerySet[Assignment], today: dt.date) -> list[tuple[Status, int]]:
    """Every status category with its count (zeros included), in display order. One query."""
    return [(Status(code), n) for code, n in assignments.owing_reports().status_counts(today).items()]


def _rollups_by_plan(plan_ids: list[int], today: dt.date) -> dict[int, list[tuple[Status, int]]]:
    """The status roll-up of many plans in one grouped query."""
    rows = (
        Assignment.objects.filter(task__plan_id__in=plan_ids)
        .owing_reports()
        .with_status(today)
        .order_by()
        .values("task__plan_id", "status_code")
        .annotate(n=Count("*"))  # not Count("id"): the count is read from the index on (task, role) alone
    )
    counters: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        counters[row["task__plan_id"]][row["status_code"]] = row["n"]
    return {plan_id: _counts_in_order(counters[plan_id]) for plan_id in plan_ids}


def plan_list(request: HttpRequest) -> HttpResponse:
    """Newest plans first, a page of cards at a time: the status counts of the page's plans only."""
    today = _today()
    plans = Plan.objects.select_related("issuer", "consolidating_agency", "supplements").order_by("-issued_on", "-id")
    page = Paginator(plans, PLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    plan_ids = [plan.pk for plan in page.object_list]
    rollups = _rollups_by_plan(plan_ids, today)
    # Counted for the page's plans only (an annotation would count every plan's tasks before paging).
    task_counts = dict(
        Task.objects.filter(plan_id__in=plan_ids, is_heading=False)
        .order_by()
        .values_list("plan_id")
        .annotate(n=Count("*"))
    )
    for plan in page.object_list:
        plan.rollup = rollups[plan.pk]
        plan.task_count = task_counts.get(plan.pk, 0)
    return render(request, "tasks/plan_list.html", {"plans": page.object_list, "page": page, "today": today})


@dataclass
class RoleGroup:
    """The agencies holding one role on one task, with how many are in each status."""

    role: AssignmentRole
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[Status, int]]:
        counter = Counter(a.status_code for a in self.assignments if a.current_status is not None)
        return _counts_in_order(counter)

    @property
    def collapsed(self) -> bool:
        return len(self.assignments) > COLLAPSE_ABOVE


def _role_groups(assignments: list[Assignment]) -> list[RoleGroup]:
    groups = {role: RoleGroup(role=role) for role in AssignmentRole}
    for assignment in assignments:
        groups[AssignmentRole(assignment.role)].assignments.append(assignment)
    return [group for group in groups.values() if group.assignments]


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = _today()
    plan = get_object_or_404(
        Plan.objects.select_related("issuer", "supplements", "consolidating_agency", "recipient"), pk=pk
    )
    tasks = list(plan.tasks.order_by("position"))
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in _label_statuses(assignment_rows(today).filter(task__plan=plan)):
        by_task[assignment.task_id].append(assignment)
    for task in tasks:
        task.role_groups = _role_groups(by_task.get(task.pk, []))
        task.deadline_in_force = task.deadline_on(today)
    context = {
        "plan": plan,
        "tasks": tasks,
        "rollup": _status_rollup(Assignment.objects.filter(task__plan=plan), today),
        "today": today,
    }
    return render(request, "tasks/plan_detail.html", context)


def _ancestors(task: Task) -> list[Task]:
    """The headings above a task, outermost first, from one query over the plan's headings."""
    headings = {
        heading.pk: heading
        for heading in Task.objects.filter(plan_id=task.plan_id, is_heading=True).only("pk", "parent", "code", "title")
    }
    chain = []
    parent_id = task.parent_id
    while parent_id in headings and len(chain) < len(headings):
        chain.append(headings[parent_id])
        parent_id = headings[parent_id].parent_id
    return list(reversed(chain))


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = _today()
    task = get_object_or_404(Task.objects.select_related("plan"), pk=pk)
    task.deadline_in_force = task.deadline_on(today)
    assignments = _label_statuses(assignment_rows(today).filter(task=task))
    context = {
        "task": task,
        "plan": task.plan,
        "ancestors": _ancestors(task),
        "role_groups": _role_groups(assignments),
        "today": today,
    }
    return render(request, "tasks/task_detail.html", context)


def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Everything assigned to one agency across plans, grouped by status.

    It lives here rather than in `agencies` because agencies must not import tasks.
    """
    today = _today()
    agency = get_object_or_404(Agency.objects.select_related("parent"), code=code)
    assignments = _label_statuses(assignment_rows(today).filter(agency=agency))
    by_status: dict[str, list[Assignment]] = defaultdict(list)
    coordinating = []
    for assignment in assignments:
        if assignment.current_status is None:
            coordinating.append(assignment)
        else:
            by_status[assignment.status_code].append(assignment)
    status_groups = [(status, by_status[status.value]) for status in Status if by_status[status.value]]
    predecessors, successors = succession_links(agency)
    context = {
        "agency": agency,
        "predecessors": predecessors,
        "successors": successors,
        "status_groups": status_groups,
        "coordinating": coordinating,
        "total": len(assignments),
        "today": today,
    }
    return render(request, "agencies/agency_detail.html", context)


COLUMNS = [
    ("code", _("Số hiệu")),
    ("title", _("Nhiệm vụ")),
    ("plan", _("Kế hoạch")),
    ("agency", _("Cơ quan, đơn vị")),
    ("role", _("Vai trò")),
    ("deadline", _("Thời gian thực hiện")),
    ("status", _("Tình trạng")),
]


def _column_headers(current: str) -> list[dict]:
    """Each column's label, the sort key its link sets (clicking again reverses), and aria-sort."""
    headers = []
    for key, label in COLUMNS:
        if current == key:
            next_key, sort = f"-{key}", "ascending"
        elif current == f"-{key}":
            next_key, sort = key, "descending"
        else:
            next_key, sort = key, None
        headers.append({"key": key, "label": label, "next": next_key, "sort": sort})
    return headers


class _Links:
    """Detail links of many rows from one reverse() per view: 150 reverses cost more than the page's SQL."""

    SENTINEL = 987654321

    def __init__(self, name: str, sample=SENTINEL):
        self.sample = str(sample)
        self.pattern = reverse(name, args=[sample])

    def __call__(self, value) -> str:
        return self.pattern.replace(self.sample, str(value))


def _with_links(assignments: list[Assignment]) -> list[Assignment]:
    """Each row's links and texts worked out once per page: `get_role_display` and a lazy status
    label translate every choice on each call, which cost more than the rows' SQL."""
    task_link, plan_link = _Links("tasks:task_detail"), _Links("tasks:plan_detail")
    agency_link = _Links("tasks:agency_detail", "agency-code-sentinel")
    plan_labels: dict[int, str] = {}
    role_labels = {value: str(label) for value, label in AssignmentRole.choices}
    status_labels = {status: str(status.label) for status in Status}
    for assignment in assignments:
        assignment.role_label = role_labels.get(assignment.role, assignment.role)
        if assignment.current_status is not None:
            assignment.status_label = status_labels[assignment.current_status]
        task = assignment.task
        assignment.task_url, assignment.plan_url = task_link(task.pk), plan_link(task.plan_id)
        assignment.agency_url = agency_link(assignment.agency.code)
        if task.plan_id not in plan_labels:  # many rows share a plan; its label is translated text
            plan_labels[task.plan_id] = str(task.plan)
        assignment.plan_label = plan_labels[task.plan_id]
    return assignments


def _scoped(request: HttpRequest):
    """The list's filters; agency staff start on their own agency's rows (`?agency=` shows every agency's).

    Reviewers and leaders follow the whole province, so their list opens on everything.
    """
    user = request.user
    if "agency" in request.GET or "held_by" in request.GET or not roles.can_submit(user):
        return request.GET, False
    if roles.can_review(user) or roles.can_view_all(user):
        return request.GET, False
    data = request.GET.copy()
    data["agency"] = str(user.agency_id)
    return data, True


def task_list(request: HttpRequest) -> HttpResponse:
    today = _today()
    data, own_agency = _scoped(request)
    filterset = AssignmentFilter(data, queryset=assignment_rows(today))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _with_links(_label_statuses(page.object_list))
    context = {
        "filter": filterset,
        "page": page,
        "headers": _column_headers(filterset.ordering_key),
        "today": today,
        "own_agency": own_agency,
    }
    return render(request, "tasks/task_list.html", context)


EXPORT_HEADER = [
    _("Kế hoạch"),
    _("Số hiệu"),
    _("Nhiệm vụ"),
    _("Cơ quan, đơn vị"),
    _("Vai trò"),
    _("Thời gian thực hiện"),
    _("Hạn đang áp dụng"),
    _("Tình trạng"),
]


def _export_rows(assignments: QuerySet[Assignment]):
    for assignment in assignments.iterator(chunk_size=2000):
        status = Status(assignment.status_code).label if assignment.owes_reports else ""
        yield [
            str(assignment.task.plan),
            assignment.task.code,
            assignment.task.title,
            assignment.agency.name,
            assignment.get_role_display(),
            assignment.task.timing_text or _("Không quy định"),
            assignment.deadline_in_force,
            status,
        ]


def task_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The rows of the task list as filtered and sorted on screen, all pages, as CSV or XLSX."""
    today = _today()
    filterset = AssignmentFilter(_scoped(request)[0], queryset=assignment_rows(today))
    rows = _export_rows(filterset.qs)
    filename = f"nhiem-vu-{today:%Y%m%d}.{fmt}"
    if fmt == "csv":
        return csv_response(filename=filename, header=EXPORT_HEADER, rows=rows)
    if fmt == "xlsx":
        return xlsx_response(filename=filename, sheet_title=_("Nhiệm vụ"), header=EXPORT_HEADER, rows=rows)
    raise Http404(f"Unknown export format {fmt!r}")
