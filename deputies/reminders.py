"""The deputies' deadline kinds for the reminder sweep (congress_portal/notifications/registry.py),
registered from DeputiesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from congress_portal.core import deadlines
from congress_portal.notifications import registry


class ActivityDay(registry.DeadlineKind):
    """Deputies' unified activity day (DOMAIN §9): serving deputies with accounts, the day before."""

    code = "activity_day"
    label = _("Deputies' activity day")
    setting_code = "activity_day"
    escalate = False

    def next_day(self, at):
        day_of_month = min(max(deadlines.get_setting(self.setting_code).amount, 1), 28)
        this_month = at.replace(day=day_of_month)
        if this_month >= at:
            return this_month
        return deadlines.add_months(at.replace(day=1), 1).replace(day=day_of_month)

    def reminders(self, sweep):
        from congress_portal.accounts.models import Role, User

        from .models import Deputy

        due = self.next_day(sweep.at)
        milestone = sweep.milestone(self, due)
        if not milestone or not milestone.startswith("before:"):
            return
        users = (User.objects.filter(role=Role.DEPUTY, is_active=True, deputy__status=Deputy.Status.SERVING)
                 .select_related("deputy__station").only("id", "deputy__id", "deputy__name", "deputy__station__name"))
        for user in users:
            # The subject shown is where the deputy meets constituents that day.
            place = user.deputy.station.name if user.deputy.station_id else user.deputy.name
            yield sweep.reminder(self, user.deputy, due, milestone, [user.pk], subject=place, url="/")


def register():
    registry.register(ActivityDay())
