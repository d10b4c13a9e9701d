"""No input crashes the plan importer: every parser step gives a reading or a flag (issue 14).

Hypothesis writes phrases and cells from the words real plans use, joined in any order, with
line breaks, stray punctuation and numbers; the corpus test feeds every paragraph of every plan
we hold, cut short and run together, through the whole reader.
"""

from __future__ import annotations

import random
from pathlib import Path

from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tasks.plan_import.agency_matching import AgencyMatcher, RegistryName
from tasks.plan_import.extract import propose_plan_from_text
from tasks.plan_import.reporting_duties import parse_reporting_duty
from tasks.plan_import.timing_phrases import find_timing_in_text, parse_timing
from tasks.timing import TimingKind

BOUNDED = hypothesis_settings(max_examples=200, deadline=None)
PLAN_FOLDERS = [
    Path(settings.BASE_DIR) / "tests/data/plans",
    Path(settings.BASE_DIR) / "fixtures/plans",
    Path(settings.BASE_DIR).parent / "shared/plans",  # present on the team machine, not in CI
]
WORDS = [
    "trước",
    "ngày",
    "tháng",
    "quý",
    "năm",
    "I",
    "II",
    "IV",
    "2026",
    "2027",
    "15/3/2026",
    "31/12",
    "trong",
    "từ",
    "đến",
    "hết",
    "chậm nhất",
    "là",
    "vào",
    "giai đoạn",
    "các năm",
    "hằng năm",
    "hàng",
    "định kỳ",
    "thường xuyên",
    "liên tục",
    "sau khi",
    "khi",
    "đã hoàn thành",
    "trở đi",
    "và các năm tiếp theo",
    "6 tháng đầu năm",
    "cuối",
    "thực hiện",
    "hoàn thành",
    "thời gian",
    "UBND",
    "các xã, phường",
    "Sở Nội vụ",
    "chủ trì",
    "phối hợp",
    "Cục Lâm nghiệp và Kiểm lâm",
    "các bộ, ngành, địa phương",
    "báo cáo",
    "trước ngày 15 tháng 12",
    "0",
    "32",
    "13",
    "99999",
]
SEPARATORS = [" ", "  ", "\n", "/", "-", "–", ",", ";", ".", "(", ")", "*", "|", "\t", ":", ""]
phrases = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.text(max_size=4)), max_size=12
).map("".join)
MATCHER = AgencyMatcher(
    [
        RegistryName("Sở Nội vụ", agency="SNV"),
        RegistryName("UBND các xã, phường", group="XA"),
        RegistryName("Cục Lâm nghiệp và Kiểm lâm", agency="CLNKL"),
    ]
)


@BOUNDED
@given(phrases)
def test_any_timing_phrase_is_read_or_flagged(text):
    proposal = parse_timing(text)

    assert proposal.kind != TimingKind.UNSPECIFIED or proposal.flag or not proposal.text


@BOUNDED
@given(phrases)
def test_any_paragraph_gives_a_timing_phrase_or_none(text):
    assert isinstance(find_timing_in_text(text), str)


@BOUNDED
@given(phrases)
def test_any_cell_of_parties_is_matched_or_left_unknown(text):
    parties = MATCHER.parse_parties(text)

    assert all(party.written for party in parties.parties)


@BOUNDED
@given(phrases)
def test_any_reporting_sentence_is_read_or_flagged(text):
    assert parse_reporting_duty(text) is not None


@BOUNDED
@given(st.lists(st.lists(phrases, min_size=1, max_size=6), min_size=1, max_size=5))
def test_any_annex_table_is_read_into_tasks_or_flags(rows):
    header = "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm |"
    body = "\n".join("| " + " | ".join(cell.replace("|", " ") for cell in row) + " |" for row in rows)
    text = f"KẾ HOẠCH\n\nPhụ lục\n\n{header}\n|---|---|---|---|---|---|\n{body}\n"

    proposal = propose_plan_from_text(text=text, matcher=MATCHER)

    assert proposal.tasks or proposal.flags


def _corpus_paragraphs() -> list[str]:
    paragraphs = []
    for folder in PLAN_FOLDERS:
        for path in sorted(path for path in folder.glob("*") if path.is_file()) if folder.is_dir() else []:
            paragraphs += [part for part in path.read_text(encoding="utf-8").split("\n") if part.strip()]
    return paragraphs


def test_every_paragraph_of_every_plan_cut_and_joined_is_read_without_error():
    paragraphs = _corpus_paragraphs()
    shuffle = random.Random(14)
    assert len(paragraphs) > 300  # the repository copies are always there
    for index, paragraph in enumerate(paragraphs):
        cut = paragraph[: shuffle.randint(0, len(paragraph))]
        joined = cut + shuffle.choice(["\n", " ", ""]) + shuffle.choice(paragraphs)
        for text in (paragraph, cut, joined):
            parse_timing(text)
            parse_timing(find_timing_in_text(text))
            MATCHER.parse_parties(text)
            parse_reporting_duty(text)
        if index % 25 == 0:
            propose_plan_from_text(text="\n".join(shuffle.sample(paragraphs, 40)), matcher=MATCHER)
