"""Roles are Django groups holding permissions; code asks about permissions, not group names."""

from django.utils.translation import gettext_lazy as _

STAFF = "agency_staff"
REVIEWER = "reviewer"
LEADER = "leader"
ADMINISTRATOR = "administrator"

ROLE_LABELS = {
    STAFF: _("Chuyên viên cơ quan, đơn vị"),
    REVIEWER: _("Sở Nội vụ - thẩm định, tổng hợp"),
    LEADER: _("Lãnh đạo"),
    ADMINISTRATOR: _("Quản trị hệ thống"),
}

# Permission codenames (app label "agencies") granted to each role's group.
ROLE_PERMISSIONS = {
    STAFF: ["submit_agency_reports"],
    REVIEWER: ["review_agency_reports", "view_all_reports"],
    LEADER: ["view_all_reports"],
    ADMINISTRATOR: [],  # model permissions instead: import plans, keep agencies and aliases (tasks migration 0006)
}

SUBMIT = "agencies.submit_agency_reports"
REVIEW = "agencies.review_agency_reports"
VIEW_ALL = "agencies.view_all_reports"


def can_submit(user) -> bool:
    return user.is_authenticated and user.agency_id is not None and user.has_perm(SUBMIT)


def can_review(user) -> bool:
    return user.is_authenticated and user.has_perm(REVIEW)


def can_view_all(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_ALL)


def role_of(user) -> str | None:
    """The user's main role, for choosing a home page."""
    if can_review(user):
        return REVIEWER
    if can_view_all(user):
        return LEADER
    if can_submit(user):
        return STAFF
    if user.is_staff:
        return ADMINISTRATOR
    return None
