import io

import pytest
from PIL import Image

from deputies.forms import CHALLENGE_KEY
from deputies.models import Opinion


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def station(deputy_user):
    return deputy_user.deputy.station


def png_bytes(size=(40, 30), fmt="PNG"):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def post_opinion(client, url, **fields):
    """GET the form (which sets the session challenge), then POST with the right answer."""
    client.get(url)
    data = {"text": "小区门口的路灯坏了一个多月，请尽快修复。", "challenge": client.session.get(CHALLENGE_KEY)}
    data.update(fields)
    return client.post(url, data)


@pytest.fixture
def opinion_to_deputy(deputy_user):
    from deputies import services

    return services.opinion_submit(text="路灯坏了", deputy=deputy_user.deputy)


@pytest.fixture
def received_opinion(opinion_to_deputy):
    assert opinion_to_deputy.status == Opinion.Status.RECEIVED
    return opinion_to_deputy
