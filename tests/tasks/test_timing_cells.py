"""Timing cells that say more than one timing phrase: each part read, the parts agreeing by usage."""

import datetime as dt

import pytest

from tasks.plan_import.timing_cells import read_timing_cell
from tasks.timing import TimingKind as K

D = dt.date


@pytest.mark.parametrize(
    ("cell", "kind", "starts_on", "due_on"),
    [
        ("Xong trong Quý II/2026", K.BY_QUARTER, None, D(2026, 6, 30)),
        ("Xong trong tháng 5/2026", K.BY_MONTH, None, D(2026, 5, 31)),
        ("Hàng năm", K.YEARLY, None, None),
        ("Hằng năm", K.YEARLY, None, None),
        ("Hằng năm và từng giai đoạn", K.YEARLY, None, None),
        ("Hằng năm, thường xuyên", K.YEARLY, None, None),
        ("Từ tháng 5/2026, thường xuyên", K.FROM_DATE, D(2026, 5, 1), None),
        ("Quý III, IV/2026, 2027", K.BY_QUARTER, D(2026, 7, 1), D(2027, 12, 31)),
        ("Quý IV/2026, 2027", K.BY_QUARTER, D(2026, 12, 31), D(2027, 12, 31)),
        ("Hoàn thành đầu tư, lắp đặt và vận hành xong trước ngày 01/01/2030", K.BY_DATE, None, D(2029, 12, 31)),
        ("trước ngày 01/7/2026", K.BY_DATE, None, D(2026, 6, 30)),
        ("trước ngày 30/6/2026", K.BY_DATE, None, D(2026, 6, 30)),
        ("Hoàn thành trong quý II/2026. Sau đó cập nhật thường xuyên", K.BY_QUARTER, None, D(2026, 6, 30)),
        ("giai đoạn 2026 - 2030", K.WITHIN_YEAR, D(2026, 1, 1), D(2030, 12, 31)),
    ],
)
def test_a_cell_is_read_from_its_parts(cell, kind, starts_on, due_on):
    timing = read_timing_cell(cell)

    assert (timing.kind, timing.starts_on, timing.due_on, timing.flag) == (kind, starts_on, due_on, "")
    assert timing.text == cell


@pytest.mark.parametrize("cell", ["Quý IV/2024 hoặc khi có chỉ đạo", "Sớm", "Theo tiến độ dự án"])
def test_a_cell_offering_a_choice_or_no_timing_stays_flagged(cell):
    timing = read_timing_cell(cell)

    assert timing.kind == K.UNSPECIFIED
    assert timing.flag


def test_an_empty_cell_is_no_timing_and_no_flag():
    assert read_timing_cell("").flag == ""


@pytest.mark.parametrize(
    ("cell", "starts_on", "due_on"),
    [
        (
            "Khởi động quý I/2026; báo cáo rà soát quý III/2026; cập nhật hằng quý đến 2028.",
            D(2026, 3, 31),
            D(2028, 12, 31),
        ),
        (
            "Trình đề án năm 2026; hội nghị sơ kết năm 2027; tổng kết năm 2029 (dự kiến).",
            D(2026, 12, 31),
            D(2029, 12, 31),
        ),
    ],
)
def test_a_cell_of_milestones_runs_from_the_first_milestone_to_the_last(cell, starts_on, due_on):
    timing = read_timing_cell(cell)

    assert (timing.starts_on, timing.due_on, timing.flag) == (starts_on, due_on, "")


def test_a_cell_of_bare_dates_between_semicolons_is_rounds_and_the_first_speaks():
    timing = read_timing_cell("Năm 2026; Năm 2028")

    assert (timing.kind, timing.due_on) == (K.WITHIN_YEAR, D(2026, 12, 31))


@pytest.mark.parametrize("cell", ["6 tháng, hằng năm và định kỳ", "Hằng quý và hằng năm", "sáu tháng, hàng năm"])
def test_a_period_shorter_than_a_year_beside_yearly_is_a_periodic_duty(cell):
    assert read_timing_cell(cell).kind == K.RECURRING


@pytest.mark.parametrize(
    ("cell", "starts_on", "due_on"),
    [
        ("Hằng năm từ quý IV/2026 - 2029", D(2026, 10, 1), D(2029, 12, 31)),
        ("hàng năm, giai đoạn 2026-2030", D(2026, 1, 1), D(2030, 12, 31)),
    ],
)
def test_a_yearly_duty_over_a_span_is_yearly_and_ends_with_the_span(cell, starts_on, due_on):
    timing = read_timing_cell(cell)

    assert (timing.kind, timing.starts_on, timing.due_on) == (K.YEARLY, starts_on, due_on)


@pytest.mark.parametrize(
    ("cell", "kind", "starts_on", "due_on"),
    [
        ("Từ ngày 01/9 đến ngày 30/9/2026", K.BY_DATE, D(2026, 9, 1), D(2026, 9, 30)),
        ("Từ nay đến hết năm 2026", K.BY_DATE, None, D(2026, 12, 31)),
        ("Trước 25 hàng tháng", K.RECURRING, None, None),
        ("Đã thực hiện", K.DONE, None, None),
    ],
)
def test_wordings_of_district_and_commune_plans(cell, kind, starts_on, due_on):
    timing = read_timing_cell(cell)

    assert (timing.kind, timing.starts_on, timing.due_on, timing.flag) == (kind, starts_on, due_on, "")
