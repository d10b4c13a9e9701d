"""manage.py load_seed_plan: the seed agencies, their groups and the seed plans (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tasks.importer import PlanImportError, import_file

SEED_FILES = (
    "fixtures/agencies_bentre.json",
    "fixtures/plans/bentre-2018-bo-sung-KH4447.json",
)


class Command(BaseCommand):
    help = _("Nạp cơ quan, nhóm cơ quan và kế hoạch mẫu. Chạy lại không làm mất dữ liệu.")

    def handle(self, *args, **options):
        for relative in SEED_FILES:
            try:
                summary = import_file(path=settings.BASE_DIR / relative)
            except PlanImportError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(self.style.SUCCESS(f"{relative}: {summary}"))
