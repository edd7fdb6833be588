from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress_portal.accounts import permissions
from congress_portal.accounts.permissions import role_required
from congress_portal.core.numbers import param_int
from congress_portal.core.files import private_file_response

from .. import selectors, services, workflow
from ..forms import SupervisionForm
from ..models import Attachment

STAFF_MOVES = {"register", "return", "to_reference", "merge", "convert_motion", "assign", "decide_reassign",
               "decide_extension", "urge", "mark_key", "score", "close", "publish"}
POST_MOVES = {"submit": "suggestion_submit", "withdraw": "suggestion_withdraw", "accept": "assignment_accept"}
PAGE_MOVES = {"edit": "proposals:edit", "invite_cosigner": "proposals:edit", "request_reassign": "proposals:reassign",
              "request_extension": "proposals:extension", "log_contact": "proposals:contact",
              "co_opinion": "proposals:co_opinion", "reply": "proposals:reply", "supervise": "proposals:supervise"}


def get_visible(request, pk):
    """The suggestion if the user may see it, else 404."""
    return selectors.get_suggestion_for(request.user, pk)


def require_move(request, suggestion, move):
    """403 unless the table lets this user make `move` now; returns their relations."""
    rels = workflow.relations(suggestion, request.user)
    if workflow.check(move, suggestion, rels) is not None:
        raise PermissionDenied(workflow.check(move, suggestion, rels))
    return rels


def run(request, fn, success, **kwargs):
    """Call a service; a refusal becomes an error message. True when it went through."""
    try:
        fn(actor=request.user, **kwargs)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


def buttons(suggestion, user, rels=None):
    """The buttons of the detail page, from workflow.available_actions: (move, url, method)."""
    out = []
    for move in workflow.available_actions(suggestion, user):
        if move.name in STAFF_MOVES or (move.name == "evaluate" and permissions.is_staff_member(user)):
            if not permissions.is_staff_member(user):
                continue
            name = "prereview" if move.name in {"register", "return", "to_reference", "merge",
                                                "convert_motion"} else move.name
            if move.name.startswith("decide_"):
                url = reverse("admin:proposals_suggestion_requests", args=[suggestion.pk])
            else:
                url = reverse("admin:proposals_suggestion_move", args=[suggestion.pk, name])
            if any(b[1] == url for b in out):
                continue
            out.append((move, url, "get"))
        elif move.name in POST_MOVES:
            out.append((move, reverse("proposals:act", args=[suggestion.pk, move.name]), "post"))
        elif move.name == "respond_cosign":
            out.append((move, reverse("proposals:cosign", args=[suggestion.pk]), "cosign"))
        elif move.name == "evaluate":
            out.append((move, reverse("proposals:evaluate", args=[suggestion.pk]), "get"))
        elif move.name in PAGE_MOVES:
            out.append((move, reverse(PAGE_MOVES[move.name], args=[suggestion.pk]), "get"))
    return out


@role_required("staff", "leader", "deputy", "unit_officer")
def detail(request, pk):
    s = get_visible(request, pk)
    user = request.user
    is_unit = permissions.is_unit_officer(user)
    rels = workflow.relations(s, user)
    my_assignment = selectors.unit_assignment(s, user) if is_unit else None
    next_text, next_due = selectors.next_step(s)
    # The deputy's phone, for the contact before replying that the law requires (代表法 art. 50): for
    # the units handling it now and for staff only (it is never on a deputy's or a public page).
    deputy_phone = None
    if my_assignment is not None or permissions.is_staff_member(user):
        from deputies.models import Deputy

        deputy_phone = Deputy.objects.filter(pk=s.lead_deputy_id).values_list("mobile", flat=True).first() or ""
    pending_cosign = None
    if workflow.Rel.COSIGNER in rels:
        pending_cosign = next((c for c in s.cosigners.all() if c.deputy_id == user.deputy_id), None)
    return render(request, "proposals/detail.html", {
        "s": s, "buttons": buttons(s, user), "timeline": selectors.timeline(s, for_unit=is_unit),
        "next_text": next_text, "next_due": next_due, "days_left": selectors.days_left(next_due),
        "my_assignment": my_assignment, "show_ratings": not is_unit, "rels": rels,
        "can_report": workflow.check("report_commitment", s, rels) is None,
        "pending_cosign": pending_cosign,
        "is_deputy_view": permissions.is_deputy(user), "deputy_phone": deputy_phone,
        "letter_links": letter_links(s, user),
    })


@require_POST
@role_required("deputy", "unit_officer", "staff")
def act(request, pk, move):
    """The moves that need no form: submit, withdraw, accept."""
    if move not in POST_MOVES:
        raise Http404
    s = get_visible(request, pk)
    require_move(request, s, move)
    fn = getattr(services, POST_MOVES[move])
    run(request, fn, _("Done: %(move)s.") % {"move": workflow.MOVES[move].label}, suggestion=s,
        version=param_int(request.POST, "version", minimum=0))
    return redirect("proposals:detail", pk=s.pk)


@role_required("staff", "leader", "deputy", "unit_officer")
def attachment_download(request, pk):
    """Attachments are served only here, to users who may see the suggestion, always as a download."""
    attachment = get_object_or_404(Attachment.objects.select_related("suggestion"), pk=pk)
    get_visible(request, attachment.suggestion_id)
    # Behind nginx, nginx sends the bytes (X-Accel-Redirect) once the check above has passed.
    return private_file_response(attachment.file.storage, attachment.file.name, as_attachment=True,
                                 filename=attachment.original_name, content_type=attachment.content_type)


@role_required("staff", "leader")
def supervise(request, pk):
    s = get_visible(request, pk)
    require_move(request, s, "supervise")
    form = SupervisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run(request, services.supervision_record, _("The supervision act is recorded."), suggestion=s,
               **form.cleaned_data):
            return redirect("proposals:detail", pk=s.pk)
    return render(request, "proposals/form.html", {"s": s, "form": form, "title": _("Record a supervision act")})


# Letters list the lead unit first, then units handling separately, then co-units.
ROLE_ORDER = {"lead": 0, "separate": 1, "co": 2}


def letter_links(s, user):
    """[(label, url)]: each letter of `s` that `user` may read (the same rules as the letters' own
    views, proposals.letter_permissions): staff and leaders every notice and reply letter, a
    unit its own notice and replies, the deputies answered their reply letters. Reads only what the
    page has prefetched (assignments, replies)."""
    if s is None:
        return []
    notice_url = reverse("reports:assignment_notice", args=[s.pk])
    reply_url = reverse("reports:reply_letter", args=[s.pk])
    active = sorted((a for a in s.assignments.all() if a.active), key=lambda a: (ROLE_ORDER.get(a.role, 9), a.pk))
    replies = list(s.replies.all())
    links = []
    if permissions.is_staff_member(user) or permissions.is_leader(user):
        if len(active) > 1:
            links.append((_("Assignment notices to all units"), notice_url))
        links += [(_("Assignment notice to %(unit)s") % {"unit": a.unit.name}, f"{notice_url}?unit={a.unit_id}")
                  for a in active]
        rounds = sorted({r.round for r in replies})
    elif permissions.is_unit_officer(user):
        if any(a.unit_id == user.unit_id for a in active):
            links.append((_("Assignment notice to our unit"), notice_url))
        rounds = sorted({r.round for r in replies if r.assignment.unit_id == user.unit_id})
    elif permissions.is_deputy(user) and user.deputy_id and (
            s.lead_deputy_id == user.deputy_id or any(m.lead_deputy_id == user.deputy_id for m in s.merged_items.all())):
        rounds = sorted({r.round for r in replies})
    else:
        rounds = []
    for n in rounds:
        label = _("Reply letter") if len(rounds) == 1 else _("Reply letter, round %(round)s") % {"round": n}
        links.append((label, f"{reply_url}?round={n}"))
    return links
