"""Who may do what, as functions. Views, the admin, tasks and services all ask these.

A user who may not see an object gets 404; one who may see but not act gets 403 (CONVENTIONS 4).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from .models import Role


def is_staff_member(user):
    return bool(user.is_authenticated and user.is_active and (user.role == Role.STAFF or user.is_superuser))


def is_leader(user):
    return bool(user.is_authenticated and user.is_active and user.role == Role.LEADER)


def is_deputy(user):
    return bool(user.is_authenticated and user.is_active and user.role == Role.DEPUTY and user.deputy_id)


def is_unit_officer(user):
    return bool(user.is_authenticated and user.is_active and user.role == Role.UNIT_OFFICER and user.unit_id)


ROLE_CHECKS = {
    Role.STAFF: is_staff_member,
    Role.LEADER: is_leader,
    Role.DEPUTY: is_deputy,
    Role.UNIT_OFFICER: is_unit_officer,
}


def has_role(user, *roles):
    return any(ROLE_CHECKS[role](user) for role in roles)


def role_required(*roles):
    """View decorator: anonymous users go to the login page; logged-in users of other roles get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# The accounts committee staff keep (DOMAIN: staff register deputies and handling units' officers).
# Staff, leaders and superusers are kept by superusers only: nobody manages an account above their own.
MANAGED_ROLES = (Role.DEPUTY, Role.UNIT_OFFICER)
# What only a superuser may see or set on an account: each of them opens the whole administration.
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


def users_managed_by(actor, queryset):
    """The accounts of `queryset` that `actor` may see and change in the user admin."""
    if actor.is_active and actor.is_superuser:
        return queryset
    if not is_staff_member(actor):
        return queryset.none()
    return queryset.filter(role__in=MANAGED_ROLES, is_staff=False, is_superuser=False)


def can_manage_user(actor, user):
    """`actor` may change `user` (the account's fields, its password, its deletion)."""
    if actor.is_active and actor.is_superuser:
        return True
    return bool(is_staff_member(actor) and user.role in MANAGED_ROLES and not user.is_staff
                and not user.is_superuser)
