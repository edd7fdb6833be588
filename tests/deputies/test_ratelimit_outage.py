"""Issue 19.1: a citizen's opinion is stored while the cache (Redis) is down, and the form's flood limit
still holds, counted in the database."""

import shutil

import pytest
from django.core.cache.backends.base import BaseCache
from django.test import override_settings
from django.urls import reverse

from deputies import ratelimit
from deputies.models import Opinion, OpinionRateCount

from tests.private_services import private_redis_server

from .conftest import post_opinion

pytestmark = [pytest.mark.real_clock, pytest.mark.django_db]


class UnreachableCache(BaseCache):
    """A cache whose server is gone: every call fails as redis-py's does when the connection is refused."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    add = get = set = touch = delete = incr = decr = has_key = clear = get_many = set_many = delete_many = _fail


UNREACHABLE = {"default": {"BACKEND": f"{__name__}.UnreachableCache"}}


def test_with_the_cache_failing_the_opinion_is_stored_and_counted_in_the_database(client, station):
    url = reverse("deputies:station_public", args=[station.public_code])
    with override_settings(CACHES=UNREACHABLE):
        response = post_opinion(client, url, citizen_name="王阿姨")
        assert response.status_code == 302
        assert Opinion.objects.get().citizen_name == "王阿姨"
        assert sorted(OpinionRateCount.objects.values_list("count", flat=True)) == [1, 1]  # hour and day
        # The limit still holds while the cache is away.
        for _i in range(ratelimit.OPINIONS_PER_HOUR - 1):
            assert post_opinion(client, url).status_code == 302
        assert post_opinion(client, url).status_code == 429
    assert Opinion.objects.count() == ratelimit.OPINIONS_PER_HOUR


def test_ended_windows_are_deleted_when_a_new_one_starts(station):
    from django.utils import timezone

    OpinionRateCount.objects.create(key="rl:opinion:10.0.0.1:3600:1", count=4,
                                    expires_at=timezone.now() - timezone.timedelta(seconds=1))
    assert ratelimit._db_count("rl:opinion:10.0.0.1:3600:2", 3600) == 1
    assert ratelimit._db_count("rl:opinion:10.0.0.1:3600:2", 3600) == 2
    assert list(OpinionRateCount.objects.values_list("key", flat=True)) == ["rl:opinion:10.0.0.1:3600:2"]


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of the test's own, which the test stops (never the shared one)."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    import redis

    with private_redis_server(tmp_path) as (process, url):
        yield process, redis.Redis.from_url(url), url


def test_with_a_real_redis_stopped_the_opinion_is_stored(client, station, private_redis):
    process, redis_client, url_of_redis = private_redis
    url = reverse("deputies:station_public", args=[station.public_code])
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url_of_redis}}
    with override_settings(CACHES=caches):
        assert post_opinion(client, url, text="小区门口的路灯坏了，请修复。").status_code == 302
        assert len(redis_client.keys("*rl:opinion:*")) == 2  # counted in Redis while it runs
        assert not OpinionRateCount.objects.exists()

        process.terminate()
        process.wait(10)
        response = post_opinion(client, url, text="楼道里的积水一直没人处理。")
        assert response.status_code == 302
        assert sorted(OpinionRateCount.objects.values_list("count", flat=True)) == [1, 1]
    assert list(Opinion.objects.order_by("id").values_list("text", flat=True)) == [
        "小区门口的路灯坏了，请修复。", "楼道里的积水一直没人处理。"]
