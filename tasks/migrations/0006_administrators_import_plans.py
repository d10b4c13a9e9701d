"""Administrators (the role group, not only superusers) import plans and keep the agency registry.

Model permissions are normally created after migrate (post_migrate); they are made here so the
grant works on a fresh database too.
"""

from django.db import migrations

GRANTS = {
    ("tasks", "plan"): ("add", "change", "view"),
    ("tasks", "task"): ("add", "change", "view"),
    ("tasks", "assignment"): ("add", "change", "view"),
    ("tasks", "planimportdraft"): ("add", "change", "delete", "view"),
    ("agencies", "agency"): ("add", "change", "view"),
    ("agencies", "agencygroup"): ("add", "change", "view"),
    ("agencies", "agencyalias"): ("add", "change", "delete", "view"),
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="administrator")
    for (app_label, model), actions in GRANTS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="administrator").first()
    if group is None:
        return
    for (app_label, model), actions in GRANTS.items():
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0005_plan_import_draft"),
        ("agencies", "0003_agency_alias"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
