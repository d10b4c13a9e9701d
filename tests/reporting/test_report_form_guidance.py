"""The report form guides: an error summary linked to each field, errors tied to fields, the portal's
own messages, files kept across an error, size and type announced to the browser."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting import services
from reporting.models import AgencyReport, Attachment
from tasks.timing import Progress
from tests.reporting.report_world import build_world, form_data, item_key, make_ready
from tests.sample_files import PDF

pytestmark = pytest.mark.django_db


def _started(client, world) -> AgencyReport:
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    return AgencyReport.objects.get(agency=world.agency, period=world.period)


def _bad_post(client, report, **extra):
    data = form_data(
        report,
        **{item_key(report, 0, "progress"): Progress.COMPLETED, item_key(report, 0, "percent_complete"): -5},
        **extra,
    )
    return client.post(reverse("reporting:report_edit", args=[report.pk]), data)


def test_errors_are_listed_at_the_top_each_linking_to_its_field(client):
    world = build_world()
    report = _started(client, world)
    page = _bad_post(client, report).content.decode()
    item = report.items.order_by("assignment__task__position")[0]
    summary = page[page.index('id="error-summary"') : page.index("</div>", page.index('id="error-summary"'))]
    assert page.index('id="error-summary"') < page.index('id="report-form"')
    assert (
        f'href="#id_item-{item.pk}-completed_on"' in summary
        and f'href="#id_item-{item.pk}-percent_complete"' in summary
    )
    assert "II.1.0 · Ngày hoàn thành: Nhiệm vụ đã hoàn thành cần có ngày hoàn thành." in summary
    assert "js/error-summary.js" in page


def test_every_aria_describedby_points_to_an_element_on_the_page(client):
    world = build_world()
    report = _started(client, world)
    page = _bad_post(client, report).content.decode()
    ids = set(re.findall(r'id="([^"]+)"', page))
    described = {ref for refs in re.findall(r'aria-describedby="([^"]+)"', page) for ref in refs.split()}
    assert described and described <= ids
    item = report.items.order_by("assignment__task__position")[0]
    field = re.search(rf'<input[^>]*id="id_item-{item.pk}-completed_on"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field and f'aria-describedby="id_item-{item.pk}-completed_on_error"' in field


def test_django_default_messages_give_way_to_the_portals_own(client):
    world = build_world()
    report = _started(client, world)
    page = _bad_post(client, report).content.decode()
    assert "Tỷ lệ hoàn thành phải từ 0 đến 100." in page
    assert "Đảm bảo giá trị" not in page


def test_a_file_chosen_before_an_error_is_kept_and_saved_with_the_next_save(client):
    world = build_world()
    report = _started(client, world)
    page = _bad_post(client, report, attachment_upload=SimpleUploadedFile("bien-ban.pdf", PDF)).content.decode()
    assert "Đã giữ tệp bien-ban.pdf" in page
    token = re.search(r'name="attachment_upload-kept" value="([^"]+)"', page).group(1)
    assert not Attachment.objects.exists()

    client.post(
        reverse("reporting:report_edit", args=[report.pk]), form_data(report, **{"attachment_upload-kept": token})
    )
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["bien-ban.pdf"]


def test_a_kept_file_token_of_another_report_opens_nothing(client):
    world = build_world()
    report = _started(client, world)
    page = _bad_post(client, report, attachment_upload=SimpleUploadedFile("bien-ban.pdf", PDF)).content.decode()
    token = re.search(r'name="attachment_upload-kept" value="([^"]+)"', page).group(1)
    client.force_login(world.other_staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    theirs = AgencyReport.objects.get(agency=world.other)
    client.post(
        reverse("reporting:report_edit", args=[theirs.pk]), form_data(theirs, **{"attachment_upload-kept": token})
    )
    assert not Attachment.objects.exists()


def test_file_inputs_tell_the_browser_their_limit_and_types(client, settings):
    world = build_world()
    report = _started(client, world)
    page = client.get(reverse("reporting:report_edit", args=[report.pk])).content.decode()
    scan = re.search(r'<input type="file" name="signed_scan_upload"[^>]*>', page).group(0)
    assert 'accept=".pdf"' in scan and f'data-max-bytes="{settings.UPLOAD_MAX_BYTES}"' in scan
    assert 'data-too-large="Tệp quá lớn: tối đa' in scan and 'data-bad-type="Chỉ nhận tệp PDF."' in scan
    assert "js/upload-check.js" in page


def test_the_opened_form_carries_the_version_it_was_loaded_with(client):
    world = build_world()
    report = _started(client, world)
    page = client.get(reverse("reporting:report_edit", args=[report.pk])).content.decode()
    assert f'name="version" value="{report.version}"' in page
    assert 'id="error-summary"' not in page


def test_the_return_form_lists_its_error_at_the_top_in_the_portals_words(client):
    world = build_world()
    report = _started(client, world)
    make_ready(report)
    services.report_submit(report_id=report.pk, user=world.staff, version=None, today=world.period.ends_on)
    client.force_login(world.reviewer)
    report.refresh_from_db()
    page = client.post(reverse("reporting:report_return", args=[report.pk]), {"version": report.version, "reason": ""})
    html = page.content.decode()
    assert 'href="#id_reason"' in html and "Lý do trả lại: Chưa nhập nội dung này." in html
    assert "This field is required" not in html and "Trường này là bắt buộc" not in html
