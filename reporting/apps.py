from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        # Cached figures and option lists are keyed by the data version (plan_portal.versioning).
        from plan_portal.versioning import track
        from reporting.models import AgencyReport, ReportEvent, ReportingPeriod

        track(ReportEvent, AgencyReport, ReportingPeriod)
        # The services' announcements send their jobs (imported here: the services never import the jobs).
        from reporting import job_dispatch  # noqa: F401
