"""The supervision plan's public pages (topics solicited without an account, the published plan and its
PDF) and the items' pages for staff, leaders and the target bodies."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from congress_portal.accounts.models import Role
from congress_portal.accounts.permissions import is_leader, is_staff_member, role_required
from congress_portal.core.forms import add_service_errors, served
from deputies.models import grouped_tracking_code
from deputies.public_proposals import PublicProposalView

from . import permissions, selectors, services, workflow
from .forms import (CHALLENGE_KEY, AcceptForm, ApproveForm, DeclineForm, ItemFilterForm, TargetsForm, TopicForm,
                    TrackForm)
from .models import Kind, Stage, SupervisionPlan, TopicProposal

PAGE_SIZE = 50


# --- public -------------------------------------------------------------------------------

@require_GET
def index(request):
    return render(request, "supervision/index.html", {
        "open": selectors.open_plan(), "years": selectors.published_years()})


class ProposeView(PublicProposalView):
    """Propose a supervision topic while the year's plan collects them; the tracking code on the thanks page."""

    form_class = TopicForm
    challenge_key = CHALLENGE_KEY
    template_name = "supervision/propose.html"
    rate_limited_template = "supervision/rate_limited.html"
    period_name = "plan"
    code_session_key = "supervision_code"
    success_url = "supervision:thanks"
    refusals = (services.SupervisionError,)

    def open_period(self):
        return selectors.open_plan()

    def submit(self, period, **data):
        return services.topic_submit(plan=period, **data)


propose = ProposeView.as_view()


@require_GET
def thanks(request):
    code = request.session.pop("supervision_code", None)
    if not code:
        return redirect("supervision:track")
    response = render(request, "supervision/thanks.html", {"code": grouped_tracking_code(code)})
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def track(request):
    """The topic's public status page: what became of it, and the reason when it was declined."""
    form = TrackForm(request.GET or None)
    topic, status = None, 200
    if form.is_valid():
        topic = selectors.topic_by_code(form.cleaned_data["code"])
        if topic is None:
            form.add_error("code", gettext("No topic has this tracking code. Check it and type it again."))
            status = 404
    response = render(request, "supervision/track.html", {"form": form, "topic": topic}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def plan_public(request, year):
    plan, groups = selectors.published_plan(year)
    if plan is None:
        raise Http404
    return render(request, "supervision/plan.html", {"plan": plan, "groups": groups})


@require_GET
def plan_pdf(request, year):
    from congress_portal.reports.pdf import pdf_response

    from .documents import render_plan

    plan, groups = selectors.published_plan(year)
    if plan is None:
        raise Http404
    return pdf_response(render_plan(plan, groups), gettext("supervision-plan-%(year)s.pdf") % {"year": year})


# --- staff: the plan and its topics -------------------------------------------------------

@role_required(Role.STAFF)
def plan_manage(request, year):
    """The year's plan for staff: its topics to decide, the chairs' meeting's approval, publishing."""
    plan = get_object_or_404(SupervisionPlan, year=year)
    form, status = ApproveForm(), 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                form = ApproveForm(request.POST)
                if form.is_valid():
                    services.plan_approve(plan=plan, actor=request.user, **form.cleaned_data)
                    messages.success(request, gettext("The chairs' meeting's approval was recorded."))
                    return redirect("supervision:plan_manage", year)
            elif action == "publish":
                services.plan_publish(plan=plan, actor=request.user)
                messages.success(request, gettext("The plan was published."))
                return redirect("supervision:plan_manage", year)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.SupervisionError as exc:
            messages.error(request, str(exc))
        status = 400
    status_filter = request.GET.get("status", "")
    if status_filter not in TopicProposal.Status.values:
        status_filter = ""
    page = Paginator(selectors.topics_for_staff(plan=plan, status=status_filter), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "supervision/plan_manage.html", {
        "plan": plan, "form": form, "page": page, "statuses": TopicProposal.Status.choices,
        "status_filter": status_filter, "items": plan.items.select_related("committee").order_by("id")},
        status=status)


@role_required(Role.STAFF)
def topic_decide(request, pk):
    """Accept a topic into the plan (a new item or an existing one) or decline it with a reason."""
    topic = get_object_or_404(TopicProposal.objects.select_related("plan", "item", "proposer"), pk=pk)
    accept, decline, status = AcceptForm(plan=topic.plan), DeclineForm(), 200
    if request.method == "POST":
        action = request.POST.get("action")
        form = accept = AcceptForm(request.POST, plan=topic.plan) if action == "accept" else accept
        if action == "decline":
            form = decline = DeclineForm(request.POST)
        def decide():
            data = form.cleaned_data
            if action == "accept":
                services.topic_accept(topic=topic, actor=request.user, item=data["item"], title=data["title"],
                                      kind=data["kind"], committee=data["committee"])
            else:
                services.topic_decline(topic=topic, actor=request.user, reason=data["reason"])

        if action in ("accept", "decline") and served(form, decide, refusals=(services.SupervisionError,)):
            return redirect("supervision:plan_manage", topic.plan.year)
        status = 400
    return render(request, "supervision/topic.html", {"topic": topic, "accept": accept, "decline": decline},
                  status=status)


# --- items -------------------------------------------------------------------------------------

def _filtered(request):
    params = request.GET.copy()
    for key in ("page", "format"):
        params.pop(key, None)
    form = ItemFilterForm(params)
    if not form.is_valid():
        return form, selectors.visible_items(request.user).none()
    data = form.cleaned_data
    return form, selectors.item_list(request.user, year=data.get("year"), kind=data.get("kind", ""),
                                     stage=data.get("stage", ""), committee=data.get("committee"),
                                     q=data.get("q", "").strip(), overdue=data.get("overdue"))


@require_GET
@role_required(Role.STAFF, Role.LEADER, Role.UNIT_OFFICER)
def item_list(request):
    """The supervision items by year, kind, stage and committee (a target body: only its own);
    `?format=xlsx`: the same items as an Excel ledger."""
    form, queryset = _filtered(request)
    if request.GET.get("format") == "xlsx":
        from congress_portal.reports.views import _xlsx_response

        from .ledger import items_ledger

        return _xlsx_response(items_ledger(queryset), gettext("supervision-items"))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = urlencode({k: v for k, v in request.GET.items() if k not in ("page", "format")})
    return render(request, "supervision/items.html", {"form": form, "page": page, "params": params,
                                                      "see_all": selectors.can_see_all(request.user)})


def _stage_chain(current):
    """[(label, "done" | "current" | "")] of the chain 选题 -> ... -> 反馈 (and 已办结 once closed)."""
    chain = list(Stage)
    position = chain.index(Stage(current))
    return [(s.label, "current" if i == position else "done" if i < position else "")
            for i, s in enumerate(chain) if s != Stage.CLOSED or current == Stage.CLOSED]


def _targets_form(item, user, data=None):
    """The form of the item's target bodies and meeting for the staff who may set them, else None; without
    the part that can no longer change (bodies once an opinion is issued, the meeting once deliberated)."""
    if not permissions.can_set_targets(user, item):
        return None
    units_fixed = selectors.opinion_issued(item)
    meeting_fixed = item.stage in services.DELIBERATED
    if units_fixed and meeting_fixed:
        return None
    return TargetsForm(data, item=item, today=timezone.localdate(), units_fixed=units_fixed,
                       meeting_fixed=meeting_fixed)


def _item_page(request, item, targets_form=None, status=200):
    unit_ids = {u.pk for u in item.target_units.all()}
    filing = getattr(item, "filing", None) if item.kind == Kind.FILING_REVIEW else None
    report_dates = item.report_dates()
    dates = [due for _c, _l, due, done in report_dates if done is None]
    if filing is not None:
        dates += [due for _c, _l, due, done in filing.clocks() if done is None]
    if item.meeting_id and item.stage in (Stage.TOPIC, Stage.ORGANISING, Stage.REPORT):
        dates.append(item.meeting.date)
    return render(request, "supervision/item.html", {
        "item": item, "actions": workflow.available_actions(item, request.user, unit_ids),
        "report_dates": report_dates, "filing": filing, "clocks": filing.clocks() if filing else [],
        "next_date": min(dates, default=None), "stages": _stage_chain(item.stage),
        "is_staff": is_staff_member(request.user),
        "targets_form": targets_form or _targets_form(item, request.user),
        "sees_deliberation": is_staff_member(request.user) or is_leader(request.user)}, status=status)


@require_GET
@role_required(Role.STAFF, Role.LEADER, Role.UNIT_OFFICER)
def item_detail(request, pk):
    item = selectors.item_detail(request.user, pk)
    if item is None:
        raise Http404
    return _item_page(request, item)


@require_POST
@role_required(Role.STAFF)
def item_targets(request, pk):
    """Staff set the item's target bodies and its meeting; a refusal comes back on its field."""
    item = selectors.item_detail(request.user, pk)
    if item is None:
        raise Http404
    form = _targets_form(item, request.user, request.POST)
    if form is None:
        raise PermissionDenied
    changed = []

    def save():
        data = form.cleaned_data
        changed.append(services.item_set_targets(
            item=item, actor=request.user, version=data.get("version"),
            target_units=data.get("target_units", item.target_units.all()),
            meeting=data["meeting"] if "meeting" in data else item.meeting))

    if served(form, save, refusals=(services.SupervisionError,)):
        messages.success(request, gettext("The target bodies and the meeting were saved.") if changed[0]
                         else gettext("Nothing changed."))
        return redirect("supervision:item", pk)
    return _item_page(request, item, form, status=400)


@require_POST
@role_required(Role.STAFF, Role.LEADER, Role.UNIT_OFFICER)
def item_move(request, pk, move):
    item = selectors.item_detail(request.user, pk)
    if item is None:
        raise Http404
    service = services.MOVE_SERVICES.get(move)
    if service is None:
        raise Http404
    try:
        service(item=item, actor=request.user, version=request.POST.get("version"))
    except services.SupervisionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, gettext("Done: %(move)s.") % {"move": workflow.MOVES[move].label})
    return redirect("supervision:item", pk)


@require_POST
@role_required(Role.STAFF)
def item_delivered(request, pk, step):
    item = selectors.item_detail(request.user, pk)
    if item is None:
        raise Http404
    try:
        services.report_delivered(item=item, actor=request.user, step=step)
    except services.SupervisionError as exc:
        messages.error(request, str(exc))
    return redirect("supervision:item", pk)
