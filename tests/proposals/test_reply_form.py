"""Issue 18.3: the reply form refuses junk, preselects nothing, warns of missing co-unit opinions and
shows the letter before it is sent."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from deputies.models import Opinion
from proposals import services
from proposals.models import Reply, Status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TEXT = ("您提出的建议收悉。我局会同积玉桥街道对辖区停车资源进行了全面摸排，利用闲置地块新建立体停车场一座，"
        "新增车位一百二十个，并在周边三个单位试行错时共享停车。")


def _data(s, **overrides):
    data = {"version": s.version, "result_class": "B", "text": TEXT, "signer": "赵建华", "contact_person": "陈磊",
            "contact_phone": "027-88886666", "c-TOTAL_FORMS": "2", "c-INITIAL_FORMS": "0", "c-MIN_NUM_FORMS": "0",
            "c-MAX_NUM_FORMS": "20", "c-0-content": "建成积玉桥街立体停车场",
            "c-0-due_date": (timezone.localdate() + datetime.timedelta(days=120)).isoformat(),
            "c-0-responsible": "规划建设科"}
    data.update(overrides)
    return data


@pytest.fixture
def handling(build):
    return build.to(Status.HANDLING)


def _post(client, cast, s, **overrides):
    return client_for(client, cast["unit_officer"]).post(reverse("proposals:reply", args=[s.pk]), _data(s, **overrides))


@pytest.mark.parametrize("field, value, error", [
    ("contact_phone", "abc", "有效的电话号码"),
    ("contact_phone", "1380000", "有效的电话号码"),
    ("text", "好的", "答复正文过短"),
    ("c-0-due_date", "2020-01-01", "承诺完成时限不能早于今天"),
    ("c-0-responsible", "", "请填写责任人"),
    ("result_class", "", "这个字段是必填项"),
])
def test_junk_is_refused_by_its_field_and_nothing_is_saved(client, cast, handling, field, value, error):
    response = _post(client, cast, handling, **{field: value}, confirm="1")
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    # The message sits by its field: crispy marks the input invalid and writes the message under it.
    field_html = re.search(rf'<(input|textarea)[^>]*name="{field}"[^>]*>', page)
    radio_group = field == "result_class"
    assert radio_group or (field_html and "is-invalid" in field_html.group(0)), field
    assert not Reply.objects.exists()
    handling.refresh_from_db()
    assert handling.status == Status.HANDLING


def test_no_result_class_is_preselected(client, cast, handling):
    page = client_for(client, cast["unit_officer"]).get(reverse("proposals:reply", args=[handling.pk])).content.decode()
    assert 'name="result_class"' in page and 'type="radio"' in page
    radios = [line for line in page.splitlines() if 'name="result_class"' in line]
    assert radios and not any("checked" in line for line in radios)


def test_the_letter_is_previewed_before_it_is_sent(client, cast, handling):
    response = _post(client, cast, handling, preview="1")
    page = response.content.decode()
    assert response.status_code == 200 and not Reply.objects.exists()
    assert 'id="letter-preview"' in page
    assert "武昌区住房和城市更新局" in page and "张伟代表：" in page and TEXT in page
    letter = page[page.index('id="letter-preview"'):page.index("</article>")]
    assert letter.count("收悉") == 1  # the unit's own opening, not the letter's as well
    assert "发送时生成" in page and "签发人：赵建华" in page and "建成积玉桥街立体停车场" in page
    assert 'name="confirm"' in page and 'name="edit"' in page
    # 返回修改 gives the form back as filled in.
    back = _post(client, cast, handling, edit="1").content.decode()
    assert 'id="letter-preview"' not in back and TEXT in back and not Reply.objects.exists()
    # 确认发送 sends it.
    response = _post(client, cast, handling, confirm="1")
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.text == TEXT and reply.letter_number.endswith("1号") and reply.commitments.count() == 1


def test_missing_co_unit_opinions_are_warned_of(client, cast, handling, other_unit):
    url = reverse("proposals:reply", args=[handling.pk])
    c = client_for(client, cast["unit_officer"])
    page = c.get(url).content.decode()
    assert 'id="missing-opinions"' in page and other_unit.name in page
    assert 'id="missing-opinions"' in _post(client, cast, handling, preview="1").content.decode()
    services.co_opinion_submit(suggestion=handling, actor=cast["other_unit_officer"], text="同意主办单位意见。")
    assert 'id="missing-opinions"' not in c.get(url).content.decode()


def test_service_refuses_a_commitment_due_in_the_past(cast, handling):
    with pytest.raises(services.WorkflowError, match="承诺完成时限不能早于今天"):
        services.reply_submit(suggestion=handling, actor=cast["unit_officer"], result_class="B", text=TEXT,
                              signer="赵", contact_person="陈", contact_phone="027-88886666",
                              commitments=[{"content": "x", "due_date": timezone.localdate() - datetime.timedelta(days=1),
                                            "responsible": "规划科"}])
    assert not Reply.objects.exists()


def test_citizen_phone_uses_the_same_rule(client, deputy_user):
    from tests.deputies.conftest import post_opinion

    url = reverse("deputies:deputy_public", args=[deputy_user.deputy.public_code])
    response = post_opinion(client, url, citizen_phone="1380000")
    assert response.status_code == 400 and not Opinion.objects.exists()
    assert "有效的电话号码" in response.content.decode()
    assert post_opinion(client, url, citizen_phone="027-88886666").status_code == 302


def test_reply_form_and_preview_read_a_fixed_number_of_queries(client, cast, handling, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(client, cast["unit_officer"])
    url = reverse("proposals:reply", args=[handling.pk])
    c.get(url)  # the session and caches warm
    with django_assert_num_queries(11):
        c.get(url)
    with django_assert_num_queries(14), CaptureQueriesContext(connection) as one:
        c.post(url, _data(handling, preview="1"))
    two = _data(handling, preview="1", **{"c-1-content": "增设充电桩", "c-1-due_date": "2099-01-01",
                                         "c-1-responsible": "城建科"})
    with CaptureQueriesContext(connection) as more:
        assert 'id="letter-preview"' in c.post(url, two).content.decode()
    assert len(more) == len(one)  # commitments are not read one by one
