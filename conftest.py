import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads and built reports go to a per-test folder, never the developer's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
