"""The voting rules' parameters (DOMAIN §4, §5.2, §6.5), each with its legal source.

Defaults live here once; a data migration seeds the table and staff edit it afterwards. Code reads
`vote_setting(code)`, never a constant.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Default:
    code: str
    name: str
    value: str
    source: str


TIE_RUNOFF = "runoff"
TIE_STAFF_ORDER = "staff_order"
# The stored codes of the approval_tie setting, and the names staff read and choose from.
TIE_CHOICES = [(TIE_RUNOFF, _("A run-off among the tied")), (TIE_STAFF_ORDER, _("The order staff set"))]

DEFAULTS = [
    Default("committee_quorum", _("Quorum of a standing committee meeting (more than this share of all members)"),
            "1/2", "地方组织法第51条：常委会会议须有常委会全体组成人员过半数出席，始得举行"),
    Default("plenary_quorum", _("Quorum of a plenary session (at least this share of its deputies)"),
            "2/3", "地方组织法第18条：代表大会会议须有三分之二以上的代表出席，始得举行"),
    Default("pass_share", _("A motion passes with more than this share of all members"),
            "1/2", "地方组织法第51条：以常委会全体组成人员的过半数通过"),
    Default("satisfaction_share", _("Satisfaction vote: share of all members needed for 满意 or 基本满意"),
            "1/2", "镇海区人大常委会满意度测评办法：满意票达全体组成人员半数为满意，满意与基本满意票合计达半数为基本满意"),
    Default("approval_tie", _("Approval vote: how ties at the cut are decided"),
            TIE_RUNOFF, "民生实事项目人大代表票决制实施办法：末位同票的，在同票项目中另行表决"),
]

DEFAULTS_BY_CODE = {d.code: d for d in DEFAULTS}


def vote_setting(code):
    """The current value of `code` (the table's row, or the built-in default when the row is missing)."""
    from .models import VoteSetting

    value = VoteSetting.objects.filter(code=code).values_list("value", flat=True).first()
    return value if value is not None else DEFAULTS_BY_CODE[code].value


def share(code):
    """A setting that is a share of a base, as an exact fraction ("2/3")."""
    return Fraction(vote_setting(code).replace(" ", ""))


def load_defaults(model):
    for d in DEFAULTS:
        model.objects.get_or_create(code=d.code, defaults={"value": d.value, "source": d.source})
