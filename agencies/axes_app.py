"""django-axes under a Vietnamese name in the admin; its models' names are in locale/vi.

In a module of its own: a second AppConfig in agencies/apps.py would stop Django choosing
AgenciesConfig for the agencies app by itself.
"""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AppConfig):
    verbose_name = _("Chống dò mật khẩu")
