"""Demo: the sweep as of the anchor day, so the bell already shows what is coming up, due and overdue.

Runs after every app that stores deadlines. The named demo accounts get example e-mail addresses
(and the unit account SMS), so a worker (make run with REDIS_URL) shows the e-mails on the console
and the SMS in the log within a minute; the notification centre is filled at once.
"""

ORDER = 900

DEMO_ACCOUNTS = ("staff", "leader", "chair", "deputy", "deputy2", "unit", "unit2")


def seed(ctx):
    from congress_portal.accounts.models import User

    from . import services
    from .models import Mode, Preference

    users = list(User.objects.filter(username__in=DEMO_ACCOUNTS, email=""))
    for user in users:
        user.email = f"{user.username}@rd.example.gov.cn"
    User.objects.bulk_update(users, ["email"])
    unit = User.objects.filter(username="unit").exclude(mobile="").first()
    if unit is not None:
        Preference.objects.update_or_create(user=unit, defaults={"sms": Mode.IMMEDIATE})
    planned = services.plan(ctx.today)
    in_app = services.deliver_in_app()
    ctx.log(f"  reminders as of {ctx.today}: {len(planned)} deliveries planned, {in_app} in the portal")
