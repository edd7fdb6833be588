"""How the district and its bodies are named on official documents (红头, 落款, 文号).

The district is a setting (PORTAL_DISTRICT, e.g. 武昌区): the portal's unit names are written as
staff say them (区住房和城市更新局), but a letter's red header and signature carry the full name
(武昌区住房和城市更新局), as GB/T 9704 requires of an issuing body's name.
"""

from django.conf import settings
from django.utils.translation import pgettext

DISTRICT_SUFFIXES = ("区", "县", "市", "旗")


def district_name():
    """The district's full name (setting PORTAL_DISTRICT), e.g. 武昌区; empty when not set."""
    return (getattr(settings, "PORTAL_DISTRICT", "") or "").strip()


def district_short():
    """The district without its 区/县 suffix (武昌), as document numbers abbreviate it."""
    name = district_name()
    return name[:-1] if len(name) > 2 and name.endswith(DISTRICT_SUFFIXES) else name


def congress_name():
    """The issuing body's name: setting CONGRESS_NAME, else the district's standing committee."""
    name = getattr(settings, "CONGRESS_NAME", "")
    if name:
        return name
    district = district_name()
    if district:
        return pgettext("issuing body", "%(district)s People's Congress Standing Committee") % {"district": district}
    return pgettext("issuing body", "People's Congress Standing Committee")


def full_unit_name(name, *, street=False):
    """A unit's name as an issuing body: 区住房和城市更新局 -> 武昌区住房和城市更新局, a street office
    积玉桥街道办事处 -> 武昌区积玉桥街道办事处; a name that already says where it is stays as it is
    (市公安局武昌区分局)."""
    district = district_name()
    if not district or district in name or district_short() in name:
        return name
    suffix = district[-1]
    if name.startswith(suffix):
        return district + name[len(suffix):]
    if street:
        return district + name
    return name


def short_prefix(short_name):
    """A unit's short name as its letters' number prefix: 区住更局 -> 武昌住更局."""
    district = district_name()
    if district and short_name.startswith(district[-1]) and not short_name.startswith(district):
        return district_short() + short_name[1:]
    return short_name
