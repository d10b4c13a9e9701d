"""manage.py import_plan <file.json>: agencies, groups and plans in the format of fixtures/."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tasks.importer import PlanImportError, import_file


class Command(BaseCommand):
    help = _("Nạp cơ quan, nhóm cơ quan và kế hoạch từ tệp JSON (định dạng như fixtures/). Chạy lại không thay đổi gì.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=_("Tệp JSON, nạp theo thứ tự"))

    def handle(self, *args, files, **options):
        for path in files:
            try:
                summary = import_file(path=path)
            except PlanImportError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(self.style.SUCCESS(f"{path}: {summary}"))
