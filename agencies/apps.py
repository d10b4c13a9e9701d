from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Cơ quan, người dùng")

    def ready(self) -> None:
        # Cached pages and option lists are keyed by the data version (plan_portal.versioning).
        from django.db.models.signals import post_migrate

        from agencies.models import Agency
        from agencies.roles import ensure_role_groups
        from plan_portal.versioning import track, track_access

        track(Agency)
        track_access()
        # Role groups exist on every migrated database, a flushed one included.
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="agencies-role-groups")
