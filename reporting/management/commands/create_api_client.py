"""Create a client of the read API and print its token once (only its hash is stored)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from reporting.api.models import ApiClient
from tasks.models import Plan


class Command(BaseCommand):
    help = gettext_lazy("Tạo hệ thống khai thác API và in mã truy cập (chỉ một lần).")

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--agency", help=gettext_lazy("Mã cơ quan (code) của hệ thống."))
        parser.add_argument(
            "--plan", type=int, action="append", default=[], help=gettext_lazy("Id kế hoạch được đọc (lặp lại).")
        )
        parser.add_argument("--all-plans", action="store_true", help=gettext_lazy("Được đọc mọi kế hoạch."))
        parser.add_argument(
            "--own-agency-only", action="store_true", help=gettext_lazy("Chỉ phân công của cơ quan mình.")
        )

    def handle(self, *args, name, agency, plan, all_plans, own_agency_only, **options):
        if ApiClient.objects.filter(name=name).exists():
            raise CommandError(_("Đã có hệ thống tên “%(name)s”.") % {"name": name})
        if not all_plans and not plan:
            raise CommandError(_("Cần --all-plans hoặc ít nhất một --plan."))
        agency_obj = Agency.objects.filter(code=agency).first() if agency else None
        if agency and agency_obj is None:
            raise CommandError(_("Không có cơ quan mã “%(code)s”.") % {"code": agency})
        if own_agency_only and agency_obj is None:
            raise CommandError(_("--own-agency-only cần --agency."))
        plans = list(Plan.objects.filter(pk__in=plan))
        if len(plans) != len(set(plan)):
            raise CommandError(_("Có id kế hoạch không tồn tại."))
        client = ApiClient(name=name, agency=agency_obj, all_plans=all_plans, own_agency_only=own_agency_only)
        token = client.set_new_token()
        client.save()
        client.plans.set(plans)
        self.stdout.write(token)
