from django.contrib.contenttypes.models import ContentType

from .models import AuditLog


def audit_record(obj, action, *, actor=None, from_state="", to_state="", comment="", **data):
    """Append one audit row for `obj`. Call inside the transaction of the change it records."""
    return AuditLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        comment=comment or "",
        data=data,
    )


def audit_history(obj):
    """The audit rows of `obj`, oldest first, with their actors."""
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return (
        AuditLog.objects.filter(content_type=ct, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("created_at", "id")
    )
