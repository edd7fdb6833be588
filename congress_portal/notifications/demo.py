"""Demo: the sweep as of the anchor day, so the bell already shows what is coming up, due and overdue.

Runs after every app that stores deadlines. E-mail and SMS stay waiting for a worker (make run with
REDIS_URL starts one; the retry task sends them), the notification centre is filled at once.
"""

ORDER = 900


def seed(ctx):
    from . import services

    planned = services.plan(ctx.today)
    in_app = services.deliver_in_app()
    ctx.log(f"  reminders as of {ctx.today}: {len(planned)} deliveries planned, {in_app} in the portal")
