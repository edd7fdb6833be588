"""Importing handling units and their officers from Excel (all or nothing)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_portal.core.validators import validate_mobile
from congress_portal.core.xlsx_import import Column, SheetImporter, choice_parser

from .models import HandlingUnit


class HandlingUnitImporter(SheetImporter):
    title = gettext_lazy("handling units")
    columns = [
        Column("code", ("单位编码", "Code"), required=True),
        Column("name", ("单位名称", "Name"), required=True),
        Column("short_name", ("简称", "Short name")),
        Column("kind", ("类别", "Kind"), parse=choice_parser(HandlingUnit.Kind)),
        Column("contact_person", ("联系人", "Contact person")),
        Column("contact_phone", ("联系电话", "Contact phone")),
    ]

    def __init__(self):
        super().__init__()
        self.seen = {"code": {}, "name": {}}

    def check_row(self, number, values):
        for key in ("code", "name"):
            value = values.get(key)
            if value and value in self.seen[key]:
                self.error(number, key, _("The same value is on row %(row)s.") % {"row": self.seen[key][value]})
            elif value:
                self.seen[key][value] = number
        return values

    def finish_checks(self):
        for key in ("code", "name"):
            taken = HandlingUnit.objects.filter(**{f"{key}__in": list(self.seen[key])}).values_list(key, flat=True)
            for value in taken:
                self.error(self.seen[key][value], key, _("A handling unit with this value already exists."))

    def create(self, rows):
        units = [
            HandlingUnit(code=r["code"], name=r["name"], short_name=r["short_name"] or "",
                         kind=r["kind"] or HandlingUnit.Kind.GOVERNMENT, contact_person=r["contact_person"] or "",
                         contact_phone=r["contact_phone"] or "")
            for r in rows
        ]
        HandlingUnit.objects.bulk_create(units)
        return len(units)


class UnitOfficerImporter(SheetImporter):
    """Creates unit officers' accounts without a usable password: staff set or reset it afterwards."""

    title = gettext_lazy("unit officers")
    columns = [
        Column("username", ("登录名", "User name"), required=True),
        Column("real_name", ("姓名", "Name"), required=True),
        Column("mobile", ("手机", "Mobile"), parse=validate_mobile),
        Column("unit", ("所属单位", "Unit"), required=True),
    ]

    def __init__(self):
        super().__init__()
        self.units = {}
        for unit in HandlingUnit.objects.all():
            self.units[unit.name] = unit
            self.units[unit.code] = unit
            if unit.short_name:
                self.units.setdefault(unit.short_name, unit)
        self.usernames = {}

    def check_row(self, number, values):
        unit = values.get("unit")
        if unit:
            values["unit"] = self.units.get(unit)
            if values["unit"] is None:
                self.error(number, "unit", _("No handling unit is called “%(name)s”.") % {"name": unit})
        username = values.get("username")
        if username:
            if username in self.usernames:
                self.error(number, "username", _("The same value is on row %(row)s.") % {"row": self.usernames[username]})
            else:
                self.usernames[username] = number
        return values

    def finish_checks(self):
        User = get_user_model()
        for username in User.objects.filter(username__in=list(self.usernames)).values_list("username", flat=True):
            self.error(self.usernames[username], "username", _("This user name is taken."))

    def create(self, rows):
        User = get_user_model()
        users = []
        for r in rows:
            user = User(username=r["username"], real_name=r["real_name"], mobile=r["mobile"] or "",
                        role="unit_officer", unit=r["unit"])
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users)
        return len(users)
