from django.urls import path

from reporting.views import consolidated, dashboard, reports, review
from reporting.views import files as report_files
from reporting.views import notifications as notification_views
from reporting.views import periods as period_views

app_name = "reporting"

urlpatterns: list = []

urlpatterns += [
    path("bang-dieu-hanh/", dashboard.dashboard, name="dashboard"),
    path("bang-dieu-hanh/xuat.xlsx", dashboard.dashboard_export, name="dashboard_export"),
    path("bang-dieu-hanh/co-quan/<slug:code>/", dashboard.scorecard, name="scorecard"),
]

# Agency reports, their review, reporting periods and notifications (issue 3).
urlpatterns += [
    path("bao-cao/", reports.report_list, name="my_reports"),
    path("bao-cao/ky/<int:period_pk>/lap/", reports.report_start, name="report_start"),
    path("bao-cao/ky/<int:period_pk>/phoi-hop/", reports.coordination, name="coordination"),
    path("bao-cao/<int:pk>/", reports.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/sua/", reports.report_edit, name="report_edit"),
    path("bao-cao/<int:pk>/tu-dong-luu/", reports.report_autosave, name="report_autosave"),
    path("bao-cao/<int:pk>/gui/", reports.report_confirm, name="report_confirm"),
    path("bao-cao/<int:pk>/rut-lai/", reports.report_withdraw, name="report_withdraw"),
    path("bao-cao/<int:pk>/tra-lai/", review.report_return, name="report_return"),
    path("bao-cao/<int:pk>/duyet/", review.report_approve, name="report_approve"),
    path("bao-cao/<int:pk>/mo-lai/", review.report_reopen, name="report_reopen"),
    path("bao-cao/<int:pk>/ban-ky/", report_files.signed_scan_download, name="signed_scan_download"),
    path("bao-cao/<int:pk>/tep/<int:attachment_pk>/", report_files.attachment_download, name="attachment_download"),
    path("bao-cao/<int:pk>/minh-chung/<int:evidence_pk>/", report_files.evidence_download, name="evidence_download"),
    path(
        "bao-cao/<int:pk>/lich-su/<int:event_pk>/tep/<path:stored_name>",
        report_files.event_file_download,
        name="event_file_download",
    ),
    path("tham-dinh/", review.review_queue, name="review_queue"),
    path("ky-bao-cao/", period_views.period_list, name="period_list"),
    path("ky-bao-cao/mo/", period_views.period_open, name="period_open"),
    path("ky-bao-cao/dot-xuat/", period_views.ad_hoc_create, name="ad_hoc_create"),
    path("ky-bao-cao/<int:pk>/", period_views.period_detail, name="period_detail"),
    path("ky-bao-cao/<int:pk>/mo/", period_views.period_open_planned, name="period_open_planned"),
    path("ky-bao-cao/<int:pk>/nhac/", period_views.period_remind, name="period_remind"),
    path("ky-bao-cao/<int:pk>/chuyen-trang-thai/", period_views.period_step, name="period_step"),
    path("thong-bao/", notification_views.notification_list, name="notifications"),
    path("thong-bao/da-doc/", notification_views.notifications_mark_read, name="notifications_mark_read"),
]

# Consolidated reports (issue 4).
urlpatterns += [
    path("bao-cao-tong-hop/", consolidated.consolidated_list, name="consolidated_list"),
    path(
        "ky-bao-cao/<int:period_id>/bao-cao-tong-hop/",
        consolidated.consolidated_for_period,
        name="consolidated_for_period",
    ),
    path("bao-cao-tong-hop/<int:pk>/", consolidated.consolidated_detail, name="consolidated_detail"),
    path("bao-cao-tong-hop/<int:pk>/tao/", consolidated.consolidated_build, name="consolidated_build"),
    path(
        "bao-cao-tong-hop/phien-ban/<int:build_id>/trang-thai/",
        consolidated.consolidated_build_status,
        name="consolidated_build_status",
    ),
    path(
        "bao-cao-tong-hop/phien-ban/<int:build_id>/tai/<str:kind>/",
        consolidated.consolidated_download,
        name="consolidated_download",
    ),
]
