"""Error pages: Chinese, in the portal's frame, each with a way home (issue 18.6, 19.3), with DEBUG off.

The 500 page is drawn while the database and the cache may be down: it must render with neither.
"""

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings

from tests import factories

pytestmark = [pytest.mark.urls("tests.core.urls_errors")]

HOME_LINK = 'href="/"'
PORTAL_NAME = "人大常委会履职服务平台"


def _assert_portal_page(response, status, *chinese):
    assert response.status_code == status
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert PORTAL_NAME in body  # the portal's header
    assert HOME_LINK in body and "返回首页" in body
    for text in chinese:
        assert text in body, text
    for english in ("Not Found", "Forbidden", "Server Error", "Bad Request", "requested resource"):
        assert english not in body
    return body


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


@pytest.mark.django_db
def test_404_is_chinese_with_a_way_home(client):
    _assert_portal_page(client.get("/no-such-page/"), 404, "页面不存在")


@pytest.mark.django_db
def test_404_for_a_logged_in_deputy_on_a_missing_suggestion(client):
    client.force_login(factories.DeputyUserFactory())
    _assert_portal_page(client.get("/proposals/999999/"), 404, "页面不存在")


@pytest.mark.django_db
def test_403_is_chinese_with_a_way_home(client):
    _assert_portal_page(client.get("/test-errors/forbidden/"), 403, "无权访问")


@pytest.mark.django_db
def test_400_is_chinese_with_a_way_home(client):
    _assert_portal_page(client.get("/test-errors/bad-request/"), 400, "请求有误")


@pytest.mark.django_db
def test_csrf_failure_is_chinese_with_a_way_home():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "staff", "password": "x"})
    _assert_portal_page(response, 403, "表单已过期", "没有保存")


def _no_database(execute, sql, params, many, context):
    raise OperationalError("the database is down")


UNREACHABLE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                 "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens on port 1


@pytest.mark.django_db
def test_500_renders_without_the_database_and_the_cache():
    client = Client(raise_request_exception=False)
    with override_settings(CACHES=UNREACHABLE_CACHE), connection.execute_wrapper(_no_database):
        response = client.get("/test-errors/database-down/")
    _assert_portal_page(response, 500, "暂时无法使用", "几分钟后再试")
