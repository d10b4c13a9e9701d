"""`manage.py record_successions`: one row per link, per-row errors, nothing applied if one row is bad."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from agencies.models import Agency, AgencyGroup, AgencySuccession
from tasks.models import Assignment, Plan
from tests.factories import AgencyFactory, AgencyReportFactory, AssignmentFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db

HEADER = "succession,kind,effective_on,predecessor,successor,legal_document,note\n"


def run(tmp_path, body, *flags):
    path = tmp_path / "successions.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    out = io.StringIO()
    call_command("record_successions", str(path), *flags, stdout=out)
    return out.getvalue()


@pytest.fixture
def agencies(db):
    return {code: AgencyFactory(code=code, name=f"Sở {code}") for code in ("STTTT", "SKHCN", "SKHDT", "STC")}


def test_merges_from_a_file_hand_over_assignments(tmp_path, agencies):
    assignment = AssignmentFactory(agency=agencies["STTTT"])
    out = run(tmp_path, "a,merge,01/03/2025,STTTT,SKHCN,NQ 01,\nb,merge,01/03/2025,Sở SKHDT,STC,NQ 02,\n")

    assert "2" in out and AgencySuccession.objects.count() == 2
    assert Assignment.objects.get(pk=assignment.pk).agency == agencies["SKHCN"]


def test_dry_run_saves_nothing(tmp_path, agencies):
    assignment = AssignmentFactory(agency=agencies["STTTT"])
    run(tmp_path, "a,merge,01/03/2025,STTTT,SKHCN,,\n", "--dry-run")

    assert not AgencySuccession.objects.exists()
    assert Assignment.objects.get(pk=assignment.pk).agency == agencies["STTTT"]
    assert Agency.objects.get(code="STTTT").is_active


def test_one_bad_row_stops_the_whole_file_with_a_message_per_row(tmp_path, agencies):
    body = "a,merge,01/03/2025,STTTT,SKHCN,,\nb,merge,31/02/2025,SKHDT,STC,,\nc,merge,01/03/2025,XYZ,STC,,\n"
    with pytest.raises(CommandError) as error:
        run(tmp_path, body)

    assert "Dòng 3" in str(error.value) and "dd/mm/yyyy" in str(error.value)
    assert "Dòng 4" in str(error.value) and "XYZ" in str(error.value)
    assert not AgencySuccession.objects.exists()
    assert Agency.objects.get(code="STTTT").is_active


def test_the_bentre_2025_fixture_applies_to_the_seed_registry_twice_without_change(db):
    call_command("load_seed_plan", stdout=io.StringIO())
    fixture = Path(settings.BASE_DIR) / "fixtures" / "successions" / "bentre-2025.csv"
    call_command("record_successions", str(fixture), stdout=io.StringIO())
    call_command("record_successions", str(fixture), stdout=io.StringIO())

    assert AgencySuccession.objects.count() == 4
    assert (
        not Assignment.objects.filter(agency__code__in=["STTTT", "SKHDT", "SLDTBXH", "SGTVT"])
        .exclude(progress="completed")
        .exists()
    )
    assert not Agency.objects.get(code="STTTT").is_active


def test_the_whole_fixture_hands_the_district_over_to_the_communes_and_keeps_its_old_reports(db):
    call_command("load_seed_plan", stdout=io.StringIO())
    district = Agency.objects.get(code="UBND-BATRI")
    open_tasks = set(
        Assignment.objects.filter(agency=district).exclude(progress="completed").values_list("task_id", flat=True)
    )
    old_report = AgencyReportFactory(
        period=ReportingPeriodFactory(plan=Plan.objects.filter(tasks__assignments__agency=district).distinct().first()),
        agency=district,
    )
    folder = Path(settings.BASE_DIR) / "fixtures" / "successions"

    call_command("record_successions", str(folder / "bentre-2025.csv"), stdout=io.StringIO())
    call_command("import_plan", str(folder / "bentre-2025-communes.json"), stdout=io.StringIO())
    call_command("record_successions", str(folder / "bentre-2025-communes.csv"), stdout=io.StringIO())

    communes = list(Agency.objects.filter(kind="commune"))
    assert open_tasks and len(communes) == 3
    assert not Assignment.objects.filter(agency=district).exclude(progress="completed").exists()
    for commune in communes:
        assert set(Assignment.objects.filter(agency=commune).values_list("task_id", flat=True)) == open_tasks
    district.refresh_from_db()
    assert (district.is_active, district.active_until) == (False, dt.date(2025, 6, 30))
    old_report.refresh_from_db()
    assert old_report.agency.name == "Ủy ban nhân dân huyện Ba Tri"
    districts = AgencyGroup.objects.get(code="ubnd-huyen-thanh-pho")
    assert district in districts.members_on(dt.date(2025, 6, 30))
    assert set(communes) <= districts.members_on(dt.date(2025, 7, 1)) and district not in districts.members_on(
        dt.date(2025, 7, 1)
    )


def test_a_row_dated_in_the_future_is_recorded_as_pending(tmp_path, agencies):
    assignment = AssignmentFactory(agency=agencies["STTTT"])
    later = (dt.date.today() + dt.timedelta(days=40)).strftime("%d/%m/%Y")

    out = run(tmp_path, f"a,merge,{later},STTTT,SKHCN,,\n")

    assert f"Chưa đến ngày {later}" in out
    assert Assignment.objects.get(pk=assignment.pk).agency == agencies["STTTT"]
    assert AgencySuccession.objects.get().is_pending
