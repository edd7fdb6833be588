"""Pages of deliberation opinions, rectification, satisfaction votes, special inquiries and the leaders'
supervision dashboard. Who sees what is the selectors'; every write goes through a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from congress_portal.accounts.models import Role
from congress_portal.accounts.permissions import is_staff_member, role_required
from congress_portal.audit.labels import name_rows
from congress_portal.audit.services import audit_history
from congress_portal.core.caching import kept
from congress_portal.core.files import private_file_response
from congress_portal.reports.ledgers import workbook_bytes
from congress_portal.reports.pdf import pdf_response
from supervision.models import Stage, SupervisionItem

from . import forms, selectors, services, workflow
from . import documents
from .documents import opinion_filename, opinion_pdf
from .models import Evidence, Inquiry, InquiryCommitment, Opinion, Question, SatisfactionVote

PAGE = 30
STAFF = (Role.STAFF,)


def _staff_only(request):
    if not is_staff_member(request.user):
        raise PermissionDenied


def _query(request):
    return urlencode({k: v for k, v in request.GET.items() if k != "page" and v not in ("", None)})


def _year(request):
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


# ---- items (staff hub) --------------------------------------------------------------------------------


@require_GET
@role_required(Role.STAFF, Role.LEADER)
def items(request):
    """The year's supervision items, optionally of one stage (the dashboard's drill-down); each row opens the
    item's deliberation page."""
    year, stage = _year(request), request.GET.get("stage") or ""
    if stage and stage not in Stage.values:
        stage = ""
    page = Paginator(selectors.items_of_year(year, stage), PAGE).get_page(request.GET.get("page"))
    return render(request, "deliberation/items.html", {
        "page": page, "year": year, "stage": stage, "stages": Stage.choices, "query": _query(request)})


@role_required(Role.STAFF, Role.LEADER)
def item(request, pk):
    """One item's deliberation work: its opinions, inquiries and satisfaction votes; staff create them here."""
    item = get_object_or_404(SupervisionItem.objects.select_related("committee", "leader", "meeting"), pk=pk)
    staff = is_staff_member(request.user)
    opinion_form, inquiry_form, vote_form = forms.OpinionForm(prefix="op"), forms.InquiryForm(prefix="iq"), \
        forms.VoteForm(prefix="vt", initial={"meeting": item.meeting_id})
    status = 200
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        which = request.POST.get("form")
        try:
            if which == "opinion":
                opinion_form = forms.OpinionForm(request.POST, prefix="op")
                if opinion_form.is_valid():
                    opinion = services.opinion_create(item=item, actor=request.user, **opinion_form.cleaned_data)
                    return redirect("deliberation:opinion", opinion.pk)
            elif which == "inquiry":
                inquiry_form = forms.InquiryForm(request.POST, prefix="iq")
                if inquiry_form.is_valid():
                    inquiry = services.inquiry_create(item=item, actor=request.user, **inquiry_form.cleaned_data)
                    return redirect("deliberation:inquiry", inquiry.pk)
            elif which == "take_vote":
                vote = get_object_or_404(SatisfactionVote, pk=request.POST.get("vote") or 0, item=item,
                                         rectification=None)
                vote = services.vote_take(vote=vote, actor=request.user)
                messages.success(request, _("Result taken: %(verdict)s.") % {"verdict": vote.get_verdict_display()})
                return redirect("deliberation:item", item.pk)
            elif which == "report_vote":
                vote_form = forms.VoteForm(request.POST, prefix="vt")
                if vote_form.is_valid():
                    vote = services.vote_open_on_report(item=item, actor=request.user,
                                                        meeting=vote_form.cleaned_data["meeting"])
                    messages.success(request, _("The satisfaction vote was created; open it on the meeting's page."))
                    return redirect("meetings:progress", vote.poll_id)
        except ValidationError as exc:
            {"opinion": opinion_form, "inquiry": inquiry_form}.get(which, vote_form).add_service_errors(exc)
        except services.DeliberationError as exc:
            messages.error(request, str(exc))
        status = 400
    return render(request, "deliberation/item.html", {
        "item": item, "staff": staff, "opinions": item.deliberation_opinions.order_by("-id"),
        "inquiries": item.inquiries.order_by("-held_on", "-id"),
        "votes": item.satisfaction_votes.select_related("poll", "rectification__issue", "second_round_opinion")
        .order_by("-id"),
        "opinion_form": opinion_form, "inquiry_form": inquiry_form, "vote_form": vote_form}, status=status)


# ---- opinions ----------------------------------------------------------------------------------------


@require_GET
def opinions(request):
    """Opinions the reader may see: all (staff, leaders), those addressed to the unit (its officers), the
    published ones (the public). Search, year filter, paging."""
    qs = selectors.opinions_visible(request.user).select_related("item")
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        qs = qs.filter(title__icontains=q)
    if (request.GET.get("year") or "").isdigit():
        qs = qs.filter(item__year=int(request.GET["year"]))
    page = Paginator(qs.order_by("-issued_on", "-id"), PAGE).get_page(request.GET.get("page"))
    return render(request, "deliberation/opinions.html", {"page": page, "q": q, "query": _query(request),
                                                          "year": request.GET.get("year", "")})


def opinion(request, pk):
    opinion = selectors.opinion_for(request.user, pk)
    staff = is_staff_member(request.user)
    issue_form = forms.IssueForm(item=opinion.item) if staff and opinion.state == Opinion.State.DRAFT else None
    status = 200
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        move = request.POST.get("move")
        try:
            if move == "issue_add":
                issue_form = forms.IssueForm(request.POST, item=opinion.item)
                if issue_form.is_valid():
                    services.issue_add(opinion=opinion, actor=request.user, **issue_form.cleaned_data)
                    return redirect("deliberation:opinion", opinion.pk)
            elif move == "issue":
                services.opinion_issue(opinion=opinion, actor=request.user)
                messages.success(request, _("The opinion was issued and handed over to its target bodies."))
                return redirect("deliberation:opinion", opinion.pk)
            elif move == "publish":
                services.opinion_publish(opinion=opinion, actor=request.user)
                messages.success(request, _("The opinion is published."))
                return redirect("deliberation:opinion", opinion.pk)
        except ValidationError as exc:
            if issue_form is None:
                raise
            issue_form.add_service_errors(exc)
        except services.DeliberationError as exc:
            messages.error(request, str(exc))
        status = 400
    history = None
    if staff:
        history = list(audit_history(opinion))
        name_rows(history)
    return render(request, "deliberation/opinion.html", {
        "opinion": opinion, "staff": staff, "issue_form": issue_form, "history": history,
        "inside": request.user.is_authenticated and (selectors.sees_all(request.user) or
                                                     request.user.role == Role.UNIT_OFFICER),
        "today": timezone.localdate()}, status=status)


@require_GET
def opinion_document(request, pk):
    opinion = selectors.opinion_for(request.user, pk)
    return pdf_response(opinion_pdf(opinion), opinion_filename(opinion))


# ---- rectifications ----------------------------------------------------------------------------------


def _rect_filter(request):
    data = request.GET.copy() if request.GET else {"year": timezone.localdate().year}
    return forms_filter(data, request.user)


def forms_filter(data, user):
    return selectors.RectificationFilter(data, user=user)


@require_GET
@login_required
def rectifications(request):
    if not (selectors.sees_all(request.user) or request.user.role == Role.UNIT_OFFICER):
        raise PermissionDenied
    form = _rect_filter(request)
    qs = form.apply(selectors.rectifications_visible(request.user))
    page = Paginator(selectors.rectification_rows(qs), PAGE).get_page(request.GET.get("page"))
    query = _query(request) or urlencode({"year": timezone.localdate().year})
    return render(request, "deliberation/rectifications.html", {
        "form": form, "page": page, "query": query, "today": timezone.localdate()})


@require_GET
@login_required
def rectifications_ledger(request):
    if not (selectors.sees_all(request.user) or request.user.role == Role.UNIT_OFFICER):
        raise PermissionDenied
    form = _rect_filter(request)
    qs = form.apply(selectors.rectifications_visible(request.user))
    data = workbook_bytes(documents.rectifications_ledger(qs))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + "%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6.xlsx"
    return response


RECT_FORMS = {
    "report_progress": forms.ProgressForm, "add_evidence": forms.EvidenceForm, "submit": forms.SubmitForm,
    "send_back": forms.SendBackForm, "open_vote": forms.VoteForm,
}


@login_required
def rectification(request, pk):
    """A rectification: the issue, the unit's measures, reports and evidence, the votes, the history; the
    buttons are the moves the table allows this reader now."""
    rect = selectors.rectification_for(request.user, pk)
    actions = workflow.available_actions(rect, request.user)
    allowed = {m.name for m in actions}
    bound = {}
    if request.method == "POST":
        move = request.POST.get("move", "")
        if move not in workflow.MOVES:
            raise Http404
        form_class = RECT_FORMS.get(move)
        # Each move's form has its own prefix: several forms on one page, each field id unique.
        form = form_class(request.POST, request.FILES, prefix=move) if form_class else None
        try:
            if form is not None and not form.is_valid():
                raise _Invalid
            data = form.cleaned_data if form is not None else {}
            version = request.POST.get("version")
            if move == "report_progress":
                services.progress_report(rectification=rect, actor=request.user, **data)
            elif move == "add_evidence":
                services.evidence_add(rectification=rect, actor=request.user, upload=data["file"])
            elif move == "submit":
                services.rectification_submit(rectification=rect, actor=request.user, version=version, **data)
            elif move == "accept":
                services.rectification_accept(rectification=rect, actor=request.user, version=version)
            elif move == "send_back":
                services.rectification_send_back(rectification=rect, actor=request.user, version=version, **data)
            elif move == "open_vote":
                vote = services.vote_open_on_rectification(rectification=rect, actor=request.user, version=version,
                                                           meeting=data["meeting"])
                messages.success(request, _("The satisfaction vote was created; open it on the meeting's page."))
                return redirect("meetings:progress", vote.poll_id)
            elif move == "take_vote":
                vote = rect.votes.filter(taken_at__isnull=True).first()
                if vote is None:
                    raise services.DeliberationError(_("There is no vote waiting for its result."))
                vote = services.vote_take(vote=vote, actor=request.user)
                messages.success(request, _("Result taken: %(verdict)s.") % {"verdict": vote.get_verdict_display()})
            elif move == "close":
                services.rectification_close(rectification=rect, actor=request.user, version=version)
            return redirect("deliberation:rectification", rect.pk)
        except _Invalid:
            bound[move] = form
        except ValidationError as exc:
            if form is None:
                messages.error(request, " ".join(exc.messages))
            else:
                form.add_service_errors(exc)
                bound[move] = form
        except services.DeliberationError as exc:
            messages.error(request, str(exc))
        rect = selectors.rectification_for(request.user, pk)
        actions = workflow.available_actions(rect, request.user)
        allowed = {m.name for m in actions}
    action_forms = []
    for move in actions:
        form_class = RECT_FORMS.get(move.name)
        form = bound.get(move.name)
        if form is None and form_class is not None:
            initial = {"measures": rect.measures} if move.name in ("report_progress", "submit") else {}
            if move.name == "open_vote":
                initial = {"meeting": rect.issue.opinion.item.meeting_id}
            form = form_class(initial=initial, prefix=move.name)
        action_forms.append((move, form))
    history = list(audit_history(rect))
    name_rows(history)
    waiting = next((v for v in rect.votes.all() if v.taken_at is None), None)
    return render(request, "deliberation/rectification.html", {
        "rect": rect, "actions": action_forms, "allowed": allowed, "history": history, "waiting_vote": waiting,
        "today": timezone.localdate()}, status=400 if bound or request.method == "POST" else 200)


class _Invalid(Exception):
    pass


@require_GET
@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("rectification"), pk=pk)
    selectors.rectification_for(request.user, evidence.rectification_id)  # 404 unless the reader may see it
    return private_file_response(evidence.file.storage, evidence.file.name, as_attachment=True,
                                 filename=evidence.original_name, content_type=evidence.content_type)


# ---- satisfaction votes ------------------------------------------------------------------------------


@require_GET
@role_required(Role.STAFF, Role.LEADER)
def votes(request):
    year = _year(request)
    qs = (SatisfactionVote.objects.filter(item__year=year)
          .select_related("poll", "item", "rectification__issue", "second_round_opinion")
          .order_by("-created_at", "-id"))
    verdict = request.GET.get("verdict") or ""
    if verdict:
        qs = qs.filter(verdict=verdict)
    on = request.GET.get("on") or ""
    if on == "report":
        qs = qs.filter(rectification__isnull=True)
    elif on == "rectification":
        qs = qs.filter(rectification__isnull=False)
    else:
        on = ""
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "deliberation/votes.html", {"page": page, "year": year, "query": _query(request),
                                                       "verdict": verdict, "on": on})


# ---- special inquiries (live screen) -----------------------------------------------------------------


def _wants_json(request):
    return request.headers.get("X-Requested-With") == "fetch"


def _form_errors(form):
    return JsonResponse({"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}}, status=400)


@role_required(Role.STAFF, Role.LEADER)
def inquiry(request, pk):
    """One staff screen during the meeting: questions, answers, follow-ups and commitments are added without
    leaving the page (static/deliberation/inquiry.js posts the forms; without it they post normally)."""
    inquiry = get_object_or_404(Inquiry.objects.select_related("item", "meeting"), pk=pk)
    return render(request, "deliberation/inquiry.html", {
        "inquiry": inquiry, "questions": selectors.inquiry_questions(inquiry), "staff": is_staff_member(request.user),
        "commitments": inquiry.commitments.select_related("unit", "question").order_by("id"),
        "question_form": forms.QuestionForm(prefix="q"), "commitment_form": forms.CommitmentForm(prefix="c")})


@require_POST
@role_required(*STAFF)
def inquiry_question(request, pk):
    inquiry = get_object_or_404(Inquiry, pk=pk)
    form = forms.QuestionForm(request.POST, prefix="q")
    if form.is_valid():
        data = dict(form.cleaned_data)
        parent_pk = data.pop("parent")
        parent = Question.objects.filter(pk=parent_pk, inquiry=inquiry).first() if parent_pk else None
        try:
            question = services.question_add(inquiry=inquiry, actor=request.user, parent=parent, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            question.follow_up_list = []
            if _wants_json(request):
                html = render_to_string("deliberation/_question.html", {"q": question, "staff": True,
                                                                         "inquiry": inquiry}, request=request)
                return JsonResponse({"html": html, "parent": parent.pk if parent else None, "id": question.pk,
                                     "label": str(question)})
            return redirect("deliberation:inquiry", inquiry.pk)
    if _wants_json(request):
        return _form_errors(form)
    messages.error(request, " ".join(f"{form.fields[k].label if k in form.fields else ''}：{' '.join(v)}"
                                     for k, v in form.errors.items()))
    return redirect("deliberation:inquiry", inquiry.pk)


@require_POST
@role_required(*STAFF)
def inquiry_answer(request, pk):
    question = get_object_or_404(Question.objects.select_related("inquiry"), pk=pk)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        services.answer_set(question=question, actor=request.user, answer=form.cleaned_data["answer"])
        if _wants_json(request):
            return JsonResponse({"answer": form.cleaned_data["answer"].strip(), "id": question.pk})
        return redirect("deliberation:inquiry", question.inquiry_id)
    if _wants_json(request):
        return _form_errors(form)
    messages.error(request, _("Write the answer."))
    return redirect("deliberation:inquiry", question.inquiry_id)


@require_POST
@role_required(*STAFF)
def inquiry_commitment(request, pk):
    inquiry = get_object_or_404(Inquiry, pk=pk)
    form = forms.CommitmentForm(request.POST, prefix="c")
    if form.is_valid():
        data = dict(form.cleaned_data)
        question_pk = data.pop("question")
        question = Question.objects.filter(pk=question_pk, inquiry=inquiry).first() if question_pk else None
        try:
            commitment = services.commitment_add(inquiry=inquiry, actor=request.user, question=question, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if _wants_json(request):
                html = render_to_string("deliberation/_commitment_row.html", {"c": commitment}, request=request)
                return JsonResponse({"html": html, "id": commitment.pk})
            return redirect("deliberation:inquiry", inquiry.pk)
    if _wants_json(request):
        return _form_errors(form)
    messages.error(request, " ".join(f"{form.fields[k].label if k in form.fields else ''}：{' '.join(v)}"
                                     for k, v in form.errors.items()))
    return redirect("deliberation:inquiry", inquiry.pk)


# ---- inquiry commitments ledger ----------------------------------------------------------------------


@login_required
def commitments(request):
    """The inquiry commitments ledger: all (staff, leaders) or the unit's own; filter by year and state; the
    unit (or staff) reports a commitment fulfilled with its evidence."""
    if not (selectors.sees_all(request.user) or request.user.role == Role.UNIT_OFFICER):
        raise PermissionDenied
    qs = selectors.commitments_visible(request.user)
    today = timezone.localdate()
    fulfil_form, failed = forms.FulfilForm(), None
    if request.method == "POST":
        commitment = get_object_or_404(qs, pk=request.POST.get("commitment") or 0)
        fulfil_form = forms.FulfilForm(request.POST)
        try:
            if fulfil_form.is_valid():
                services.commitment_fulfil(commitment=commitment, actor=request.user,
                                           evidence=fulfil_form.cleaned_data["evidence"])
                messages.success(request, _("The commitment is recorded as fulfilled."))
                return redirect(request.get_full_path())
        except ValidationError as exc:
            fulfil_form.add_service_errors(exc)
        except services.DeliberationError as exc:
            messages.error(request, str(exc))
        failed = commitment.pk
    year = request.GET.get("year") or ""
    if year.isdigit():
        qs = qs.filter(inquiry__item__year=int(year))
    state = request.GET.get("state") or ""
    if state == "kept":
        qs = qs.filter(fulfilled_at__isnull=False)
    elif state == "open":
        qs = qs.filter(fulfilled_at__isnull=True)
    elif state == "overdue":
        qs = qs.filter(fulfilled_at__isnull=True, due_date__lt=today)
    page = Paginator(qs.select_related("unit", "inquiry").order_by("due_date", "id"), PAGE).get_page(
        request.GET.get("page"))
    for c in page:
        c.state_text = c.state_label(today)
        c.may_report = c.fulfilled_at is None and services.can_report_commitment(request.user, c)
    return render(request, "deliberation/commitments.html", {
        "page": page, "year": year, "state": state, "query": _query(request), "fulfil_form": fulfil_form,
        "failed": failed}, status=400 if failed else 200)


# ---- the leaders' supervision dashboard --------------------------------------------------------------

DASHBOARD_SECONDS = 300


@require_GET
@role_required(Role.STAFF, Role.LEADER)
def dashboard(request):
    """The year's supervision at a glance; figures kept five minutes (a cache outage only costs the queries)."""
    year = _year(request)
    f = kept(f"deliberation:dashboard:{year}:{timezone.localdate().isoformat()}", DASHBOARD_SECONDS,
             lambda: selectors.dashboard_figures(year), what="the supervision dashboard")
    chart = {"stages": [{"label": label, "n": n} for _c, label, n in f["stages"]],
             "votes": [{"label": label, "n": n} for _c, label, n in f["votes"]],
             "units": f["overdue_units"]}
    return render(request, "deliberation/dashboard.html", {"f": f, "year": year, "chart": chart,
                                                           "years": range(timezone.localdate().year, 2015, -1)})
