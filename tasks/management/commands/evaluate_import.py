"""manage.py evaluate_import: read every corpus plan as `import_plan --dry-run --json` does and score it.

For each document of the corpus (tests/data/plans/corpus/<name>.md with truth/<name>.json) the
reader's proposal is scored task by task against the hand-made truth (tasks/plan_import/evaluation.py)
on the registry of the current database, as `make run` leaves it. Prints a table per document and a
total, then the misses; --write records the figures for tests/tasks/test_import_corpus_scores.py.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tasks.plan_import.agency_matching import AgencyMatcher
from tasks.plan_import.evaluation import DocumentScore, regressions, score_corpus, total

CORPUS = Path(settings.BASE_DIR) / "tests/data/plans/corpus"
SCORES = Path(settings.BASE_DIR) / "tests/tasks/import_scores.json"
COLUMNS = (
    ("tasks", "nhiệm vụ"),
    ("proposed", "đề xuất"),
    ("whole", "đủ"),
    ("roles", "vai trò"),
    ("kind", "loại hạn"),
    ("due", "hạn đúng"),
    ("dated", "có hạn"),
    ("duty_rows", "việc TCTH"),
    ("extra", "thừa"),
)


class Command(BaseCommand):
    help = "Chấm điểm bộ đọc kế hoạch trên các văn bản mẫu có đáp án (tests/data/plans/corpus)."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(CORPUS), help="Thư mục văn bản mẫu")
        parser.add_argument("--misses", action="store_true", help="In từng nhiệm vụ đọc chưa đúng và dòng thừa")
        parser.add_argument(
            "--write", action="store_true", help=f"Ghi điểm vào {SCORES.relative_to(settings.BASE_DIR)}"
        )
        parser.add_argument("--check", action="store_true", help="Báo lỗi nếu văn bản nào thấp hơn điểm đã ghi")

    def handle(self, *args, corpus, misses, write, check, **options):
        folder = Path(corpus)
        if not (folder / "truth").is_dir():
            raise CommandError(f"{folder}: không có thư mục truth/")
        scores = score_corpus(folder=folder, matcher=AgencyMatcher.from_database())
        self._table(scores)
        if misses:
            self._misses(scores)
        if write:
            figures = {score.document: score.figures() for score in scores}
            SCORES.write_text(json.dumps(figures, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
            self.stdout.write(f"Đã ghi {SCORES}")
        if check:
            recorded = json.loads(SCORES.read_text())
            if found := regressions(recorded, scores):
                raise CommandError("\n".join(found))

    def _table(self, scores: list[DocumentScore]) -> None:
        width = max(len(score.document) for score in scores)
        head = " | ".join(label for _, label in COLUMNS)
        self.stdout.write(f"{'văn bản':<{width}} | {head}")
        for score in [*scores, total(scores)]:
            name = score.document or "TỔNG"
            cells = " | ".join(f"{getattr(score, key):>{len(label)}}" for key, label in COLUMNS)
            self.stdout.write(f"{name:<{width}} | {cells}")
        overall = total(scores)
        if overall.tasks:
            self.stdout.write(
                f"Đủ: {overall.whole / overall.tasks:.0%}; dòng thừa: {overall.extra / overall.tasks:.0%} số nhiệm vụ"
            )

    def _misses(self, scores: list[DocumentScore]) -> None:
        for score in scores:
            if not (score.misses or score.extra_rows):
                continue
            self.stdout.write(f"\n== {score.document}")
            for miss in score.misses:
                self.stdout.write(f"  ✗ {miss.ref}: {miss.text}")
                for why in miss.why:
                    self.stdout.write(f"      {why}")
            for row in score.extra_rows:
                self.stdout.write(f"  + thừa {row}")
