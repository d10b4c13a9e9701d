"""manage.py create_demo_users: one demo login per role, for development only.

Idempotent: a second run keeps the users, puts back their agency and role, and leaves a password
someone changed alone unless --reset-passwords is given.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies import roles
from agencies.models import Agency, User

DEMO_PASSWORD = "demo12345"  # noqa: S105 - a published development login, refused when DEBUG is off


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    agency_code: str | None
    job_title: str


DEMO_USERS = (
    DemoUser("stttt", "Nguyễn Thị Thanh Thảo", roles.STAFF, "STTTT", "Chuyên viên"),
    DemoUser("sgddt", "Trần Văn Minh", roles.STAFF, "SGDDT", "Chuyên viên"),
    DemoUser("snv", "Lê Thị Hồng Nhung", roles.REVIEWER, "SNV", "Chuyên viên Phòng Tổ chức, biên chế"),
    DemoUser("lanhdao", "Phạm Văn Hùng", roles.LEADER, "UBND", "Phó Chủ tịch UBND tỉnh"),
    DemoUser("admin", "Võ Minh Tuấn", roles.ADMINISTRATOR, None, "Quản trị hệ thống"),
)


class Command(BaseCommand):
    help = _("Tạo tài khoản dùng thử cho từng vai trò (chỉ khi DEBUG bật).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help=_("Đặt lại mật khẩu dùng thử cho cả tài khoản đã đổi mật khẩu."),
        )

    def handle(self, *args, reset_passwords=False, **options):
        if not settings.DEBUG:
            raise CommandError(_("Từ chối tạo tài khoản dùng thử khi DEBUG tắt: mật khẩu dùng thử là công khai."))
        rows = self._create_all(reset_passwords=reset_passwords)
        self._print_table(rows)

    @transaction.atomic
    def _create_all(self, *, reset_passwords: bool) -> list[tuple[str, str, str, str]]:
        agencies = {agency.code: agency for agency in Agency.objects.all()}
        missing = {demo.agency_code for demo in DEMO_USERS if demo.agency_code} - set(agencies)
        if missing:
            raise CommandError(
                _("Chưa có cơ quan %(codes)s: chạy “manage.py load_seed_plan” trước.")
                % {"codes": ", ".join(sorted(missing))}
            )
        return [self._create_one(demo, agencies, reset_passwords=reset_passwords) for demo in DEMO_USERS]

    def _create_one(self, demo: DemoUser, agencies: dict, *, reset_passwords: bool) -> tuple[str, str, str, str]:
        is_admin = demo.role == roles.ADMINISTRATOR
        user, created = User.objects.update_or_create(
            username=demo.username,
            defaults={
                # One field in Vietnamese order: Django's get_full_name puts the given name first.
                "first_name": demo.full_name,
                "last_name": "",
                "agency": agencies.get(demo.agency_code),
                "job_title": demo.job_title,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "is_active": True,
            },
        )
        user.groups.add(Group.objects.get(name=demo.role))
        if created or reset_passwords or user.check_password(DEMO_PASSWORD):
            password = DEMO_PASSWORD
        else:
            password = _("(đã đổi, giữ nguyên)")
        if created or reset_passwords:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        agency = agencies.get(demo.agency_code)
        return (demo.username, str(roles.ROLE_LABELS[demo.role]), str(agency) if agency else "—", password)

    def _print_table(self, rows: list[tuple[str, str, str, str]]) -> None:
        header = (_("Tài khoản"), _("Vai trò"), _("Cơ quan"), _("Mật khẩu"))
        widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(4)]
        for row in (header, *rows):
            self.stdout.write("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
