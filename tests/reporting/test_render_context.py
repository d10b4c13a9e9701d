"""The shared document context: numbering, wording, crowded tasks, merged difficulties, the annexes."""

from reporting.consolidation.document import CROWDED_TASK, document_context, number_line


def _snapshot(contributions, not_reported):
    task = {
        "code": "II.1.a",
        "title": "Quán triệt",
        "text": "Quán triệt",
        "is_heading": False,
        "depth": 2,
        "lead": "Các sở",
        "coordinating": "",
        "timing_text": "",
        "status": "",
        "status_label": "",
        "status_breakdown": [],
        "contributions": contributions,
        "not_reported": not_reported,
    }
    return {
        "header": {
            "subject": "Kết quả thực hiện Kế hoạch số 4447/KH-UBND ngày 24/09/2018 của UBND tỉnh 6 tháng đầu năm 2019",
            "parent_body": "UBND TỈNH BẾN TRE",
            "issuing_body": "Sở Nội vụ",
            "issuing_body_name": "Sở Nội vụ",
            "number": "/BC-SNV",
            "issued_on": None,
            "date_line": "Bến Tre, ngày      tháng      năm 2019",
            "plan_title": "Thực hiện Chương trình hành động số 32-CTr/TU",
        },
        "plan": {"number": "4447/KH-UBND", "issued_on": "2018-09-24", "title": "Thực hiện Chương trình"},
        "period": {
            "kind": "semiannual",
            "label": "6 tháng đầu năm 2019",
            "starts_on": "2018-12-15",
            "ends_on": "2019-06-14",
            "request_text": "",
        },
        "situation": {
            "owed": 0,
            "on_time": 0,
            "late": 0,
            "not_at_all": 0,
            "approved": 0,
            "late_agencies": [],
            "missing_agencies": [],
        },
        "tasks": [task],
        "status_summary": [{"code": "not_started", "label": "Chưa thực hiện", "count": 0}],
        "difficulties": [],
        "proposals": [],
        "narrative": {},
        "signature": {"authority": "kt. giám đốc", "title": "Phó Giám đốc", "name": "Nguyễn Văn Bình"},
        "recipients": [],
        "annex": {
            "tasks": [{"code": "II.1.a", "title": ""}, {"code": "II.1.b", "title": ""}],
            "rows": [{"agency": "Sở A", "cells": ["", "completed_on_time"]}],
        },
        "non_reporting": [],
        "abbreviations": [
            {"status": "completed_on_time", "code": "HT", "label": "Hoàn thành đúng hạn"},
            {"status": "in_progress_on_time", "code": "ĐTH", "label": "Đang thực hiện trong hạn"},
            {"status": "not_reported", "code": "CBC", "label": "Chưa báo cáo"},
        ],
    }


def _contribution(agency, role="Thực hiện", status="in_progress_on_time", evidence=()):
    labels = {"in_progress_on_time": "Đang thực hiện trong hạn", "completed_on_time": "Hoàn thành đúng hạn"}
    return {
        "agency": agency,
        "role": role,
        "status": status,
        "status_label": labels[status],
        "results": f"kết quả của {agency}",
        "evidence": list(evidence),
    }


def test_a_task_of_few_agencies_lists_each_agency():
    task = document_context(_snapshot([_contribution("Sở A"), _contribution("Sở B")], ["Sở C"]))["tasks"][0]
    assert not task["crowded"] and [c["agency"] for c in task["contributions"]] == ["Sở A", "Sở B"]
    assert task["status_line"] == "Đang thực hiện trong hạn: 2; Chưa báo cáo: 1"


def test_a_crowded_task_names_agencies_by_status_with_counts_that_match_its_status_line_and_annex():
    doc = {"number": "1/KH", "issued_on": "", "title": "Kế hoạch"}
    contributions = [_contribution("Sở Chủ trì", role="Chủ trì", status="completed_on_time")]
    contributions += [_contribution(f"Sở {i}", evidence=[doc] if i == 0 else []) for i in range(CROWDED_TASK)]
    ctx = document_context(_snapshot(contributions, ["Huyện X"]))
    task = ctx["tasks"][0]
    assert task["crowded"]
    assert [c["agency"] for c in task["contributions"]] == ["Sở Chủ trì"]
    assert [(g["label"], g["count"]) for g in task["groups"]] == [
        ("Hoàn thành đúng hạn", 1),
        ("Đang thực hiện trong hạn", CROWDED_TASK),
        ("Chưa báo cáo", 1),
    ]
    assert task["groups"][0]["agencies"] == "Sở Chủ trì (chủ trì)"
    assert task["status_line"] == f"Hoàn thành đúng hạn: 1; Đang thực hiện trong hạn: {CROWDED_TASK}; Chưa báo cáo: 1"
    assert task["annex_note"].endswith("chi tiết tại Phụ lục II.")
    annex = ctx["results_annex"][0]
    assert len(annex["rows"]) == CROWDED_TASK + 2
    assert [row["results"] for row in annex["rows"][1:-1]] == [f"kết quả của Sở {i}" for i in range(CROWDED_TASK)]
    assert annex["rows"][1]["evidence"] == "1/KH: Kế hoạch"
    assert [
        a["name"] for a in (ctx["annexes"]["matrix"], ctx["annexes"]["results"], ctx["annexes"]["non_reporting"])
    ] == [
        "Phụ lục I",
        "Phụ lục II",
        "Phụ lục III",
    ]


def test_without_a_crowded_task_there_is_no_results_annex_and_the_list_is_annex_two():
    ctx = document_context(_snapshot([_contribution("Sở A")], []))
    assert ctx["annexes"]["results"] is None and ctx["annexes"]["non_reporting"]["name"] == "Phụ lục II"
    assert "chi tiết tại Phụ lục II" in ctx["situation"][-1]


def test_annex_matrix_is_cut_into_tables_of_real_cells():
    table = document_context(_snapshot([], []))["annex_tables"][0]
    assert [c["code"] for c in table["columns"]] == ["II.1.a", "II.1.b"]
    assert table["rows"] == [{"agency": "Sở A", "cells": ["", "HT"]}]


def test_subject_and_opening_name_the_plan_its_topic_and_the_period_in_lower_case():
    ctx = document_context(_snapshot([], []))
    assert ctx["header"]["subject"] == (
        "Kết quả thực hiện Kế hoạch số 4447/KH-UBND ngày 24/09/2018 của UBND tỉnh về thực hiện Chương trình "
        "hành động số 32-CTr/TU (6 tháng đầu năm 2019)"
    )
    assert "Sở Nội vụ báo cáo kết quả thực hiện Kế hoạch số 4447/KH-UBND" in ctx["intro"]
    assert "(6 tháng đầu năm 2019) như sau:" in ctx["intro"]


def test_number_takes_a_leading_zero_and_a_draft_keeps_its_blanks():
    assert number_line("5/BC-SNV") == "Số: 05/BC-SNV"
    assert number_line("12/BC-SNV") == "Số: 12/BC-SNV"
    assert number_line("/BC-SNV").startswith("Số:" + " " * 8)
    ctx = document_context(_snapshot([], []))
    assert "ngày" + " " * 8 in ctx["header"]["date_line"] and "tháng" + " " * 8 in ctx["header"]["date_line"]


def test_authority_and_position_are_printed_in_capitals_and_the_body_in_capitals():
    ctx = document_context(_snapshot([], []))
    assert ctx["signature"] == {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Nguyễn Văn Bình"}
    assert ctx["header"]["issuing_body"] == "SỞ NỘI VỤ"


def test_identical_difficulties_are_printed_once_with_their_agencies():
    snapshot = _snapshot([], [])
    snapshot["difficulties"] = [
        {"agency": "Sở A", "task": "", "text": "Thiếu kinh phí."},
        {"agency": "Sở B", "task": "II.1.a", "text": "Thiếu  kinh phí"},
        {"agency": "Sở B", "task": "II.1.b", "text": "Thiếu kinh phí."},
        {"agency": "Sở C", "task": "", "text": "Chưa có hướng dẫn."},
    ]
    merged = document_context(snapshot)["difficulties"]
    assert [(m["text"], m["by"]) for m in merged] == [
        ("Thiếu kinh phí.", "Sở A, Sở B; nhiệm vụ II.1.a, II.1.b"),
        ("Chưa có hướng dẫn.", "Sở C"),
    ]


def test_plan_headings_are_numbered_under_the_report_never_with_the_plan_roman_numeral():
    snapshot = _snapshot([], [])
    task = snapshot["tasks"][0]
    snapshot["tasks"] = [
        {"code": "II", "title": "NHIỆM VỤ, GIẢI PHÁP", "is_heading": True, "depth": 0},
        {"code": "II.1", "title": "Tuyên truyền", "is_heading": True, "depth": 1},
        {**task, "code": "II.1.a"},
        {**task, "code": "II.1.b"},
        {"code": "III", "title": "TỔ CHỨC THỰC HIỆN", "is_heading": True, "depth": 0},
        {**task, "code": "III.5", "depth": 1},
    ]
    shown = [
        (t["number"], t.get("title") if t["is_heading"] else t["code"]) for t in document_context(snapshot)["tasks"]
    ]
    assert shown == [
        ("1", "Nhiệm vụ, giải pháp"),
        ("1.1", "Tuyên truyền"),
        ("1.1.1", "II.1.a"),
        ("1.1.2", "II.1.b"),
        ("2", "Tổ chức thực hiện"),
        ("2.1", "III.5"),
    ]


def test_headings_without_tasks_under_them_are_left_out_of_the_document():
    from reporting.consolidation.document import _without_empty_headings

    tasks = [
        {"code": "I", "is_heading": True},
        {"code": "II", "is_heading": True},
        {"code": "II.1", "is_heading": True},
        {"code": "II.1.a", "is_heading": False},
        {"code": "II.2", "is_heading": True},
    ]
    assert [task["code"] for task in _without_empty_headings(tasks)] == ["II", "II.1", "II.1.a"]


def test_a_result_several_agencies_share_is_said_once_in_the_body():
    contributions = [_contribution(f"Sở {i}") for i in range(CROWDED_TASK + 1)]
    snapshot = _snapshot(contributions, [])
    names = [f"Sở {i}" for i in range(CROWDED_TASK + 1)]
    snapshot["tasks"][0]["result_groups"] = [
        {"text": "Đã quán triệt.", "agencies": names[:2]},
        {"text": "Đã ban hành kế hoạch.", "agencies": names[2:3]},
    ]
    task = document_context(snapshot)["tasks"][0]
    assert task["shared_results"] == [{"text": "Đã quán triệt.", "agencies": "Sở 0, Sở 1"}]
    snapshot["tasks"][0]["result_groups"] = [{"text": "Đã quán triệt.", "agencies": names}]
    task = document_context(snapshot)["tasks"][0]
    assert task["shared_results"][0]["agencies"] == f"tất cả {CROWDED_TASK + 1} cơ quan, đơn vị đã báo cáo"
