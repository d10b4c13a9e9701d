"""Who may see which reports: the one place that decides it.

Views never filter by agency by hand; they call these and answer 404 outside scope.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from agencies import roles
from reporting.models import AgencyReport, ConsolidatedReport, ReportingPeriod, ReportState

REVIEWABLE_STATES = (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.APPROVED)


def reports_visible_to(user) -> QuerySet[AgencyReport]:
    """Agency staff: their agency's reports in any state. Reviewers: what was sent to their
    agency for consolidation (never drafts). Leaders: approved reports only."""
    reports = AgencyReport.objects.all()
    if not user.is_authenticated:
        return reports.none()
    scope = Q(pk__in=[])
    if roles.can_submit(user):
        scope |= Q(agency_id=user.agency_id)
    if roles.can_review(user) and user.agency_id:
        scope |= Q(period__plan__consolidating_agency_id=user.agency_id, state__in=REVIEWABLE_STATES)
    if roles.can_view_all(user):
        scope |= Q(state=ReportState.APPROVED)
    return reports.filter(scope)


def reports_reviewable_by(user) -> QuerySet[AgencyReport]:
    """What `reports_visible_to` gives a reviewer within `periods_reviewable_by`, said without the
    other roles' branches, so the review queue counts it from an index on (state, period) alone."""
    if not (roles.can_review(user) and user.agency_id):
        return AgencyReport.objects.none()
    scope = Q(state__in=REVIEWABLE_STATES)
    if roles.can_submit(user):
        scope |= Q(agency_id=user.agency_id)
    return AgencyReport.objects.filter(scope, period__plan__consolidating_agency_id=user.agency_id)


def get_report_for_user(user, pk: int) -> AgencyReport:
    return get_object_or_404(reports_visible_to(user).select_related("period__plan", "agency"), pk=pk)


def periods_reviewable_by(user) -> QuerySet[ReportingPeriod]:
    if not (roles.can_review(user) and user.agency_id):
        return ReportingPeriod.objects.none()
    return ReportingPeriod.objects.filter(plan__consolidating_agency_id=user.agency_id)


def periods_visible_to(user) -> QuerySet[ReportingPeriod]:
    """Reviewers see their plans' periods; leaders read every period's completeness."""
    if roles.can_review(user):
        return periods_reviewable_by(user)
    if roles.can_view_all(user):
        return ReportingPeriod.objects.all()
    return ReportingPeriod.objects.none()


def report_states_visible_to(user) -> tuple[str, ...]:
    """The report states whose content this user may open (drafts never leave their agency)."""
    return REVIEWABLE_STATES if roles.can_review(user) else (ReportState.APPROVED,)


def consolidated_reports_visible_to(user) -> QuerySet[ConsolidatedReport]:
    """Reviewers of the consolidating agency edit and build; leaders read."""
    reports = ConsolidatedReport.objects.all()
    if roles.can_review(user) and user.agency_id:
        return reports.filter(period__plan__consolidating_agency_id=user.agency_id)
    if roles.can_view_all(user):
        return reports
    return reports.none()


def get_consolidated_report_for_user(user, pk: int) -> ConsolidatedReport:
    return get_object_or_404(consolidated_reports_visible_to(user).select_related("period__plan"), pk=pk)
