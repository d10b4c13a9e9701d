"""Consolidated-report pages per role: the consolidating reviewer, another agency, a leader, anonymous."""

import pytest
from django.urls import reverse

from reporting.consolidation import services
from reporting.models import BuildState, ConsolidatedReport, ReportBuild
from tests.factories import leader, reviewer_of, staff_of
from tests.reporting.consolidated_fixtures import add_reporting_agencies, make_scene

pytestmark = pytest.mark.django_db

FAKE = {
    kind: (lambda snapshot, kind=kind: f"{kind} {snapshot['header']['subject']}".encode())
    for kind in ("pdf", "docx", "xlsx")
}


@pytest.fixture
def scene():
    return make_scene()


@pytest.fixture(autouse=True)
def fast_renderers(monkeypatch):
    monkeypatch.setattr(services, "default_renderers", lambda: dict(FAKE))


def _ready_build(report) -> ReportBuild:
    build = services.build_request(report=report, user=None)
    return services.build_run(build_id=build.pk)


def test_reviewer_creates_the_report_from_the_period_page(client, scene):
    ConsolidatedReport.objects.filter(pk=scene.report.pk).delete()
    client.force_login(reviewer_of(scene.snv))
    url = reverse("reporting:consolidated_for_period", args=[scene.period.pk])
    assert "Lập báo cáo tổng hợp" in client.get(url).content.decode()
    response = client.post(url)
    report = ConsolidatedReport.objects.get(period=scene.period)
    assert response.status_code == 302 and response.url == reverse("reporting:consolidated_detail", args=[report.pk])
    assert report.number == "/BC-SNV"


def test_reviewer_edits_narratives_and_bad_date_keeps_what_was_typed(client, scene):
    client.force_login(reviewer_of(scene.snv))
    url = reverse("reporting:consolidated_detail", args=[scene.report.pk])
    data = {"number": "12/BC-SNV", "issued_on": "31/02/2020", "overall_assessment": "Đánh giá mới <b>đậm</b>"}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đánh giá mới &lt;b&gt;đậm&lt;/b&gt;" in page
    scene.report.refresh_from_db()
    assert scene.report.number == "/BC-SNV"
    response = client.post(url, {**data, "issued_on": "05/01/2020", "signer_name": "Trần Thị C"})
    assert response.status_code == 302
    scene.report.refresh_from_db()
    assert (scene.report.number, scene.report.signer_name, str(scene.report.issued_on)) == (
        "12/BC-SNV",
        "Trần Thị C",
        "2020-01-05",
    )


def test_second_reviewer_saving_an_older_page_gets_a_conflict_and_keeps_their_text(client, scene):
    url = reverse("reporting:consolidated_detail", args=[scene.report.pk])
    first, second = reviewer_of(scene.snv), reviewer_of(scene.snv)
    client.force_login(first)
    loaded = client.get(url).context["form"]["loaded_at"].value()
    client.force_login(second)
    client.post(url, {"number": "12/BC-SNV", "overall_assessment": "Bản của người thứ hai", "loaded_at": loaded})

    client.force_login(first)
    response = client.post(url, {"number": "13/BC-SNV", "overall_assessment": "Bản của tôi", "loaded_at": loaded})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Người khác vừa lưu báo cáo này" in page
    assert "Bản của tôi" in page
    scene.report.refresh_from_db()
    assert (scene.report.number, scene.report.overall_assessment) == ("12/BC-SNV", "Bản của người thứ hai")


def test_build_button_makes_a_version_and_status_reports_downloads(client, scene, django_capture_on_commit_callbacks):
    client.force_login(reviewer_of(scene.snv))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:consolidated_build", args=[scene.report.pk]))
    assert response.status_code == 302
    build = ReportBuild.objects.get(consolidated_report=scene.report)
    status = client.get(reverse("reporting:consolidated_build_status", args=[build.pk])).json()
    assert status["state"] == BuildState.READY and status["percent"] == 100
    assert set(status["downloads"]) == {"pdf", "docx", "xlsx"}
    download = client.get(status["downloads"]["pdf"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"pdf ")
    assert "attachment" in download["Content-Disposition"]


def test_build_posted_with_the_form_saves_the_typed_content_first_and_builds_from_it(
    client, scene, django_capture_on_commit_callbacks
):
    client.force_login(reviewer_of(scene.snv))
    page = client.get(reverse("reporting:consolidated_detail", args=[scene.report.pk]))
    loaded = page.context["form"]["loaded_at"].value()
    data = {"number": "12/BC-SNV", "overall_assessment": "Đánh giá vừa gõ, chưa lưu", "loaded_at": loaded}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:consolidated_build", args=[scene.report.pk]), data)

    assert response.status_code == 302
    scene.report.refresh_from_db()
    assert scene.report.overall_assessment == "Đánh giá vừa gõ, chưa lưu"
    build = ReportBuild.objects.get(consolidated_report=scene.report)
    assert build.snapshot["narrative"]["overall_assessment"] == "Đánh giá vừa gõ, chưa lưu"
    assert 'formaction="{}"'.format(reverse("reporting:consolidated_build", args=[scene.report.pk])) in (
        page.content.decode()
    )


def test_build_with_invalid_content_builds_nothing_and_keeps_what_was_typed(client, scene):
    client.force_login(reviewer_of(scene.snv))
    data = {"issued_on": "31/02/2020", "overall_assessment": "Đánh giá vừa gõ"}

    response = client.post(reverse("reporting:consolidated_build", args=[scene.report.pk]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Đánh giá vừa gõ" in page and "Vui lòng sửa các lỗi bên dưới" in page
    assert not ReportBuild.objects.exists()


def test_build_on_top_of_someone_elses_newer_save_builds_nothing(client, scene):
    url = reverse("reporting:consolidated_detail", args=[scene.report.pk])
    client.force_login(reviewer_of(scene.snv))
    loaded = client.get(url).context["form"]["loaded_at"].value()
    client.post(url, {"overall_assessment": "Bản người khác", "loaded_at": ""})

    data = {"overall_assessment": "Bản của tôi", "loaded_at": loaded}
    response = client.post(reverse("reporting:consolidated_build", args=[scene.report.pk]), data)

    assert response.status_code == 200 and "Bản của tôi" in response.content.decode()
    assert not ReportBuild.objects.exists()


def test_status_of_a_failed_build_shows_its_reason(client, scene):
    build = services.build_request(report=scene.report, user=None)
    services.build_mark_failed(build_id=build.pk, reason="Thiếu phông chữ")
    client.force_login(reviewer_of(scene.snv))
    status = client.get(reverse("reporting:consolidated_build_status", args=[build.pk])).json()
    assert (status["state"], status["error"], status["downloads"]) == ("failed", "Thiếu phông chữ", {})
    page = client.get(reverse("reporting:consolidated_detail", args=[scene.report.pk])).content.decode()
    assert "Thiếu phông chữ" in page and "build-status.js" in page


def test_earlier_versions_stay_listed_and_downloadable(client, scene):
    first, second = _ready_build(scene.report), _ready_build(scene.report)
    client.force_login(reviewer_of(scene.snv))
    page = client.get(reverse("reporting:consolidated_detail", args=[scene.report.pk])).content.decode()
    for build in (first, second):
        assert reverse("reporting:consolidated_download", args=[build.pk, "docx"]) in page
    assert client.get(reverse("reporting:consolidated_download", args=[first.pk, "xlsx"])).status_code == 200


def test_leader_reads_and_downloads_ready_builds_only(client, scene):
    ready = _ready_build(scene.report)
    queued = services.build_request(report=scene.report, user=None)
    client.force_login(leader())
    detail = client.get(reverse("reporting:consolidated_detail", args=[scene.report.pk]))
    assert detail.status_code == 200 and 'name="overall_assessment"' not in detail.content.decode()
    assert client.get(reverse("reporting:consolidated_download", args=[ready.pk, "pdf"])).status_code == 200
    assert client.get(reverse("reporting:consolidated_build_status", args=[queued.pk])).status_code == 404
    assert client.post(reverse("reporting:consolidated_build", args=[scene.report.pk])).status_code == 404
    assert client.post(reverse("reporting:consolidated_detail", args=[scene.report.pk]), {}).status_code == 404


@pytest.mark.parametrize("who", ["staff_of_reporting_agency", "reviewer_of_other_agency"])
def test_other_agencies_get_404_everywhere(client, scene, who):
    build = _ready_build(scene.report)
    user = staff_of(scene.agency_a) if who == "staff_of_reporting_agency" else reviewer_of(scene.agency_a)
    client.force_login(user)
    urls = [
        reverse("reporting:consolidated_for_period", args=[scene.period.pk]),
        reverse("reporting:consolidated_detail", args=[scene.report.pk]),
        reverse("reporting:consolidated_build_status", args=[build.pk]),
        reverse("reporting:consolidated_download", args=[build.pk, "pdf"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reporting:consolidated_build", args=[scene.report.pk])).status_code == 404
    assert ReportBuild.objects.count() == 1


def test_anonymous_is_sent_to_login(client, scene):
    build = _ready_build(scene.report)
    for url in (
        reverse("reporting:consolidated_list"),
        reverse("reporting:consolidated_detail", args=[scene.report.pk]),
        reverse("reporting:consolidated_download", args=[build.pk, "pdf"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_unknown_format_is_404(client, scene):
    build = _ready_build(scene.report)
    client.force_login(reviewer_of(scene.snv))
    assert client.get(reverse("reporting:consolidated_download", args=[build.pk, "exe"])).status_code == 404


@pytest.mark.parametrize("extra", [0, 10])
def test_pages_do_a_bounded_number_of_queries(client, scene, django_assert_num_queries, extra):
    add_reporting_agencies(scene, extra)
    for _ in range(1 + extra):
        _ready_build(scene.report)
    client.force_login(reviewer_of(scene.snv))
    detail = reverse("reporting:consolidated_detail", args=[scene.report.pk])
    with django_assert_num_queries(4):
        assert client.get(detail).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(reverse("reporting:consolidated_list")).status_code == 200
