import datetime as dt

import pytest

from reporting import periods
from reporting.periods import Schedule

D = dt.date


@pytest.mark.parametrize(
    ("kind", "year", "sequence", "cutoff_day", "starts_on", "ends_on"),
    [
        # Decree 09/2019/NĐ-CP defaults.
        ("quarterly", 2019, 1, None, D(2018, 12, 15), D(2019, 3, 14)),
        ("quarterly", 2019, 2, None, D(2019, 3, 15), D(2019, 6, 14)),
        ("quarterly", 2019, 3, None, D(2019, 6, 15), D(2019, 9, 14)),
        ("quarterly", 2019, 4, None, D(2019, 9, 15), D(2019, 12, 14)),
        ("semiannual", 2019, 1, None, D(2018, 12, 15), D(2019, 6, 14)),
        ("nine_months", 2019, 1, None, D(2018, 12, 15), D(2019, 9, 14)),
        ("annual", 2019, 1, None, D(2018, 12, 15), D(2019, 12, 14)),
        ("annual", 2000, 1, None, D(1999, 12, 15), D(2000, 12, 14)),
        # A plan's own cut-off day.
        ("semiannual", 2019, 1, 20, D(2018, 12, 21), D(2019, 6, 20)),
        ("annual", 2019, 1, 31, D(2019, 1, 1), D(2019, 12, 31)),
        ("quarterly", 2020, 1, 31, D(2020, 1, 1), D(2020, 3, 31)),
        # Cut-off past the month's end is that month's last day, leap years included.
        ("quarterly", 2020, 2, 30, D(2020, 3, 31), D(2020, 6, 30)),
        ("quarterly", 2021, 3, 31, D(2021, 7, 1), D(2021, 9, 30)),
        ("quarterly", 2020, 4, 31, D(2020, 10, 1), D(2020, 12, 31)),
        ("quarterly", 2020, 1, 29, D(2019, 12, 30), D(2020, 3, 29)),
        ("quarterly", 2024, 1, 1, D(2023, 12, 2), D(2024, 3, 1)),
    ],
)
def test_data_window_follows_decree_and_plan_override(kind, year, sequence, cutoff_day, starts_on, ends_on):
    assert periods.data_window(kind, year, sequence, cutoff_day) == (starts_on, ends_on)


def test_february_cutoff_is_clamped_in_leap_and_common_years():
    assert periods.cutoff_date(2020, 2, 30) == D(2020, 2, 29)
    assert periods.cutoff_date(2019, 2, 30) == D(2019, 2, 28)
    assert periods.cutoff_date(2019, 2, None) == D(2019, 2, 14)


@pytest.mark.parametrize("bad", [0, 32])
def test_cutoff_day_out_of_range_is_rejected(bad):
    with pytest.raises(ValueError):
        periods.cutoff_date(2019, 6, bad)


def test_ad_hoc_period_has_no_fixed_window():
    with pytest.raises(ValueError):
        periods.data_window("ad_hoc", 2019, 1)


@pytest.mark.parametrize(
    ("kind", "year", "sequence", "label"),
    [
        ("quarterly", 2019, 1, "Quý I năm 2019"),
        ("quarterly", 2019, 4, "Quý IV năm 2019"),
        ("semiannual", 2019, 1, "6 tháng đầu năm 2019"),
        ("nine_months", 2019, 1, "9 tháng năm 2019"),
        ("annual", 2019, 1, "Năm 2019"),
        ("ad_hoc", 2019, 2, "Báo cáo đột xuất số 2 năm 2019"),
    ],
)
def test_labels_are_vietnamese_even_when_english_is_active(kind, year, sequence, label):
    from django.utils import translation

    with translation.override("en"):
        assert periods.period_label(kind, year, sequence) == label


def test_due_dates_come_from_settings(settings):
    settings.REPORT_SUBMISSION_DAYS_AFTER_CUTOFF = 5
    settings.CONSOLIDATED_REPORT_DAYS_AFTER_CUTOFF = 12
    window = periods.period_window("annual", 2019)
    assert window.submission_due_on == D(2019, 12, 19)
    assert window.consolidated_due_on == D(2019, 12, 26)


def test_due_dates_cross_the_year_boundary(settings):
    settings.REPORT_SUBMISSION_DAYS_AFTER_CUTOFF = 20
    assert periods.period_window("annual", 2019).submission_due_on == D(2020, 1, 3)


@pytest.mark.parametrize(
    ("today", "existing", "expected"),
    [
        (D(2019, 1, 10), [], ["6 tháng đầu năm 2019", "Năm 2019", "6 tháng đầu năm 2020"]),
        (D(2019, 6, 20), [], ["Năm 2019", "6 tháng đầu năm 2020", "Năm 2020"]),
        (D(2019, 6, 17), [], ["6 tháng đầu năm 2019", "Năm 2019", "6 tháng đầu năm 2020"]),
        (D(2019, 1, 10), [("semiannual", 2019, 1)], ["Năm 2019", "6 tháng đầu năm 2020", "Năm 2020"]),
        (D(2019, 12, 31), [], ["6 tháng đầu năm 2020", "Năm 2020"]),
    ],
)
def test_next_periods_skip_existing_and_past_ones(settings, today, existing, expected):
    settings.REPORT_SUBMISSION_DAYS_AFTER_CUTOFF = 3
    proposed = periods.next_periods(Schedule(), today, existing, limit=3)
    assert [w.label for w in proposed] == expected


def test_quarterly_schedule_proposes_quarters_in_order():
    proposed = periods.next_periods(Schedule(semiannual=False, annual=False, quarterly=True), D(2019, 2, 1), limit=4)
    assert [w.label for w in proposed] == ["Quý I năm 2019", "Quý II năm 2019", "Quý III năm 2019", "Quý IV năm 2019"]


def test_days_left_is_negative_once_overdue():
    assert periods.days_left(D(2019, 6, 17), D(2019, 6, 14)) == 3
    assert periods.days_left(D(2019, 6, 17), D(2019, 6, 20)) == -3


# --- monthly periods and the plan's own due days -----------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "cutoff_day", "starts_on", "ends_on"),
    [
        (2019, 1, None, D(2018, 12, 15), D(2019, 1, 14)),
        (2019, 2, None, D(2019, 1, 15), D(2019, 2, 14)),
        (2019, 3, None, D(2019, 2, 15), D(2019, 3, 14)),
        (2019, 6, None, D(2019, 5, 15), D(2019, 6, 14)),
        (2019, 12, None, D(2019, 11, 15), D(2019, 12, 14)),
        (2019, 1, 31, D(2019, 1, 1), D(2019, 1, 31)),
        (2019, 3, 31, D(2019, 3, 1), D(2019, 3, 31)),
        (2020, 3, 30, D(2020, 3, 1), D(2020, 3, 30)),
        (2020, 2, 30, D(2020, 1, 31), D(2020, 2, 29)),
        (2021, 2, 30, D(2021, 1, 31), D(2021, 2, 28)),
        (2019, 7, 20, D(2019, 6, 21), D(2019, 7, 20)),
    ],
)
def test_monthly_window_runs_from_last_months_cutoff_to_this_months(year, month, cutoff_day, starts_on, ends_on):
    assert periods.data_window("monthly", year, month, cutoff_day) == (starts_on, ends_on)


@pytest.mark.parametrize("month", range(1, 13))
def test_monthly_windows_tile_the_year_without_gaps(month):
    previous_end = periods.data_window("monthly", 2019, month - 1)[1] if month > 1 else D(2018, 12, 14)
    starts_on, _ends_on = periods.data_window("monthly", 2019, month)
    assert starts_on == previous_end + dt.timedelta(days=1)


@pytest.mark.parametrize("month", [0, 13])
def test_monthly_sequence_outside_the_year_is_rejected(month):
    with pytest.raises(ValueError):
        periods.data_window("monthly", 2019, month)


@pytest.mark.parametrize(
    ("month", "label"), [(1, "Tháng 1 năm 2019"), (9, "Tháng 9 năm 2019"), (12, "Tháng 12 năm 2019")]
)
def test_monthly_labels_are_vietnamese(month, label):
    from django.utils import translation

    with translation.override("en"):
        assert periods.period_label("monthly", 2019, month) == label
        assert periods.period_window("monthly", 2019, month).label == label


@pytest.mark.parametrize(
    ("ends_on", "due_day", "due_on"),
    [
        # "trước ngày 20 hằng tháng" with the default cut-off (14th): the same month.
        (D(2019, 1, 14), 20, D(2019, 1, 20)),
        (D(2019, 6, 14), 20, D(2019, 6, 20)),
        (D(2019, 12, 14), 20, D(2019, 12, 20)),
        (D(2019, 3, 14), 15, D(2019, 3, 15)),
        # A due day not after the cut-off falls in the next month, across the year too.
        (D(2019, 6, 14), 14, D(2019, 7, 14)),
        (D(2019, 6, 14), 5, D(2019, 7, 5)),
        (D(2019, 12, 14), 5, D(2020, 1, 5)),
        (D(2019, 12, 31), 10, D(2020, 1, 10)),
        (D(2019, 6, 20), 20, D(2019, 7, 20)),
        # Clamped to the month's end, leap years included.
        (D(2019, 1, 31), 31, D(2019, 2, 28)),
        (D(2020, 1, 31), 30, D(2020, 2, 29)),
        (D(2019, 2, 14), 31, D(2019, 2, 28)),
        (D(2020, 2, 29), 31, D(2020, 3, 31)),
        (D(2019, 4, 14), 31, D(2019, 4, 30)),
        (D(2019, 11, 30), 31, D(2019, 12, 31)),
    ],
)
def test_due_day_of_month_is_that_day_after_the_cutoff(ends_on, due_day, due_on):
    assert periods.due_on_day_of_month(ends_on, due_day) == due_on


@pytest.mark.parametrize("bad", [0, 32])
def test_due_day_out_of_range_is_rejected(bad):
    with pytest.raises(ValueError):
        periods.due_on_day_of_month(D(2019, 6, 14), bad)


ANNUAL_2019 = (D(2018, 12, 15), D(2019, 12, 14))


@pytest.mark.parametrize(
    ("day", "month", "window", "due_on"),
    [
        # "trước ngày 10/12 hằng năm": kept even though it is before the 14 Dec cut-off.
        (10, 12, ANNUAL_2019, D(2019, 12, 10)),
        (14, 12, ANNUAL_2019, D(2019, 12, 14)),
        (15, 12, ANNUAL_2019, D(2019, 12, 15)),
        (31, 12, ANNUAL_2019, D(2019, 12, 31)),
        (30, 11, ANNUAL_2019, D(2019, 11, 30)),
        (15, 10, ANNUAL_2019, D(2019, 10, 15)),
        (1, 7, ANNUAL_2019, D(2019, 7, 1)),
        # A date in the first half of the window cannot report on it: the year after.
        (15, 1, ANNUAL_2019, D(2020, 1, 15)),
        (31, 1, ANNUAL_2019, D(2020, 1, 31)),
        (29, 2, ANNUAL_2019, D(2020, 2, 29)),
        (31, 3, ANNUAL_2019, D(2020, 3, 31)),
        (20, 12, ANNUAL_2019, D(2019, 12, 20)),
        # A plan's own cut-off: the calendar year.
        (10, 12, (D(2019, 1, 1), D(2019, 12, 31)), D(2019, 12, 10)),
        (15, 1, (D(2019, 1, 1), D(2019, 12, 31)), D(2020, 1, 15)),
        (29, 2, (D(2019, 12, 21), D(2020, 12, 20)), D(2021, 2, 28)),
    ],
)
def test_annual_due_date_is_that_date_of_the_periods_year(day, month, window, due_on):
    assert periods.annual_due_on(day, month, window) == due_on


@pytest.mark.parametrize(("day", "month"), [(0, 12), (32, 12), (10, 0), (10, 13)])
def test_annual_due_date_out_of_range_is_rejected(day, month):
    with pytest.raises(ValueError):
        periods.annual_due_on(day, month, ANNUAL_2019)


@pytest.mark.parametrize(
    ("kind", "year", "sequence", "schedule", "submission_due_on", "consolidated_due_on"),
    [
        # No due day in the plan: the settings' days after the cut-off.
        ("monthly", 2019, 3, Schedule(), D(2019, 3, 17), D(2019, 3, 24)),
        ("annual", 2019, 1, Schedule(), D(2019, 12, 17), D(2019, 12, 24)),
        # "trước ngày 20 hằng tháng" for every periodic report; the consolidated report keeps its gap.
        ("monthly", 2019, 3, Schedule(due_day=20), D(2019, 3, 20), D(2019, 3, 27)),
        ("monthly", 2019, 12, Schedule(due_day=20), D(2019, 12, 20), D(2019, 12, 27)),
        ("quarterly", 2019, 1, Schedule(due_day=15), D(2019, 3, 15), D(2019, 3, 24)),
        ("semiannual", 2019, 1, Schedule(due_day=15), D(2019, 6, 15), D(2019, 6, 24)),
        ("semiannual", 2019, 1, Schedule(due_day=5), D(2019, 7, 5), D(2019, 7, 12)),
        ("annual", 2019, 1, Schedule(due_day=20), D(2019, 12, 20), D(2019, 12, 27)),
        ("monthly", 2019, 2, Schedule(due_day=31, cutoff_day=31), D(2019, 3, 31), D(2019, 4, 7)),
        # "trước ngày 10/12 hằng năm" for the annual report only; it beats the monthly due day.
        ("annual", 2019, 1, Schedule(annual_due_day=10, annual_due_month=12), D(2019, 12, 10), D(2019, 12, 24)),
        (
            "annual",
            2019,
            1,
            Schedule(due_day=20, annual_due_day=10, annual_due_month=12),
            D(2019, 12, 10),
            D(2019, 12, 24),
        ),
        (
            "semiannual",
            2019,
            1,
            Schedule(due_day=20, annual_due_day=10, annual_due_month=12),
            D(2019, 6, 20),
            D(2019, 6, 27),
        ),
        ("annual", 2019, 1, Schedule(annual_due_day=15, annual_due_month=1), D(2020, 1, 15), D(2020, 1, 22)),
        # A day without a month is not an annual due date.
        ("annual", 2019, 1, Schedule(annual_due_day=10), D(2019, 12, 17), D(2019, 12, 24)),
    ],
)
def test_plan_due_days_set_the_submission_date(
    settings, kind, year, sequence, schedule, submission_due_on, consolidated_due_on
):
    settings.REPORT_SUBMISSION_DAYS_AFTER_CUTOFF = 3
    settings.CONSOLIDATED_REPORT_DAYS_AFTER_CUTOFF = 10
    window = schedule.window(kind, year, sequence)
    assert (window.submission_due_on, window.consolidated_due_on) == (submission_due_on, consolidated_due_on)


def test_due_days_do_not_move_the_data_window():
    plain = Schedule().window("semiannual", 2019)
    with_due = Schedule(due_day=20, annual_due_day=10, annual_due_month=12).window("semiannual", 2019)
    assert (with_due.starts_on, with_due.ends_on) == (plain.starts_on, plain.ends_on)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2019, 1, 10), ["Tháng 1 năm 2019", "Tháng 2 năm 2019", "Tháng 3 năm 2019"]),
        (D(2019, 1, 20), ["Tháng 1 năm 2019", "Tháng 2 năm 2019", "Tháng 3 năm 2019"]),
        (D(2019, 1, 21), ["Tháng 2 năm 2019", "Tháng 3 năm 2019", "Tháng 4 năm 2019"]),
        (D(2019, 11, 30), ["Tháng 12 năm 2019", "Tháng 1 năm 2020", "Tháng 2 năm 2020"]),
        (D(2019, 12, 21), ["Tháng 1 năm 2020", "Tháng 2 năm 2020", "Tháng 3 năm 2020"]),
    ],
)
def test_monthly_schedule_proposes_the_next_months_until_their_due_day(today, expected):
    schedule = Schedule(semiannual=False, annual=False, monthly=True, due_day=20)
    assert [w.label for w in periods.next_periods(schedule, today, limit=3)] == expected


def test_monthly_schedule_with_six_month_and_annual_reports_orders_by_cutoff(settings):
    settings.REPORT_SUBMISSION_DAYS_AFTER_CUTOFF = 3
    schedule = Schedule(monthly=True)
    proposed = periods.next_periods(schedule, D(2019, 5, 20), limit=3)
    assert [w.label for w in proposed] == ["Tháng 6 năm 2019", "6 tháng đầu năm 2019", "Tháng 7 năm 2019"]
    assert len(periods.scheduled_windows(schedule, 2019)) == 14


def test_monthly_schedule_skips_months_already_opened():
    schedule = Schedule(semiannual=False, annual=False, monthly=True)
    proposed = periods.next_periods(schedule, D(2019, 1, 1), [("monthly", 2019, 1), ("monthly", 2019, 2)], limit=2)
    assert [w.key for w in proposed] == [("monthly", 2019, 3), ("monthly", 2019, 4)]


def test_schedule_for_plan_reads_every_reporting_field():
    from types import SimpleNamespace

    plan = SimpleNamespace(
        reports_semiannual=False,
        reports_annual=True,
        reports_quarterly=True,
        reports_monthly=True,
        data_cutoff_day=20,
        report_due_day=25,
        annual_report_due_day=10,
        annual_report_due_month=12,
    )
    assert Schedule.for_plan(plan) == Schedule(
        semiannual=False,
        annual=True,
        quarterly=True,
        monthly=True,
        cutoff_day=20,
        due_day=25,
        annual_due_day=10,
        annual_due_month=12,
    )
