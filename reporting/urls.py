from django.urls import path

from reporting.views import dashboard

app_name = "reporting"

urlpatterns: list = []

urlpatterns += [
    path("bang-dieu-hanh/", dashboard.dashboard, name="dashboard"),
    path("bang-dieu-hanh/xuat.xlsx", dashboard.dashboard_export, name="dashboard_export"),
    path("bang-dieu-hanh/co-quan/<slug:code>/", dashboard.scorecard, name="scorecard"),
]
