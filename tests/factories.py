import datetime

import factory
from django.contrib.auth.hashers import make_password

from congress_portal.accounts.models import Role, User
from congress_portal.organization.models import Committee, CommitteeMember, HandlingUnit, Term
from deputies.models import Deputy, DeputyGroup, LiaisonStation

PASSWORD = "Test@pass-2026"
_PASSWORD_HASH = make_password(PASSWORD)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("number",)

    number = 16
    name = "第十六届"
    start_date = datetime.date(2024, 1, 8)
    is_current = True


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("name",)

    name = "代表工作委员会"
    short_name = "代表工委"
    kind = Committee.Kind.WORKING
    handles_suggestions = True


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"委员{n}")
    post = CommitteeMember.Post.MEMBER


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"区测试局{n}")
    short_name = factory.Sequence(lambda n: f"测试局{n}")


class DeputyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeputyGroup
        django_get_or_create = ("name",)

    name = "积玉桥街代表小组"
    street = "积玉桥街"


class LiaisonStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonStation

    name = factory.Sequence(lambda n: f"积玉桥街社区代表中心联络站{n}")
    street = "积玉桥街"


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    name = factory.Sequence(lambda n: f"代表{n}")
    level = Deputy.Level.DISTRICT
    term = factory.SubFactory(TermFactory)
    group = factory.SubFactory(DeputyGroupFactory)
    station = factory.SubFactory(LiaisonStationFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"用户{n}")
    password = _PASSWORD_HASH


class StaffFactory(UserFactory):
    role = Role.STAFF
    is_staff = True
    office = factory.SubFactory(CommitteeFactory)


class LeaderFactory(UserFactory):
    role = Role.LEADER
    committee_member = factory.SubFactory(CommitteeMemberFactory, post=CommitteeMember.Post.VICE_CHAIR)


class DeputyUserFactory(UserFactory):
    role = Role.DEPUTY
    deputy = factory.SubFactory(DeputyFactory)


class UnitOfficerFactory(UserFactory):
    role = Role.UNIT_OFFICER
    unit = factory.SubFactory(HandlingUnitFactory)
