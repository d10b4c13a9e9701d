"""manage.py import_plan FILE: a plan document (.docx, .md, .txt) or fixtures in our JSON format.

A document is read into a proposal and printed as a tree with what could not be resolved;
--dry-run stops there, --json prints the proposal for scripts, with one line per task
(number, text, lead, coordinating, timing kind, due date, flags) and the document's figures.
JSON fixture files are loaded as before (agencies, groups and plans; idempotent).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tasks.importer import PlanImportError, file_error_message, import_file
from tasks.plan_import.extract import propose_plan
from tasks.plan_import.outline import outline_lines
from tasks.plan_import.reading import DocumentReadError
from tasks.plan_import.saving import ProposalError, save_proposal, unknown_parties
from tasks.plan_import.summary import document_figures, task_rows


class Command(BaseCommand):
    help = _(
        "Đọc văn bản kế hoạch (.docx, .md, .txt), in cây nhiệm vụ đề xuất và những chỗ chưa hiểu, rồi lưu; "
        "hoặc nạp tệp JSON theo định dạng fixtures/."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=_("Tệp văn bản kế hoạch hoặc tệp JSON, xử lý theo thứ tự"))
        parser.add_argument("--dry-run", action="store_true", help=_("Chỉ in đề xuất, không lưu gì"))
        parser.add_argument("--json", action="store_true", help=_("In đề xuất dạng JSON (không lưu)"))
        parser.add_argument(
            "--create-agencies",
            action="store_true",
            help=_("Tạo các cơ quan chưa có trong danh mục theo loại gợi ý (mặc định: dừng và liệt kê)"),
        )

    def handle(self, *args, files, dry_run, json, create_agencies, **options):
        for path in files:
            if Path(path).suffix.lower() == ".json":
                self._load_fixture(path)
            else:
                self._import_document(path, dry_run=dry_run, as_json=json, create_agencies=create_agencies)

    def _load_fixture(self, path: str) -> None:
        try:
            summary = import_file(path=path)
        except PlanImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{path}: {summary}"))

    def _import_document(self, path: str, *, dry_run: bool, as_json: bool, create_agencies: bool) -> None:
        try:
            proposal = propose_plan(filename=path, content=Path(path).read_bytes())
        except OSError as error:
            raise CommandError(f"{path}: {file_error_message(error)}") from error
        except DocumentReadError as error:
            raise CommandError(f"{path}: {error}") from error
        if as_json:
            printed = {**proposal.to_json(), "task_rows": task_rows(proposal), "figures": document_figures(proposal)}
            self.stdout.write(json.dumps(printed, ensure_ascii=False, indent=2))
            return
        for line in outline_lines(proposal):
            self.stdout.write(line)
        if dry_run:
            return
        kinds = {}
        if create_agencies:
            kinds = {party.written: party.suggested_kind or "other" for party in unknown_parties(proposal)}
        try:
            plan = save_proposal(proposal=proposal, new_agency_kinds=kinds)
        except ProposalError as error:
            refused = _("Chưa lưu được kế hoạch:")
            raise CommandError("\n".join([f"{path}: {refused}", *error.messages])) from error
        count = plan.tasks.actionable().count()
        saved = ngettext("Đã lưu %(plan)s (%(count)d nhiệm vụ).", "Đã lưu %(plan)s (%(count)d nhiệm vụ).", count)
        self.stdout.write(self.style.SUCCESS(saved % {"plan": plan, "count": count}))
