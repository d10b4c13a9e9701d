from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from plan_portal import views

admin.site.site_header = _("Cổng theo dõi kế hoạch")
admin.site.site_title = _("Quản trị")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.healthz_live, name="healthz_live"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/mat-khau/da-doi/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("reporting.api.urls")),
    path("", include("agencies.urls")),
    path("", include("tasks.urls")),
    path("", include("reporting.urls")),
]
