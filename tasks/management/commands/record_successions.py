"""`manage.py record_successions FILE.csv [--dry-run]`: record agency successions from a CSV file.

One row per predecessor → successor link; rows sharing the `succession` label form one succession.
Columns: succession, kind (merge/rename/abolish/split), effective_on (dd/mm/yyyy), predecessor,
successor (agency code or name), legal_document, note. Nothing is applied if any row is bad.
A succession dated in the future is recorded as pending and applied on its date by a daily job.
"""

import csv
import datetime as dt
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency, AgencySuccession, SuccessionKind
from tasks.succession import SuccessionError, SuccessionLinkSpec, succession_record

COLUMNS = ["succession", "kind", "effective_on", "predecessor", "successor", "legal_document", "note"]


class DryRun(Exception):
    """Raised inside the transaction so a dry run rolls back everything it applied."""


class Command(BaseCommand):
    help = gettext_lazy("Ghi nhận việc kế thừa cơ quan (hợp nhất, đổi tên, giải thể, chia tách) từ tệp CSV.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("Tệp CSV, mỗi dòng một cặp cơ quan trước → cơ quan kế thừa."))
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("Kiểm tra và báo cáo, không lưu gì."))

    def handle(self, *args, file: str, dry_run: bool, **options):
        groups, errors = read_rows(file)
        try:
            with transaction.atomic():
                recorded, problems = apply_groups(groups)
                errors += problems
                if errors:
                    raise CommandError("\n".join(errors))
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(_("Thử: %(n)d lần kế thừa hợp lệ, chưa lưu gì.") % {"n": len(groups)})
            return
        self.stdout.write(self.style.SUCCESS(_("Đã ghi nhận %(n)d lần kế thừa.") % {"n": len(groups)}))
        for succession in recorded:
            if succession.is_pending:
                self.stdout.write(
                    _("Chưa đến ngày %(day)s: %(succession)s sẽ chuyển phân công vào ngày đó (tác vụ hằng ngày).")
                    % {"day": f"{succession.effective_on:%d/%m/%Y}", "succession": succession}
                )


def read_rows(path: str) -> tuple[dict, list[str]]:
    groups: dict[str, dict] = defaultdict(lambda: {"links": []})
    errors: list[str] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS[:5] if c not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(_("Tệp thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)})
            for number, row in enumerate(reader, start=2):
                problem = _read_row(row, groups)
                if problem:
                    errors.append(_("Dòng %(n)d: %(problem)s") % {"n": number, "problem": problem})
    except OSError as exc:
        raise CommandError(_("Không đọc được tệp %(path)s: %(exc)s") % {"path": path, "exc": exc}) from exc
    return groups, errors


def _read_row(row: dict, groups: dict) -> str | None:
    kind = (row.get("kind") or "").strip()
    if kind not in SuccessionKind.values:
        return _("hình thức “%(kind)s” không hợp lệ (merge, rename, abolish, split).") % {"kind": kind}
    try:
        day = dt.datetime.strptime((row.get("effective_on") or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        return _("ngày “%(day)s” không đúng dạng dd/mm/yyyy.") % {"day": row.get("effective_on")}
    predecessor, successor = find_agency(row.get("predecessor")), find_agency(row.get("successor"))
    for given, found in ((row.get("predecessor"), predecessor), (row.get("successor"), successor)):
        if found is None:
            return _("không tìm thấy cơ quan “%(name)s”.") % {"name": (given or "").strip()}
    group = groups[(row.get("succession") or "").strip()]
    if group.setdefault("kind", kind) != kind or group.setdefault("effective_on", day) != day:
        return _("cùng một lần kế thừa phải có cùng hình thức và ngày.")
    group.setdefault("legal_document", (row.get("legal_document") or "").strip())
    group.setdefault("note", (row.get("note") or "").strip())
    group["links"].append(SuccessionLinkSpec(predecessor=predecessor, successor=successor))
    return None


def find_agency(text: str | None) -> Agency | None:
    text = (text or "").strip()
    if not text:
        return None
    return Agency.objects.filter(Q(code__iexact=text) | Q(name__iexact=text)).first()


def apply_groups(groups: dict) -> tuple[list[AgencySuccession], list[str]]:
    recorded, errors = [], []
    for label, group in groups.items():
        try:
            recorded.append(succession_record(**group))
        except SuccessionError as exc:
            errors.append(_("Kế thừa “%(label)s”: %(problem)s") % {"label": label, "problem": exc})
    return recorded, errors
