from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from congress_portal.core import workbench

from .models import Role

TEMPLATES = {
    Role.STAFF: "workbench/staff.html",
    Role.LEADER: "workbench/leader.html",
    Role.DEPUTY: "workbench/deputy.html",
    Role.UNIT_OFFICER: "workbench/unit.html",
}


@login_required
def home(request):
    """Each role's workbench: what this person has to do now."""
    user = request.user
    role = user.role or (Role.STAFF if user.is_superuser else "")
    template = TEMPLATES.get(role)
    if template is None:
        return render(request, "workbench/no_role.html", status=403)
    return render(request, template, {"cards": workbench.cards_for(user), "role": role})
