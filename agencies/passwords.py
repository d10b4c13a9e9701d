"""Password rules: Django's, with messages every portal user can read."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django 5.2 reworded this message and its Vietnamese catalogue has not followed: it came out in English."""

    def get_error_message(self) -> str:
        return gettext("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}
