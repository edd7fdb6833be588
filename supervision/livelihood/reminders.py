"""The quarterly progress report of a chosen project (DOMAIN §9: livelihood progress report, quarterly), for
the notifications sweep: the responsible unit before and on the day; committee staff once overdue; the
chairs' meeting when long overdue (escalation). Reads ChosenProject.next_report_due, which every report
moves one period on (DeadlineSetting livelihood_progress)."""

from django.urls import reverse

from congress_portal.core.deadlines import DEFAULTS_BY_CODE
from congress_portal.notifications import registry

from .models import ChosenProject


class ProgressReportDeadline(registry.DeadlineKind):
    code = "livelihood_progress"
    label = DEFAULTS_BY_CODE["livelihood_progress"].name
    setting_code = "livelihood_progress"

    def reminders(self, sweep):
        projects = list(ChosenProject.objects.filter(
            next_report_due__isnull=False, next_report_due__lte=sweep.horizon(self), progress__lt=100,
            evaluated_at__isnull=True).select_related("candidate__solicitation")
            .only("pk", "next_report_due", "candidate__title", "candidate__unit_id",
                  "candidate__solicitation__year"))
        due = [(p, sweep.milestone(self, p.next_report_due)) for p in projects]
        due = [(p, m) for p, m in due if m]
        if not due:
            return
        officers = sweep.unit_officer_ids({p.candidate.unit_id for p, _m in due})
        for project, milestone in due:
            recipients = sweep.recipients_for(milestone, before=officers.get(project.candidate.unit_id, ()),
                                              overdue=sweep.staff_ids(), escalate=sweep.chairs_ids())
            yield sweep.reminder(self, project, project.next_report_due, milestone, recipients,
                                 subject=f"{project.candidate.solicitation.year} {project.candidate.title}",
                                 url=reverse("livelihood:report", args=[project.pk]))


def register():
    registry.register(ProgressReportDeadline())
