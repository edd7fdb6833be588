"""Pages of the meetings engine: the member's meeting page and phone ballot, the staff's live progress
and controls, the result page, the big screen and the result PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress_portal.accounts.models import User
from congress_portal.accounts.permissions import is_staff_member
from congress_portal.core.forms import served

from . import selectors, services
from .forms import AnnulForm, PaperForm
from .models import AgendaDocument, AgendaItem, Attendance, Participation, Poll, RollEntry
from .outcome import describe, result_rows, signer_of


def _staff_only(request):
    if not is_staff_member(request.user):
        raise PermissionDenied


def _poll_for(user, pk):
    """A poll of a meeting the user may see (staff: any); others get 404."""
    poll = get_object_or_404(Poll.objects.select_related("meeting__term", "session__term", "agenda_item"), pk=pk)
    if is_staff_member(user):
        return poll
    if poll.meeting_id and selectors.meetings_for(user).filter(pk=poll.meeting_id).exists():
        return poll
    if RollEntry.objects.filter(poll=poll, user=user).exists():
        return poll
    raise Http404


@login_required
def meeting_page(request, pk):
    """A meeting's agenda with its documents, the member's own sign-in, and the votes."""
    meeting = get_object_or_404(selectors.meetings_for(request.user), pk=pk)
    items = (AgendaItem.objects.filter(meeting=meeting)
             .prefetch_related(Prefetch("documents", queryset=AgendaDocument.objects.order_by("id"))))
    mine = Attendance.objects.filter(meeting=meeting, user=request.user).first()
    polls = list(Poll.objects.filter(meeting=meeting).exclude(state=Poll.State.DRAFT).order_by("id"))
    voted = set(Participation.objects.filter(poll__in=polls, user=request.user).values_list("poll_id", flat=True))
    staff = is_staff_member(request.user)
    context = {"meeting": meeting, "items": items, "mine": mine, "polls": polls, "voted": voted, "staff": staff,
               "is_member": request.user.committee_member_id is not None, "quorum": services.quorum_of(meeting)}
    if staff:
        context["attendance"] = Attendance.objects.filter(meeting=meeting).select_related("user")
        context["draft_polls"] = Poll.objects.filter(meeting=meeting, state=Poll.State.DRAFT).order_by("id")
    return render(request, "meetings/meeting.html", context)


@login_required
def document(request, pk):
    """A meeting document, to those who may see its meeting, always as a download (uploads are never
    served as pages)."""
    from django.http import FileResponse

    doc = get_object_or_404(AgendaDocument.objects.select_related("item__session"), pk=pk)
    item = doc.item
    if item.meeting_id:
        allowed = selectors.meetings_for(request.user).filter(pk=item.meeting_id).exists()
    else:
        allowed = is_staff_member(request.user) or request.user.pk in services.forum_voters(item.session)
    if not allowed:
        raise Http404
    name = doc.title + "." + doc.file.name.rsplit(".", 1)[-1] if "." in doc.file.name else doc.title
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def sign_in(request, pk):
    """A member signs themself in at the door, on their phone."""
    meeting = get_object_or_404(selectors.meetings_for(request.user), pk=pk)
    try:
        services.attendance_record(forum=meeting, user=request.user, status=Attendance.Status.PRESENT,
                                   actor=request.user, method=Attendance.Method.PHONE)
    except services.VoteError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("You are signed in."))
    return redirect("meetings:meeting", pk=meeting.pk)


def _chosen(request):
    """The ticked options: `choice` (checkboxes, the confirm step's hidden fields) and `choice_N` (one radio
    group per nominee)."""
    return [v for key in request.POST if key == "choice" or key.startswith("choice_")
            for v in request.POST.getlist(key)]


@login_required
def ballot(request, pk):
    """The phone ballot: choose (one tap per choice), confirm, cast. After casting there is no way back."""
    poll = _poll_for(request.user, pk)
    options = list(poll.options.all())
    if Participation.objects.filter(poll=poll, user=request.user).exists():
        return redirect("meetings:receipt", pk=poll.pk)
    context = {"poll": poll, "subjects": poll.subjects(), "error": ""}
    on_roll = RollEntry.objects.filter(poll=poll, user=request.user).exists()
    if poll.state != Poll.State.OPEN or not on_roll:
        try:
            services.refuse_unless_open(poll)
        except services.VoteError as exc:
            context["error"] = str(exc)
        else:
            context["error"] = services.not_on_roll_message()
        return render(request, "meetings/ballot.html", context, status=200 if on_roll else 403)
    context["can_vote"] = True
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "cast":
                services.poll_cast(poll=poll, voter=request.user, option_ids=_chosen(request))
                return redirect("meetings:receipt", pk=poll.pk)
            chosen = services.validate_choices(poll, _chosen(request))
        except services.VoteError as exc:
            context["error"] = str(exc)
            context["selected"] = {str(x) for x in _chosen(request)}
            if step == "cast" and Participation.objects.filter(poll=poll, user=request.user).exists():
                messages.error(request, str(exc))
                return redirect("meetings:receipt", pk=poll.pk)
            return render(request, "meetings/ballot.html", context)
        by_pk = {o.pk: o for o in options}
        context["confirm"] = [by_pk[pk] for pk in chosen]
        return render(request, "meetings/ballot_confirm.html", context)
    return render(request, "meetings/ballot.html", context)


@login_required
def receipt(request, pk):
    poll = _poll_for(request.user, pk)
    if not Participation.objects.filter(poll=poll, user=request.user).exists():
        return redirect("meetings:ballot", pk=poll.pk)
    return render(request, "meetings/receipt.html", {"poll": poll})


@login_required
def progress(request, pk):
    """Staff: voted / on the roll while the poll is open, and the poll's moves."""
    _staff_only(request)
    poll = _poll_for(request.user, pk)
    on_roll = RollEntry.objects.filter(poll=poll)
    voted = Participation.objects.filter(poll=poll).values("user_id")
    context = {
        "poll": poll, "progress": selectors.progress(poll), "annul_form": AnnulForm(),
        "not_voted": User.objects.filter(pk__in=on_roll.values("user_id")).exclude(pk__in=voted)
        .order_by("committee_member__sort_order", "id"),
        "quorum": services.quorum_of(poll.forum) if poll.state == Poll.State.DRAFT else None,
    }
    return render(request, "meetings/progress.html", context)


@login_required
def progress_json(request, pk):
    """The counts the progress page and the big screen refresh themselves with (staff only: no names)."""
    _staff_only(request)
    poll = _poll_for(request.user, pk)
    return JsonResponse(selectors.progress(poll))


@login_required
@require_POST
def poll_move(request, pk, move):
    """Staff moves: open, close, publish, annul, run-off; each a service, refused in Chinese."""
    _staff_only(request)
    poll = _poll_for(request.user, pk)
    try:
        if move == "open":
            services.poll_open(poll=poll, actor=request.user)
            messages.success(request, _("The vote is open."))
        elif move == "close":
            services.poll_close(poll=poll, actor=request.user)
            messages.success(request, _("The vote is closed and counted."))
            return redirect("meetings:result", pk=poll.pk)
        elif move == "publish":
            services.poll_publish(poll=poll, actor=request.user)
            messages.success(request, _("The result is published."))
            return redirect("meetings:result", pk=poll.pk)
        elif move == "annul":
            form = AnnulForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the reason for annulling the vote."))
            else:
                services.poll_annul(poll=poll, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("The vote is annulled."))
        elif move == "runoff":
            runoff = services.poll_create_runoff(poll=poll, actor=request.user)
            messages.success(request, _("A draft run-off was created."))
            return redirect("meetings:progress", pk=runoff.pk)
        else:
            raise Http404
    except (services.VoteError, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    return redirect("meetings:progress", pk=poll.pk)


@login_required
def paper(request, pk):
    """Staff: who votes on paper, and the paper ballots' counted totals (they must reconcile)."""
    _staff_only(request)
    poll = _poll_for(request.user, pk)
    form = PaperForm(request.POST or None, poll=poll)
    if request.method == "POST" and served(form, lambda: _record_paper(request, poll, form),
                                           refusals=(services.VoteError,)):
        messages.success(request, _("The paper ballots are recorded."))
        return redirect("meetings:progress", pk=poll.pk)
    return render(request, "meetings/paper.html", {"poll": poll, "form": form,
                                                   "progress": selectors.progress(poll)})


@transaction.atomic  # the paper voters and the totals are kept together or not at all
def _record_paper(request, poll, form):
    data = form.cleaned_data
    if data["voters"]:
        services.poll_mark_paper_voters(poll=poll, voters=data["voters"], actor=request.user)
    if data["issued"] is not None:
        services.poll_enter_paper_tally(poll=poll, actor=request.user, issued=data["issued"], valid=data["valid"],
                                        invalid=data["invalid"], not_returned=data["not_returned"],
                                        counts=form.counts())


def _result_context(request, pk):
    poll = _poll_for(request.user, pk)
    visible = {Poll.State.CLOSED, Poll.State.PUBLISHED} if is_staff_member(request.user) else {Poll.State.PUBLISHED}
    if poll.state not in visible:
        raise Http404
    result = poll.result
    return {"poll": poll, "result": result, "rows": result_rows(poll, result), "outcome": describe(poll, result)}


@login_required
def result(request, pk):
    return render(request, "meetings/result.html", _result_context(request, pk))


@login_required
def screen(request, pk):
    """The meeting room's big screen: progress while open, the result once closed; refreshes itself."""
    _staff_only(request)
    poll = _poll_for(request.user, pk)
    context = {"poll": poll, "progress": selectors.progress(poll)}
    if poll.state in (Poll.State.CLOSED, Poll.State.PUBLISHED):
        context.update(_result_context(request, pk))
    return render(request, "meetings/screen.html", context)


@login_required
def result_pdf(request, pk):
    """表决结果 as PDF, signed by the chair."""
    from congress_portal.reports.pdf import pdf_response, render_pdf

    context = _result_context(request, pk)
    context["signer"] = signer_of(context["poll"])
    data = render_pdf("meetings/pdf/result.html", context)
    return pdf_response(data, _("Voting result %(number)s.pdf") % {"number": pk})


@login_required
def attendance(request, pk):
    """Staff record who is present, absent or on leave (with the reason), all members on one form."""
    _staff_only(request)
    meeting = get_object_or_404(selectors.meetings_for(request.user), pk=pk)
    members = list(User.objects.filter(pk__in=services.forum_voters(meeting))
                   .select_related("committee_member").order_by("committee_member__sort_order", "id"))
    current = {a.user_id: a for a in Attendance.objects.filter(meeting=meeting)}
    rows, errors = [], {}
    for member in members:
        a = current.get(member.pk)
        rows.append({"user": member, "status": a.status if a else "", "reason": a.reason if a else "",
                     "method": a.get_method_display() if a else ""})
    if request.method == "POST":
        for row in rows:
            row["status"] = request.POST.get(f"status_{row['user'].pk}", "")
            row["reason"] = request.POST.get(f"reason_{row['user'].pk}", "").strip()
        try:
            with transaction.atomic():  # all rows or none
                for row in rows:
                    if row["status"] not in Attendance.Status.values:
                        continue
                    try:
                        services.attendance_record(forum=meeting, user=row["user"], status=row["status"],
                                                   reason=row["reason"], actor=request.user)
                    except ValidationError as exc:
                        errors[row["user"].pk] = " ".join(exc.messages)
                if errors:
                    raise ValidationError("rollback")
        except ValidationError:
            for row in rows:
                row["error"] = errors.get(row["user"].pk, "")
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/attendance.html", {
        "meeting": meeting, "rows": rows, "statuses": Attendance.Status.choices, "has_errors": bool(errors),
        "without_account": services.members_without_account(meeting)})
