"""Create a client of the read API and print its token once (only its hash is stored)."""

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from reporting.api.models import ApiClient
from tasks.models import Plan


class Command(BaseCommand):
    help = "Tạo hệ thống khai thác API và in mã truy cập (chỉ một lần)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--agency", help="Mã cơ quan (code) của hệ thống.")
        parser.add_argument("--plan", type=int, action="append", default=[], help="Id kế hoạch được đọc (lặp lại).")
        parser.add_argument("--all-plans", action="store_true", help="Được đọc mọi kế hoạch.")
        parser.add_argument("--own-agency-only", action="store_true", help="Chỉ phân công của cơ quan mình.")

    def handle(self, *args, name, agency, plan, all_plans, own_agency_only, **options):
        if ApiClient.objects.filter(name=name).exists():
            raise CommandError(f"Đã có hệ thống tên “{name}”.")
        if not all_plans and not plan:
            raise CommandError("Cần --all-plans hoặc ít nhất một --plan.")
        agency_obj = Agency.objects.filter(code=agency).first() if agency else None
        if agency and agency_obj is None:
            raise CommandError(f"Không có cơ quan mã “{agency}”.")
        if own_agency_only and agency_obj is None:
            raise CommandError("--own-agency-only cần --agency.")
        plans = list(Plan.objects.filter(pk__in=plan))
        if len(plans) != len(set(plan)):
            raise CommandError("Có id kế hoạch không tồn tại.")
        client = ApiClient(name=name, agency=agency_obj, all_plans=all_plans, own_agency_only=own_agency_only)
        token = client.set_new_token()
        client.save()
        client.plans.set(plans)
        self.stdout.write(token)
