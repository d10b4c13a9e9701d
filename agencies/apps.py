from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Cơ quan, người dùng")

    def ready(self) -> None:
        # Cached pages and option lists are keyed by the data version (plan_portal.versioning).
        from agencies.models import Agency
        from plan_portal.versioning import track, track_access

        track(Agency)
        track_access()
