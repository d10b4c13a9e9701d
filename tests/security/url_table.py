"""Every named URL of the portal, how to build its arguments from the security world, and who may do what.

A URL that is not in TABLE (or in SKIPPED / PUBLIC) fails test_every_url_pattern_has_an_access_entry,
so a new view cannot escape the access probes.

Users: "owner" is the user the object belongs to (agency staff or the consolidating reviewer), the
control that must succeed; "other" is the staff of another agency taking part in the same plan and
periods; "leader" reads approved things only and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver

from tasks.models import PlanImportDraft
from tasks.plan_import.proposal import PlanProposal
from tests.reporting.report_world import form_data
from tests.security.world import SecurityWorld

# Auth and language plumbing, tested in test_login; the admin is covered by tests/test_admin.py; the read
# API authenticates client systems by token, not session, and tests/api/ probes its scopes and 404s.
SKIPPED = {"login", "logout", "set_language"}
SKIPPED_PREFIXES = ("admin/", "api/")
# Answer without login by design: no data, no session.
PUBLIC = {"healthz", "healthz_live"}

OK = frozenset({200})
REDIRECT = frozenset({302})
HIDDEN = frozenset({404})
DENIED = frozenset({403, 404})
POST_ONLY = frozenset({405})
REFUSED = frozenset({403, 404, 405})


@dataclass(frozen=True)
class Case:
    """One object behind a URL name. `expect` is the GET status set for owner, other and leader."""

    kwargs: Callable[[SecurityWorld], dict]
    owner: str
    expect: dict[str, frozenset[int]]
    post: Callable[[SecurityWorld], dict] | None = None  # a state-changing POST and a body that would work
    post_self_scoped: frozenset[str] = frozenset()  # users whose POST acts on their own data only
    owner_post_changes: bool = True  # the owner's POST visibly changes the world's data
    owner_post: frozenset[int] = frozenset({200, 302})
    label: str = ""


def _none(world: SecurityWorld) -> dict:
    return {}


def expect(owner=OK, other=OK, leader=OK) -> dict[str, frozenset[int]]:
    return {"owner": frozenset(owner), "other": frozenset(other), "leader": frozenset(leader)}


def report(state: str) -> Callable[[SecurityWorld], dict]:
    return lambda w: {"pk": w.reports[state].pk}


def period(state: str, key: str = "pk") -> Callable[[SecurityWorld], dict]:
    return lambda w: {key: w.periods[state].pk}


def _edit_body(state: str):
    return lambda w: form_data(w.reports[state])


def _version(state: str, **extra):
    def body(w: SecurityWorld) -> dict:
        w.reports[state].refresh_from_db()
        return {"version": w.reports[state].version, **extra}

    return body


def _consolidated_body(w: SecurityWorld) -> dict:
    return {"number": "99/BC-SNV", "overall_assessment": "Nội dung sửa đổi", "recipients_text": "UBND tỉnh"}


def _importer(w: SecurityWorld):
    """The world has no administrator: its reviewer is granted tasks.add_plan to own the import pages."""
    w.reviewer.user_permissions.add(Permission.objects.get(content_type__app_label="tasks", codename="add_plan"))
    return w.reviewer


def _upload_page(w: SecurityWorld) -> dict:
    _importer(w)
    return {}


def _import_draft(w: SecurityWorld) -> dict:
    draft = PlanImportDraft.objects.create(uploaded_by=_importer(w), proposal=PlanProposal().to_json())
    return {"pk": draft.pk}


def _history_file(*, in_own_report: bool) -> Callable[[SecurityWorld], dict]:
    def kwargs(w: SecurityWorld) -> dict:
        report = w.reports["approved"]
        event = report.events.get(to_state="submitted")
        stored_name = event.snapshot["attachments"][0]["file"]
        pk = report.pk if in_own_report else w.other_report.pk
        return {"pk": pk, "event_pk": event.pk, "stored_name": stored_name}

    return kwargs


STAFF_PAGE = expect(owner=OK, other=HIDDEN, leader=HIDDEN)
REVIEWER_PAGE = expect(owner=OK, other=DENIED, leader=DENIED)
POST_ENDPOINT = expect(owner=POST_ONLY, other=POST_ONLY, leader=POST_ONLY)

TABLE: dict[str, list[Case]] = {
    "home": [Case(_none, "staff", expect())],
    # Each user's own password: a change is probed in test_hardening (the POST needs the old password).
    "password_change": [Case(_none, "staff", expect())],
    "password_change_done": [Case(_none, "staff", expect())],
    "agencies:agency_list": [Case(_none, "staff", expect())],
    # The plan, its tasks and who carries them are the province's published plan: every user reads them.
    "tasks:plan_list": [Case(_none, "staff", expect())],
    "tasks:plan_detail": [Case(lambda w: {"pk": w.plan.pk}, "staff", expect())],
    # Importing plans needs tasks.add_plan (administrators; here the reviewer, see _importer); drafts are their
    # uploader's own. The owner's POSTs change drafts only, which the fingerprint does not hold.
    "tasks:plan_import": [
        Case(
            _upload_page,
            "reviewer",
            REVIEWER_PAGE,
            post=lambda w: {"text": "KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\nII. NHIỆM VỤ\n1. Tuyên truyền"},
            owner_post_changes=False,
        )
    ],
    "tasks:plan_import_draft": [
        Case(_import_draft, "reviewer", REVIEWER_PAGE, post=lambda w: {"action": "cancel"}, owner_post_changes=False)
    ],
    "tasks:task_list": [Case(_none, "staff", expect())],
    "tasks:task_export": [
        Case(lambda w: {"fmt": "csv"}, "staff", expect()),
        Case(lambda w: {"fmt": "xlsx"}, "staff", expect()),
    ],
    "tasks:task_detail": [Case(lambda w: {"pk": w.tasks[0].pk}, "staff", expect())],
    "tasks:agency_detail": [Case(lambda w: {"code": w.agency.code}, "staff", expect())],
    "reporting:dashboard": [Case(_none, "leader", expect(other=DENIED))],
    "reporting:dashboard_export": [Case(_none, "leader", expect(other=DENIED))],
    "reporting:scorecard": [Case(lambda w: {"code": w.agency.code}, "staff", expect(other=DENIED))],
    # Lists scoped to the user: the other agency sees its own, never A's content (the markers).
    "reporting:my_reports": [Case(_none, "staff", expect())],
    "reporting:report_start": [
        Case(
            period("draft", "period_pk"),
            "staff",
            POST_ENDPOINT,
            post=_none,
            post_self_scoped=frozenset({"other"}),  # the other agency owes the period too: it opens its own report
            owner_post_changes=False,  # the report exists already: the owner is sent to it
        )
    ],
    "reporting:coordination": [
        Case(
            period("draft", "period_pk"),
            "staff",
            STAFF_PAGE,
            post=lambda w: {"assignment": w.extra["coordinating"].pk, "text": "Ý kiến phối hợp mới"},
        )
    ],
    "reporting:report_detail": [
        Case(report("draft"), "staff", STAFF_PAGE, label="draft"),
        Case(report("submitted"), "staff", STAFF_PAGE, label="submitted"),
        Case(report("returned"), "staff", STAFF_PAGE, label="returned"),
        Case(report("approved"), "staff", expect(other=HIDDEN), label="approved"),
    ],
    "reporting:report_edit": [
        Case(report("draft"), "staff", STAFF_PAGE, post=_edit_body("draft"), label="draft"),
        Case(report("returned"), "staff", STAFF_PAGE, post=_edit_body("returned"), label="returned"),
        Case(report("approved"), "staff", expect(owner=REDIRECT, other=HIDDEN, leader=HIDDEN), label="approved"),
    ],
    "reporting:report_autosave": [
        Case(report("draft"), "staff", POST_ENDPOINT, post=_edit_body("draft"), label="draft"),
        Case(
            report("approved"),
            "staff",
            POST_ENDPOINT,
            post=_edit_body("approved"),
            owner_post=frozenset({400}),  # approved is read-only: the autosave says so
            owner_post_changes=False,
            label="approved",
        ),
    ],
    "reporting:report_confirm": [
        Case(report("draft"), "staff", STAFF_PAGE, post=_version("draft"), label="draft"),
        Case(report("approved"), "staff", expect(owner=REDIRECT, other=HIDDEN, leader=HIDDEN), label="approved"),
    ],
    "reporting:report_withdraw": [Case(report("submitted"), "staff", POST_ENDPOINT, post=_none)],
    "reporting:report_return": [
        Case(report("submitted"), "reviewer", REVIEWER_PAGE, post=_version("submitted", reason="Thiếu"), label="sub"),
        Case(
            report("approved"),
            "reviewer",
            expect(other=HIDDEN, leader=HIDDEN),  # the reviewer's POST is refused with a message
            post=_version("approved", reason="Thiếu"),
            owner_post_changes=False,
            label="approved",
        ),
    ],
    "reporting:report_approve": [Case(report("submitted"), "reviewer", POST_ENDPOINT, post=_version("submitted"))],
    "reporting:report_reopen": [Case(report("approved"), "reviewer", POST_ENDPOINT, post=lambda w: {"reason": "Sai"})],
    "reporting:signed_scan_download": [
        Case(report("draft"), "staff", STAFF_PAGE, label="draft"),
        Case(report("approved"), "staff", expect(other=HIDDEN), label="approved"),
    ],
    "reporting:attachment_download": [
        Case(lambda w: {"pk": w.reports["draft"].pk, "attachment_pk": w.attachment.pk}, "staff", STAFF_PAGE),
        # Own report in the URL, another agency's file id: still nothing.
        Case(
            lambda w: {"pk": w.other_report.pk, "attachment_pk": w.attachment.pk},
            "other",
            expect(owner=HIDDEN, other=HIDDEN, leader=HIDDEN),
            label="mixed ids",
        ),
    ],
    "reporting:evidence_download": [
        Case(lambda w: {"pk": w.reports["draft"].pk, "evidence_pk": w.evidence.pk}, "staff", STAFF_PAGE),
        Case(
            lambda w: {"pk": w.other_report.pk, "evidence_pk": w.evidence.pk},
            "other",
            expect(owner=HIDDEN, other=HIDDEN, leader=HIDDEN),
            label="mixed ids",
        ),
    ],
    # A file as the history recorded it: the approved report's submission named its attachment.
    "reporting:event_file_download": [
        Case(_history_file(in_own_report=True), "staff", expect(other=HIDDEN)),
        # Another report in the URL with A's event and file: still nothing.
        Case(
            _history_file(in_own_report=False),
            "other",
            expect(owner=HIDDEN, other=HIDDEN, leader=HIDDEN),
            label="mixed ids",
        ),
    ],
    "reporting:review_queue": [Case(_none, "reviewer", REVIEWER_PAGE)],
    "reporting:period_list": [Case(_none, "reviewer", REVIEWER_PAGE)],
    "reporting:period_open": [
        Case(
            _none,
            "reviewer",
            POST_ENDPOINT,
            post=lambda w: {
                "plan": w.plan.pk,
                "kind": "annual",
                "year": 2031,
                "sequence": 1,
                "action": "open",
                "confirmed": "1",
                "reason": "Mở sớm theo chỉ đạo",
            },
        )
    ],
    "reporting:ad_hoc_create": [
        Case(
            _none,
            "reviewer",
            REVIEWER_PAGE,
            post=lambda w: {"plan": w.plan.pk, "request_text": "Báo cáo nhanh", "deadline": "2099-01-01"},
        )
    ],
    "reporting:period_detail": [Case(period("draft"), "reviewer", expect(owner=OK, other=DENIED, leader=OK))],
    "reporting:period_open_planned": [
        Case(
            period("planned"),
            "reviewer",
            POST_ENDPOINT,
            post=lambda w: {"confirmed": "1", "reason": "Mở sớm theo chỉ đạo"},
        )
    ],
    "reporting:period_step": [
        Case(period("draft"), "reviewer", POST_ENDPOINT, post=lambda w: {"step": "close"}),
    ],
    "reporting:period_remind": [
        Case(period("draft"), "reviewer", POST_ENDPOINT, post=_none, owner_post_changes=False)  # reminders only
    ],
    "reporting:notifications": [Case(_none, "staff", expect())],
    "reporting:notifications_mark_read": [
        Case(_none, "staff", POST_ENDPOINT, post=_none, post_self_scoped=frozenset({"other", "leader"}))
    ],
    "reporting:consolidated_list": [Case(_none, "reviewer", expect())],
    "reporting:consolidated_for_period": [
        Case(period("approved", "period_id"), "reviewer", expect(owner=REDIRECT, other=HIDDEN, leader=REDIRECT)),
        Case(period("draft", "period_id"), "reviewer", REVIEWER_PAGE, post=_none, label="not created yet"),
    ],
    "reporting:consolidated_detail": [
        Case(lambda w: {"pk": w.consolidated.pk}, "reviewer", expect(other=HIDDEN), post=_consolidated_body)
    ],
    "reporting:consolidated_build": [Case(lambda w: {"pk": w.consolidated.pk}, "reviewer", POST_ENDPOINT, post=_none)],
    "reporting:consolidated_build_status": [
        Case(lambda w: {"build_id": w.build.pk}, "reviewer", expect(other=HIDDEN), label="ready"),
        Case(lambda w: {"build_id": w.failed_build.pk}, "reviewer", STAFF_PAGE, label="failed"),
    ],
    "reporting:consolidated_download": [
        Case(lambda w, kind=kind: {"build_id": w.build.pk, "kind": kind}, "reviewer", expect(other=HIDDEN), label=kind)
        for kind in ("pdf", "docx", "xlsx")
    ]
    + [
        Case(
            lambda w: {"build_id": w.failed_build.pk, "kind": "pdf"},
            "reviewer",
            expect(owner=HIDDEN, other=HIDDEN, leader=HIDDEN),
            label="failed build",
        )
    ],
}


@dataclass
class Route:
    name: str  # "namespace:name", or "<unnamed> route" for a pattern without a name
    route: str = field(default="")


def walk(patterns=None, prefix: str = "", namespace: str = ""):
    """Every URL pattern of the project, with its full name and route."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(SKIPPED_PREFIXES):
                continue
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name is None:
                yield Route(f"<unnamed> {route}", route)
            else:
                yield Route(f"{namespace}:{pattern.name}" if namespace else pattern.name, route)


def probed_names() -> list[str]:
    return sorted({r.name for r in walk() if r.name not in SKIPPED and r.name not in PUBLIC})
