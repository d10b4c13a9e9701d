from django.urls import path

from tasks import import_views, views

app_name = "tasks"

urlpatterns = [
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/nhap/", import_views.plan_import, name="plan_import"),
    path("ke-hoach/nhap/<int:pk>/", import_views.plan_import_draft, name="plan_import_draft"),
    path("nhiem-vu/", views.task_list, name="task_list"),
    path("nhiem-vu/xuat/<str:fmt>/", views.task_export, name="task_export"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("co-quan/<slug:code>/", views.agency_detail, name="agency_detail"),
]
