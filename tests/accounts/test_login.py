import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

ROLE_PAGES = {
    "staff": "工作人员工作台",
    "leader": "领导驾驶舱",
    "deputy": "代表工作台",
    "unit_officer": "承办单位工作台",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_each_role_lands_on_its_workbench_in_chinese(client, cast, role):
    user = cast[role]
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:home")
    html = response.content.decode()
    assert ROLE_PAGES[role] in html
    assert '<html lang="zh-hans">' in html


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_user_without_role_is_refused(client):
    user = UserFactory(username="norole")
    client.force_login(user)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 403


@pytest.mark.django_db
def test_wrong_password_gives_a_chinese_error(client, staff_user):
    response = client.post(reverse("accounts:login"), {"username": "staff", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_account(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "staff", "password": "wrong"})
    # Even the right password is refused now.
    response = client.post(reverse("accounts:login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_is_a_post(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_english_is_selectable(client, staff_user):
    client.force_login(staff_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:home"))
    assert "Staff workbench" in response.content.decode()


@pytest.mark.django_db
def test_admin_is_in_chinese(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "站点管理" in response.content.decode() or "工作管理" in response.content.decode()


@pytest.mark.django_db
def test_browser_language_does_not_override_chinese(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "工作管理" in response.content.decode()
