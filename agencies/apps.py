from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Cơ quan, người dùng")

    def ready(self) -> None:
        # Cached figures and option lists are keyed by the data version (plan_portal.versioning).
        from django.db.models.signals import post_migrate, pre_save

        from agencies.models import Agency, User
        from agencies.roles import ensure_role_groups
        from agencies.services import end_sessions_when_activity_changes
        from plan_portal.versioning import track

        track(Agency)
        pre_save.connect(end_sessions_when_activity_changes, sender=User, dispatch_uid="agencies-end-sessions")
        # Role groups exist on every migrated database, a flushed one included.
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="agencies-role-groups")
