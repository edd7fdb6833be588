"""A committee, a meeting and a registered motion: what the appointments tests build on."""

import datetime

from appointments import services
from appointments.models import Kind, NominatingBody, Organ
from tests.meetings.helpers import committee, meeting  # noqa: F401 - re-exported for the tests

ALL_MET = {item: True for item in services.DEFAULT_CHECKLIST}


def nominee_data(name="陈明", post="区人民政府副区长", **extra):
    return {"person_name": name, "post": post, "organ": Organ.GOVERNMENT, "kind": Kind.APPOINT,
            "reasons": "工作需要", "resume": "1975年生，研究生学历", "id_number": extra.pop("id_number", ""),
            "phone": "13800001111", **extra}


def register(staff, m, *nominees, submitted_on=None, **kwargs):
    return services.motion_register(
        actor=staff, title="区人民政府区长关于提请任免职务的议案", nominating_body=NominatingBody.DISTRICT_HEAD,
        meeting=m, submitted_on=submitted_on or m.date - datetime.timedelta(days=12),
        nominees=list(nominees) or [nominee_data()], **kwargs)


def ready_for_vote(staff, nominee, score=85):
    services.nominee_review(nominee=nominee, actor=staff, checklist=ALL_MET)
    services.nominee_exam(nominee=nominee, actor=staff, date=datetime.date(2026, 11, 20), score=score)
    return services.nominee_send_to_vote(nominee=nominee, actor=staff)
