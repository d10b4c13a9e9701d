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
