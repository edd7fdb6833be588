"""Importing the deputies register from Excel (all or nothing; see core.xlsx_import)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_portal.core.validators import validate_id_number, validate_mobile
from congress_portal.core.xlsx_import import Column, SheetImporter, choice_parser  # noqa: F401 (imported from here too)
from congress_portal.organization.models import Term

from .models import Deputy, DeputyGroup, LiaisonStation


class DeputyImporter(SheetImporter):
    title = gettext_lazy("deputies")
    columns = [
        Column("name", ("姓名", "Name"), required=True),
        Column("gender", ("性别", "Gender"), parse=choice_parser(Deputy.Gender)),
        Column("id_number", ("身份证号", "ID number"), parse=validate_id_number),
        Column("mobile", ("手机", "Mobile"), parse=validate_mobile),
        Column("level", ("代表层级", "Level"), required=True, parse=choice_parser(Deputy.Level)),
        Column("group", ("代表小组", "Group")),
        Column("constituency", ("选区", "Constituency")),
        Column("professional_group", ("专业代表小组", "Professional group")),
        Column("station", ("联络站", "Liaison station")),
        Column("occupation", ("工作单位及职务", "Work unit and post")),
        Column("party", ("政治面貌", "Political affiliation")),
        Column("status", ("状态", "Status"), parse=choice_parser(Deputy.Status)),
    ]

    def __init__(self):
        super().__init__()
        self.groups = {g.name: g for g in DeputyGroup.objects.all()}
        self.stations = {s.name: s for s in LiaisonStation.objects.all()}
        self.seen_ids = {}
        self.term = Term.current()

    def check_row(self, number, values):
        for key, kind in (("group", DeputyGroup.Kind.STREET), ("professional_group", DeputyGroup.Kind.PROFESSIONAL)):
            name = values.get(key)
            if name:
                group = self.groups.get(name)
                if group is None or group.kind != kind:
                    self.error(number, key, _("No deputy group of this kind is called “%(name)s”.") % {"name": name})
                values[key] = group
            else:
                values[key] = None
        name = values.get("station")
        if name:
            values["station"] = self.stations.get(name)
            if values["station"] is None:
                self.error(number, "station", _("No liaison station is called “%(name)s”.") % {"name": name})
        else:
            values["station"] = None
        id_number = values.get("id_number")
        if id_number:
            if id_number in self.seen_ids:
                self.error(number, "id_number", _("The same ID number is on row %(row)s.") % {"row": self.seen_ids[id_number]})
            else:
                self.seen_ids[id_number] = number
        return values

    def finish_checks(self):
        """Database checks that need every row's ID number at once (one query)."""
        existing = set(Deputy.objects.filter(id_number__in=list(self.seen_ids)).values_list("id_number", flat=True))
        for id_number in sorted(existing):
            self.error(self.seen_ids[id_number], "id_number", _("A deputy with this ID number is already registered."))

    def create(self, rows):
        deputies = [
            Deputy(
                name=row["name"], gender=row["gender"] or "", id_number=row["id_number"], mobile=row["mobile"] or "",
                level=row["level"], term=self.term if row["level"] == Deputy.Level.DISTRICT else None,
                group=row["group"], professional_group=row["professional_group"],
                constituency=row["constituency"] or "", station=row["station"], occupation=row["occupation"] or "",
                party=row["party"] or "", status=row["status"] or Deputy.Status.SERVING,
            )
            for row in rows
        ]
        Deputy.objects.bulk_create(deputies)
        return len(deputies)
