"""Issue 12.3: an opinion sent through a deputy's own code is that deputy's (and the triaging staff's),
not the whole station's; the phone is shown only to whom the form promises (仅代表可见)."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from PIL import Image

from deputies import services
from deputies.models import Opinion
from tests import factories

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


def _jpeg():
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 200)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def colleague(deputy_user):
    """Another deputy of the same station."""
    return factories.DeputyUserFactory(username="colleague", deputy__station=deputy_user.deputy.station)


@pytest.fixture
def to_deputy(deputy_user):
    return services.opinion_submit(text="楼下噪音扰民，请协调。", deputy=deputy_user.deputy, citizen_name="王阿姨",
                                   citizen_phone=PHONE, photo_jpeg=_jpeg())


def test_a_deputys_opinion_is_not_the_stations(client, deputy_user, colleague, to_deputy):
    assert to_deputy.station_id == colleague.deputy.station_id  # the same station: the hole issue 12.3 names
    detail = reverse("deputies:opinion_detail", args=[to_deputy.pk])
    client.force_login(colleague)
    assert client.get(detail).status_code == 404
    assert client.get(reverse("deputies:opinion_photo", args=[to_deputy.pk])).status_code == 404
    for action in ("answer", "close", "forward", "suggest"):
        assert client.post(detail, {"action": action, "answer": "x"}).status_code == 404
    assert to_deputy.text not in client.get(reverse("deputies:opinion_list")).content.decode()
    assert to_deputy.text not in client.get(reverse("accounts:home")).content.decode()
    with pytest.raises(PermissionDenied):
        services.opinion_answer(opinion=to_deputy, actor=colleague, answer="我来答")
    with pytest.raises(PermissionDenied):
        services.opinion_suggest(opinion=to_deputy, actor=colleague)
    to_deputy.refresh_from_db()
    assert to_deputy.status == Opinion.Status.RECEIVED
    client.force_login(deputy_user)
    page = client.get(detail).content.decode()
    assert PHONE in page and "王阿姨" in page
    assert client.get(reverse("deputies:opinion_photo", args=[to_deputy.pk])).status_code == 200


def test_a_station_opinion_is_every_station_deputys(client, deputy_user, colleague, other_deputy_user):
    opinion = services.opinion_submit(text="站点门口路灯不亮。", station=deputy_user.deputy.station,
                                      citizen_phone=PHONE)
    detail = reverse("deputies:opinion_detail", args=[opinion.pk])
    for user, status in ((deputy_user, 200), (colleague, 200), (other_deputy_user, 404)):
        client.force_login(user)
        response = client.get(detail)
        assert response.status_code == status
        if status == 200:
            assert PHONE in response.content.decode()


def test_staff_triage_without_the_phone(client, staff_user, to_deputy):
    client.force_login(staff_user)
    page = client.get(reverse("deputies:opinion_detail", args=[to_deputy.pk])).content.decode()
    assert to_deputy.text in page and PHONE not in page
    assert client.get(reverse("deputies:opinion_photo", args=[to_deputy.pk])).status_code == 200
    staff_user.user_permissions.add(Permission.objects.get(codename="view_opinion", content_type__app_label="deputies"))
    page = client.get(reverse("admin:deputies_opinion_change", args=[to_deputy.pk])).content.decode()
    assert to_deputy.text in page and PHONE not in page


def test_the_unit_an_opinion_is_forwarded_to_sees_neither_phone_nor_photo(client, deputy_user, unit, unit_officer,
                                                                          to_deputy):
    services.opinion_forward(opinion=to_deputy, actor=deputy_user, unit=unit, comment="请核实")
    client.force_login(unit_officer)
    page = client.get(reverse("deputies:opinion_detail", args=[to_deputy.pk])).content.decode()
    assert to_deputy.text in page and PHONE not in page and "opinion_photo" not in page
    assert reverse("deputies:opinion_photo", args=[to_deputy.pk]) not in page
    assert client.get(reverse("deputies:opinion_photo", args=[to_deputy.pk])).status_code == 404
