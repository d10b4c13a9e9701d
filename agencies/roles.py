"""Roles are Django groups holding permissions; code asks about permissions, not group names."""

from django.apps import apps as installed_apps
from django.db import DEFAULT_DB_ALIAS
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
    ADMINISTRATOR: [],  # model permissions instead: ADMINISTRATOR_MODEL_PERMISSIONS
}

# Model permissions of the administrator role: import plans and keep the agency registry.
ADMINISTRATOR_MODEL_PERMISSIONS = {
    ("tasks", "plan"): ("add", "change", "view"),
    ("tasks", "task"): ("add", "change", "view"),
    ("tasks", "assignment"): ("add", "change", "view"),
    ("tasks", "planimportdraft"): ("add", "change", "delete", "view"),
    ("agencies", "agency"): ("add", "change", "view"),
    ("agencies", "agencygroup"): ("add", "change", "view"),
    ("agencies", "agencyalias"): ("add", "change", "delete", "view"),
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
    if user.is_superuser and not user.agency_id:
        return ADMINISTRATOR  # holds every permission, but reviews for no agency: the admin's home fits
    if can_review(user):
        return REVIEWER
    if can_view_all(user):
        return LEADER
    if can_submit(user):
        return STAFF
    if user.is_staff:
        return ADMINISTRATOR
    return None


def ensure_role_groups(*, apps=installed_apps, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Give each role its group and permissions where missing (post_migrate, see agencies.apps).

    The migrations made them once; a flush (`manage.py flush`, a transactional test's teardown)
    empties every table and then sends post_migrate, so they come back without a new migrate.
    Permissions are made here if post_migrate has not reached their app yet.
    """
    content_type_model = apps.get_model("contenttypes", "ContentType")
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    user_model = apps.get_model("agencies", "User")

    def permission(app_label: str, model: str, codename: str, name: str):
        content_type, _ = content_type_model.objects.db_manager(using).get_or_create(app_label=app_label, model=model)
        found, _ = permission_model.objects.db_manager(using).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        return found

    custom = dict(user_model._meta.permissions)
    grants = {
        role: [permission("agencies", "user", code, str(custom[code])) for code in codes]
        for role, codes in ROLE_PERMISSIONS.items()
    }
    for (app_label, model), actions in ADMINISTRATOR_MODEL_PERMISSIONS.items():
        grants[ADMINISTRATOR] += [
            permission(app_label, model, f"{action}_{model}", f"Can {action} {model}") for action in actions
        ]
    for role, permissions in grants.items():
        group, _ = group_model.objects.db_manager(using).get_or_create(name=role)
        group.permissions.add(*permissions)
