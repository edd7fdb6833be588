"""A committee of members with accounts, a meeting, and polls: what the meetings tests build on."""

import datetime

from congress_portal.meetings import services
from congress_portal.meetings.models import AgendaItem, Attendance, Poll, StandingCommitteeMeeting
from congress_portal.organization.models import CommitteeMember
from tests import factories


def committee(size=25):
    """`size` members in office (the first the chair), each with an account; returns (term, [users])."""
    term = factories.TermFactory()
    users = []
    for i in range(size):
        post = CommitteeMember.Post.CHAIR if i == 0 else CommitteeMember.Post.MEMBER
        member = factories.CommitteeMemberFactory(term=term, name=f"委员{i:02d}", post=post, sort_order=i)
        users.append(factories.LeaderFactory(username=f"m{i:02d}", real_name=member.name, committee_member=member))
    return term, users


def meeting(term, number=12):
    m = StandingCommitteeMeeting.objects.create(term=term, number=number, date=datetime.date(2026, 12, 2),
                                                place="区人大常委会第一会议室")
    AgendaItem.objects.create(meeting=m, order=1, title="听取和审议区政府关于老旧小区改造工作情况的报告")
    return m


def sign_in(meeting, users, staff, status=Attendance.Status.PRESENT, reason=""):
    for u in users:
        services.attendance_record(forum=meeting, user=u, status=status, actor=staff, reason=reason)


def open_satisfaction(meeting, staff, present_users):
    sign_in(meeting, present_users, staff)
    poll = services.poll_create(forum=meeting, title="对区政府老旧小区改造工作的满意度测评",
                                kind=Poll.Kind.SATISFACTION, actor=staff, agenda_item=meeting.agenda_items.first())
    return services.poll_open(poll=poll, actor=staff)


def option(poll, code, subject=""):
    return poll.options.get(code=code, subject=subject).pk
