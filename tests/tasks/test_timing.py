import datetime as dt

import pytest

from tasks.timing import Timing, TimingKind, end_of_quarter, end_of_year
from tests.factories import TaskFactory

D = dt.date


@pytest.mark.parametrize(
    ("year", "quarter", "expected"),
    [
        (2018, 1, D(2018, 3, 31)),
        (2018, 2, D(2018, 6, 30)),
        (2018, 3, D(2018, 9, 30)),
        (2018, 4, D(2018, 12, 31)),
        (2020, 1, D(2020, 3, 31)),
        (2020, 4, D(2020, 12, 31)),
        (2100, 2, D(2100, 6, 30)),
    ],
)
def test_end_of_quarter_is_the_last_day_of_its_third_month(year, quarter, expected):
    assert end_of_quarter(year, quarter) == expected


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_end_of_quarter_rejects_a_quarter_outside_one_to_four(quarter):
    with pytest.raises(ValueError, match="quarter must be 1-4"):
        end_of_quarter(2019, quarter)


@pytest.mark.parametrize("year", [2018, 2019, 2020, 2024])
def test_end_of_year_is_31_december(year):
    assert end_of_year(year) == D(year, 12, 31)


@pytest.mark.parametrize(
    ("timing", "expected"),
    [
        (Timing(TimingKind.BY_DATE, due_on=D(2020, 2, 29)), D(2020, 2, 29)),
        (Timing(TimingKind.BY_QUARTER, due_on=D(2018, 12, 31)), D(2018, 12, 31)),
        (Timing(TimingKind.WITHIN_YEAR, due_on=D(2019, 12, 31)), D(2019, 12, 31)),
        (Timing(TimingKind.FROM_DATE), None),
        (Timing(TimingKind.FROM_DATE, due_on=D(2019, 12, 31)), None),
        (Timing(TimingKind.RECURRING, due_on=D(2019, 12, 31)), None),
        (Timing(TimingKind.UNSPECIFIED), None),
        (Timing(TimingKind.AFTER_EVENT, due_on=D(2019, 12, 31)), None),
        (Timing(TimingKind.AFTER_EVENT, trigger_occurred_on=D(2019, 3, 1)), None),
        (Timing(TimingKind.AFTER_EVENT, trigger_occurred_on=D(2019, 3, 1), due_on=D(2019, 9, 30)), D(2019, 9, 30)),
        (Timing(TimingKind.AFTER_EVENT, trigger_occurred_on=D(2019, 3, 1), days_after_trigger=90), D(2019, 5, 30)),
        (Timing(TimingKind.AFTER_EVENT, trigger_occurred_on=D(2020, 2, 28), days_after_trigger=1), D(2020, 2, 29)),
        (Timing(TimingKind.AFTER_EVENT, trigger_occurred_on=D(2019, 2, 28), days_after_trigger=1), D(2019, 3, 1)),
        (
            Timing(
                TimingKind.AFTER_EVENT, trigger_occurred_on=D(2019, 3, 1), due_on=D(2019, 4, 1), days_after_trigger=90
            ),
            D(2019, 4, 1),
        ),
    ],
)
def test_effective_due_date_follows_the_kind_of_timing(timing, expected):
    assert timing.effective_due_on() == expected


@pytest.mark.parametrize(
    ("timing", "waiting"),
    [
        (Timing(TimingKind.AFTER_EVENT), True),
        (Timing(TimingKind.AFTER_EVENT, due_on=D(2019, 12, 31)), True),
        (Timing(TimingKind.AFTER_EVENT, trigger_occurred_on=D(2019, 3, 1)), False),
        (Timing(TimingKind.UNSPECIFIED), False),
        (Timing(TimingKind.BY_DATE, due_on=D(2019, 1, 1)), False),
    ],
)
def test_only_an_event_driven_task_without_its_event_waits_for_a_trigger(timing, waiting):
    assert timing.is_waiting_for_trigger is waiting


@pytest.mark.django_db
def test_saving_a_task_stores_the_deadline_in_force():
    task = TaskFactory(timing_kind=TimingKind.BY_QUARTER, due_on=D(2018, 12, 31))
    task.refresh_from_db()
    assert task.deadline == D(2018, 12, 31)


@pytest.mark.django_db
def test_recording_the_trigger_with_update_fields_also_updates_the_deadline():
    task = TaskFactory(timing_kind=TimingKind.AFTER_EVENT, due_on=None, days_after_trigger=30)
    assert task.deadline is None

    task.trigger_document = "Quyết định số 123/QĐ-TTg"
    task.trigger_occurred_on = D(2019, 1, 31)
    task.save(update_fields=["trigger_document", "trigger_occurred_on"])

    task.refresh_from_db()
    assert task.deadline == D(2019, 3, 2)
