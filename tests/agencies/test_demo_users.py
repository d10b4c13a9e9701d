import io

import pytest
from django.core.management import CommandError, call_command

from agencies import roles
from agencies.models import User


@pytest.fixture
def seeded(db):
    call_command("load_seed_plan", stdout=io.StringIO())


def create_demo_users(*args) -> str:
    out = io.StringIO()
    call_command("create_demo_users", *args, stdout=out)
    return out.getvalue()


def test_refuses_to_run_when_debug_is_off(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        create_demo_users()
    assert not User.objects.exists()


def test_creates_one_login_per_role_with_its_agency(seeded, settings):
    settings.DEBUG = True
    output = create_demo_users()

    users = {user.username: user for user in User.objects.select_related("agency")}
    assert set(users) == {"stttt", "sgddt", "snv", "lanhdao", "admin"}
    assert users["stttt"].agency.code == "STTTT" and roles.role_of(users["stttt"]) == roles.STAFF
    assert users["sgddt"].agency.code == "SGDDT" and roles.role_of(users["sgddt"]) == roles.STAFF
    assert users["snv"].agency.code == "SNV" and roles.can_review(users["snv"])
    assert users["lanhdao"].agency.code == "UBND" and roles.role_of(users["lanhdao"]) == roles.LEADER
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert users["admin"].groups.filter(name=roles.ADMINISTRATOR).exists()
    assert all(user.check_password("demo12345") for user in users.values())
    assert users["snv"].get_full_name() == "Lê Thị Hồng Nhung"
    assert "demo12345" in output and "lanhdao" in output


def test_running_again_keeps_a_changed_password_unless_asked(seeded, settings):
    settings.DEBUG = True
    create_demo_users()
    user = User.objects.get(username="snv")
    user.set_password("mat-khau-moi-2024")
    user.save()

    output = create_demo_users()
    user.refresh_from_db()
    assert user.check_password("mat-khau-moi-2024")
    assert User.objects.count() == 5
    assert "giữ nguyên" in output

    create_demo_users("--reset-passwords")
    user.refresh_from_db()
    assert user.check_password("demo12345")


def test_asks_for_the_seed_when_agencies_are_missing(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_seed_plan"):
        create_demo_users()
