import datetime
from decimal import Decimal

from congress_portal.organization.models import Session
from supervision.livelihood import services
from supervision.livelihood.models import Solicitation
from tests import factories

YEAR = 2027


def open_solicitation(today, *, places=2, year=YEAR):
    """A solicitation open today, for the shortest period the setting allows."""
    return Solicitation.objects.create(year=year, opens_on=today - datetime.timedelta(days=5),
                                       closes_on=today + datetime.timedelta(days=25), places=places)


def closed_solicitation(today, *, places=2, year=YEAR):
    return Solicitation.objects.create(year=year, opens_on=today - datetime.timedelta(days=60),
                                       closes_on=today - datetime.timedelta(days=1), places=places)


def add_candidates(solicitation, staff, unit, titles):
    return [services.candidate_create(
        solicitation=solicitation, actor=staff, title=title, description=f"{title}的建设内容", budget=Decimal("120.50"),
        unit=unit, expected_completion=datetime.date(solicitation.year, 12, 31)) for title in titles]


def plenary_session(term, deputies_count):
    session = Session.objects.create(term=term, number=1, name="第一次会议", start_date=datetime.date(2027, 1, 10),
                                     end_date=datetime.date(2027, 1, 12))
    deputies = [factories.DeputyUserFactory(username=f"lv-dp{i}", deputy__term=term) for i in range(deputies_count)]
    return session, deputies
