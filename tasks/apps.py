from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Kế hoạch và nhiệm vụ")

    def ready(self) -> None:
        # Cached figures and option lists are keyed by the data version (plan_portal.versioning).
        from plan_portal.versioning import track
        from tasks.models import Assignment, Plan, Task

        track(Plan, Task, Assignment)
