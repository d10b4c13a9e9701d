"""Create one Django group per role, holding the role's permissions."""

from django.db import migrations

PERMISSION_NAMES = {
    "submit_agency_reports": "Lập và gửi báo cáo của cơ quan",
    "review_agency_reports": "Thẩm định, tổng hợp báo cáo",
    "view_all_reports": "Xem bảng điều hành và báo cáo đã duyệt",
}

ROLE_PERMISSIONS = {
    "agency_staff": ["submit_agency_reports"],
    "reviewer": ["review_agency_reports", "view_all_reports"],
    "leader": ["view_all_reports"],
    "administrator": [],
}


def create_role_groups(apps, schema_editor):
    # Custom permissions are normally created after migrate (post_migrate); make them now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    user_type, _ = ContentType.objects.get_or_create(app_label="agencies", model="user")
    for codename, name in PERMISSION_NAMES.items():
        Permission.objects.get_or_create(content_type=user_type, codename=codename, defaults={"name": name})
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(content_type=user_type, codename__in=codenames))


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
