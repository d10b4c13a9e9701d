"""No corpus plan reads worse than its recorded score (tests/tasks/import_scores.json, written by
`manage.py evaluate_import --write`): fewer whole tasks or more extra rows fail the suite."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tasks.plan_import.agency_matching import AgencyMatcher
from tasks.plan_import.evaluation import regressions, score_corpus

CORPUS = Path(settings.BASE_DIR) / "tests/data/plans/corpus"
SCORES = Path(settings.BASE_DIR) / "tests/tasks/import_scores.json"


@pytest.mark.django_db
def test_no_corpus_plan_reads_worse_than_its_recorded_score():
    call_command("load_seed_plan", verbosity=0)  # the registry `make run` leaves
    recorded = json.loads(SCORES.read_text(encoding="utf-8"))

    scores = score_corpus(folder=CORPUS, matcher=AgencyMatcher.from_database())

    assert {score.document for score in scores} >= set(recorded), "a recorded document left the corpus"
    assert regressions(recorded, scores) == []
