"""Agency successions: each kind hands over open assignments and keeps who owed what before the date."""

import datetime as dt

import pytest

from agencies.models import Agency, AgencySuccession, SuccessionKind
from reporting.consolidation.snapshot import build_snapshot
from reporting.models import ReportItem
from tasks.models import Assignment, AssignmentHandover, AssignmentRole
from tasks.succession import SuccessionError, SuccessionLinkSpec, succession_record
from tasks.timing import Progress
from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    AgencyReportFactory,
    AssignmentFactory,
    ReportItemFactory,
    TaskFactory,
)
from tests.reporting.consolidated_fixtures import make_scene

pytestmark = pytest.mark.django_db

MARCH = dt.date(2025, 3, 1)


def record(kind, *pairs, on=MARCH):
    links = [SuccessionLinkSpec(predecessor=p, successor=s) for p, s in pairs]
    return succession_record(kind=kind, effective_on=on, links=links, legal_document="Nghị quyết 01/NQ-HĐND")


def test_merge_moves_open_assignments_and_combines_one_task_into_one_assignment():
    stttt, skhcn = AgencyFactory(name="Sở Thông tin và Truyền thông"), AgencyFactory(name="Sở Khoa học và Công nghệ")
    shared, own = TaskFactory(), TaskFactory()
    AssignmentFactory(task=shared, agency=stttt, role=AssignmentRole.LEAD, progress=Progress.IN_PROGRESS)
    kept = AssignmentFactory(task=shared, agency=skhcn, role=AssignmentRole.COORDINATING)
    moved = AssignmentFactory(task=own, agency=stttt)
    done = AssignmentFactory(task=TaskFactory(), agency=stttt, progress=Progress.COMPLETED)
    old_report = AgencyReportFactory(agency=stttt)
    old_item = ReportItemFactory(report=old_report, assignment=Assignment.objects.get(task=shared, agency=stttt))

    record(SuccessionKind.MERGE, (stttt, skhcn))

    assert Assignment.objects.filter(task=shared).get() == kept
    kept.refresh_from_db()
    assert kept.role == AssignmentRole.LEAD  # the stronger duty survives the combination
    moved.refresh_from_db()
    assert moved.agency == skhcn
    done.refresh_from_db()
    assert done.agency == stttt  # a closed assignment keeps the agency as it was
    old_item.refresh_from_db()
    assert old_item.assignment == kept and old_item.report.agency == stttt
    history = AssignmentHandover.objects.get(assignment=kept)
    assert (history.from_agency, history.from_role, history.from_progress) == (stttt, "lead", "in_progress")
    stttt.refresh_from_db()
    assert (stttt.is_active, stttt.active_until) == (False, dt.date(2025, 2, 28))


def test_two_predecessors_on_one_task_merge_into_a_new_agency_keeping_both_histories():
    skhdt, stc_old, stc = AgencyFactory(), AgencyFactory(), AgencyFactory()
    task = TaskFactory()
    AssignmentFactory(task=task, agency=skhdt)
    AssignmentFactory(task=task, agency=stc_old, role=AssignmentRole.IMPLEMENTING)

    record(SuccessionKind.MERGE, (skhdt, stc), (stc_old, stc))

    only = Assignment.objects.get(task=task)
    assert only.agency == stc and only.role == AssignmentRole.LEAD
    assert set(only.handovers.values_list("from_agency", flat=True)) == {skhdt.pk, stc_old.pk}


def test_abolished_agency_passes_open_assignments_to_every_heir():
    district, commune_a, commune_b = AgencyFactory(), AgencyFactory(), AgencyFactory()
    task = TaskFactory()
    AssignmentFactory(task=task, agency=district, role=AssignmentRole.IMPLEMENTING)

    record(SuccessionKind.ABOLISH, (district, commune_a), (district, commune_b), on=dt.date(2025, 7, 1))

    holders = set(Assignment.objects.filter(task=task).values_list("agency", "role"))
    assert holders == {(commune_a.pk, "implementing"), (commune_b.pk, "implementing")}


def test_split_needs_two_heirs_and_gives_each_the_open_assignments():
    old, east, west = AgencyFactory(), AgencyFactory(), AgencyFactory()
    AssignmentFactory(agency=old)
    with pytest.raises(SuccessionError, match="ít nhất hai"):
        record(SuccessionKind.SPLIT, (old, east))
    record(SuccessionKind.SPLIT, (old, east), (old, west))
    assert Assignment.objects.filter(agency__in=[east, west]).count() == 2


def test_rename_is_idempotent_and_rejects_cycles_and_retired_predecessors():
    old, new, other = AgencyFactory(), AgencyFactory(), AgencyFactory()
    first = record(SuccessionKind.RENAME, (old, new))
    assert record(SuccessionKind.RENAME, (old, new)) == first
    assert AgencySuccession.objects.count() == 1
    with pytest.raises(SuccessionError, match="Vòng lặp"):
        record(SuccessionKind.RENAME, (new, old), on=dt.date(2025, 8, 1))
    with pytest.raises(SuccessionError, match="ngừng hoạt động"):
        record(SuccessionKind.RENAME, (old, other), on=dt.date(2025, 8, 1))
    with pytest.raises(SuccessionError, match="ngày"):
        succession_record(
            kind="rename", effective_on=None, links=[SuccessionLinkSpec(predecessor=new, successor=other)]
        )


def test_group_resolves_to_its_members_at_a_date():
    district, commune, other = AgencyFactory(), AgencyFactory(), AgencyFactory()
    group = AgencyGroupFactory()
    group.members.set([district, other])
    record(SuccessionKind.ABOLISH, (district, commune), on=dt.date(2025, 7, 1))

    assert group.members_on(dt.date(2025, 6, 30)) == {district, other}
    assert group.members_on(dt.date(2025, 7, 1)) == {commune, other}


def test_consolidated_report_rebuilt_after_a_rename_keeps_the_old_name_but_a_later_one_shows_the_new():
    scene = make_scene()
    before = build_snapshot(scene.report)
    renamed = AgencyFactory(name="Sở Khoa học và Công nghệ", code="SKHCN")
    record(SuccessionKind.MERGE, (scene.agency_a, renamed), on=dt.date(2025, 3, 1))

    rebuilt = build_snapshot(scene.report)
    assert rebuilt["tasks"] == before["tasks"] and rebuilt["annex"] == before["annex"]
    assert "Sở Khoa học và Công nghệ" not in str(rebuilt)

    scene.period.ends_on = dt.date(2025, 6, 30)  # a period spanning the change date
    scene.period.save()
    spanning = build_snapshot(scene.report)
    lead_task = next(t for t in spanning["tasks"] if t["code"] == "II.1.b")
    assert "Sở Khoa học và Công nghệ" in str(lead_task)
    assert ReportItem.objects.filter(report__agency=scene.agency_a).count() == 2  # its reports stay its own


def test_old_report_rebuilt_after_a_merger_into_an_agency_on_the_same_task_keeps_both_rows():
    scene = make_scene()  # Sở A and Sở B both implement II.1.a; Sở A reported it in the period
    before = build_snapshot(scene.report)
    record(SuccessionKind.MERGE, (scene.agency_a, scene.agency_b), on=dt.date(2025, 3, 1))
    assert Assignment.objects.filter(task__code="II.1.a", agency=scene.agency_a).count() == 0  # rows combined

    rebuilt = build_snapshot(scene.report)

    assert rebuilt["tasks"] == before["tasks"] and rebuilt["annex"] == before["annex"]
    assert rebuilt["situation"] == before["situation"]


def test_old_report_rebuilt_after_a_merger_keeps_the_heirs_role_of_the_time():
    scene = make_scene()  # on II.1.b Sở A leads and Sở Nội vụ coordinates
    before = build_snapshot(scene.report)
    record(SuccessionKind.MERGE, (scene.agency_a, scene.snv), on=dt.date(2025, 3, 1))
    assert Assignment.objects.get(task__code="II.1.b", agency=scene.snv).role == AssignmentRole.LEAD

    rebuilt = build_snapshot(scene.report)

    assert rebuilt["tasks"] == before["tasks"] and rebuilt["annex"] == before["annex"]


def test_agency_names_in_old_reports_never_change():
    old = AgencyFactory(name="Sở Lao động - Thương binh và Xã hội")
    report = AgencyReportFactory(agency=old)
    record(SuccessionKind.MERGE, (old, AgencyFactory(name="Sở Nội vụ mới")))
    report.refresh_from_db()
    assert report.agency.name == "Sở Lao động - Thương binh và Xã hội"
    assert Agency.objects.get(pk=old.pk).name == "Sở Lao động - Thương binh và Xã hội"
