"""Suggestions in every state, built through the services (the same path the pages take)."""

import datetime

import pytest
from django.utils import timezone

from proposals import services
from proposals.models import Status, Suggestion
from tests import factories

PATH = {
    Status.DRAFT: None, Status.SUBMITTED: Status.DRAFT, Status.RETURNED: Status.SUBMITTED,
    Status.REGISTERED: Status.SUBMITTED, Status.REFERENCE: Status.SUBMITTED, Status.MERGED: Status.SUBMITTED,
    Status.WITHDRAWN: Status.SUBMITTED, Status.ASSIGNED: Status.REGISTERED, Status.HANDLING: Status.ASSIGNED,
    Status.REPLIED: Status.HANDLING, Status.REHANDLING: Status.REPLIED, Status.EVALUATED: Status.REPLIED,
    Status.CLOSED: Status.EVALUATED,
}


class Builder:
    def __init__(self, cast, unit, other_unit):
        self.cast, self.unit, self.other_unit = cast, unit, other_unit
        self.staff = cast["staff"]

    def draft(self, title="关于增设积玉桥街社区公共停车位的建议", background="老旧小区停车难，夜间占道严重。",
              proposal="利用闲置地块建设立体停车场。", category="urban", deputy=None):
        return services.suggestion_create(actor=deputy or self.cast["deputy"], title=title, background=background,
                                          proposal=proposal, category=category)

    def merge_target(self):
        target = self.draft(title="关于老旧小区停车难问题的建议", deputy=self.cast["other_deputy"])
        services.suggestion_submit(suggestion=target, actor=self.cast["other_deputy"])
        return services.suggestion_register(suggestion=target, actor=self.staff, lawful=True, single_matter=True,
                                            feasible=True)

    def to(self, state, suggestion=None, cosigner=True):
        """A suggestion led by `deputy`, co-signer `other_deputy` invited, lead unit `unit`, co-unit
        `other_unit`, brought to `state`."""
        s = suggestion
        if PATH[state] is not None:
            s = self.to(PATH[state], s, cosigner)
        c, staff = self.cast, self.staff
        if state == Status.DRAFT:
            s = self.draft()
            if cosigner:
                services.cosigner_invite(suggestion=s, actor=c["deputy"], deputies=[c["other_deputy"].deputy])
        elif state == Status.SUBMITTED:
            services.suggestion_submit(suggestion=s, actor=c["deputy"])
        elif state == Status.RETURNED:
            services.suggestion_return(suggestion=s, actor=staff, reasons="请补充具体地点。")
        elif state == Status.REGISTERED:
            services.suggestion_register(suggestion=s, actor=staff, lawful=True, single_matter=True, feasible=True)
        elif state == Status.REFERENCE:
            services.suggestion_to_reference(suggestion=s, actor=staff, reasons="不属于本级职权。")
        elif state == Status.MERGED:
            services.suggestion_merge(suggestion=s, into=self.merge_target(), actor=staff)
        elif state == Status.WITHDRAWN:
            services.suggestion_withdraw(suggestion=s, actor=c["deputy"])
        elif state == Status.ASSIGNED:
            services.suggestion_assign(suggestion=s, actor=staff, lead_unit=self.unit, co_units=[self.other_unit])
            services.contact_log(suggestion=s, actor=c["unit_officer"], date=timezone.localdate(), way="phone",
                                 content="电话联系代表，了解诉求。")
        elif state == Status.HANDLING:
            services.assignment_accept(suggestion=s, actor=c["unit_officer"])
        elif state == Status.REPLIED:
            services.reply_submit(
                suggestion=s, actor=c["unit_officer"], result_class="B", text="已列入明年计划。", signer="赵局长",
                contact_person="陈磊", contact_phone="027-88886666",
                commitments=[{"content": "建设立体停车场", "due_date": timezone.localdate() + datetime.timedelta(days=90),
                              "responsible": "规划科"}])
        elif state == Status.REHANDLING:
            services.evaluation_submit(suggestion=s, actor=c["deputy"], attitude="satisfied", result="dissatisfied",
                                       comment="没有具体时间表。")
        elif state == Status.EVALUATED:
            services.evaluation_submit(suggestion=s, actor=c["deputy"], attitude="satisfied", result="satisfied")
        elif state == Status.CLOSED:
            services.suggestion_close(suggestion=s, actor=staff)
        s = Suggestion.objects.get(pk=s.pk)
        assert s.status == state
        return s


@pytest.fixture
def third_deputy_user(db):
    return factories.DeputyUserFactory(username="deputy3", real_name="孙丽", deputy__name="孙丽")


@pytest.fixture
def build(cast, unit, other_unit):
    return Builder(cast, unit, other_unit)
