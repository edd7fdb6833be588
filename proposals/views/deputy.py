"""Deputy pages: my suggestions, the draft (autosaved), attachments, co-signers, rating. Mobile first."""

from django.contrib import messages
from django.db import transaction
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress_portal.accounts.permissions import role_required

from .. import selectors, services
from ..forms import (
    AttachmentForm, CosignerForm, EvaluationForm, NewSuggestionExtrasForm, SearchForm, SuggestionForm,
)
from ..models import Attachment, Rating
from ..services._base import MAX_REHANDLING_ROUNDS
from ..search import all_words_q
from .common import get_visible, require_move, run

FIELDS = ("title", "category", "background", "proposal")
MINE_PAGE = 20


@role_required("deputy")
def mine(request):
    # Newest first, a page at a time: a deputy re-elected over the years has hundreds, led or co-signed.
    search = SearchForm(request.GET)
    words = search.words()
    suggestions = selectors.deputy_suggestions(request.user)
    if words:
        suggestions = suggestions.filter(all_words_q(words))
    rows = Paginator(suggestions, MINE_PAGE).get_page(request.GET.get("page"))
    rows.object_list = selectors.attach_active_units(list(rows.object_list))
    for s in rows:
        s.my_cosign = s.my_cosigns[0] if s.my_cosigns else None
    return render(request, "proposals/mine.html", {"rows": rows, "search": search, "keep": [],
                                                   "query": urlencode({"q": " ".join(words)}) if words else ""})


@role_required("deputy")
def create(request):
    """A new suggestion. Its first save may already carry an attachment and the co-signers to invite
    (all or nothing, in one transaction); a failed submission marks its fields and saves nothing."""
    lead = request.user.deputy
    finding = request.method == "POST" and "find_cosigners" in request.POST
    who = request.POST.get("who", "") if finding else request.GET.get("who", "")
    if finding:
        # Only the co-signer list is narrowed (the search without script): nothing is saved or marked.
        return render(request, "proposals/edit.html", {
            "form": SuggestionForm(initial=request.POST.dict()), "extras_form": NewSuggestionExtrasForm(),
            "cosigner_form": CosignerForm(suggestion=None, lead=lead, who=who,
                                          initial={"deputies": request.POST.getlist("deputies")}), "who": who})
    submitting = "submit" in request.POST
    form = SuggestionForm(request.POST or None, submitting=submitting)
    extras = NewSuggestionExtrasForm(request.POST or None, request.FILES or None)
    cosigners = CosignerForm(request.POST or None, suggestion=None, lead=lead, who=who)
    cosigners.fields["deputies"].required = False
    status = 200
    if request.method == "POST":
        if form.is_valid() and extras.is_valid() and cosigners.is_valid():
            step = None
            try:
                # A refused attachment or invitation leaves nothing behind: the draft is not kept either
                # (a stored file of a rolled-back attachment is an orphan on disk, never a dangling row).
                with transaction.atomic():
                    step = "title"
                    s = services.suggestion_create(actor=request.user, **{k: form.cleaned_data[k] for k in FIELDS})
                    if extras.cleaned_data["file"]:
                        step = "file"
                        services.attachment_add(suggestion=s, actor=request.user, upload=extras.cleaned_data["file"])
                    if cosigners.cleaned_data["deputies"]:
                        step = "deputies"
                        services.cosigner_invite(suggestion=s, actor=request.user,
                                                 deputies=list(cosigners.cleaned_data["deputies"]))
                    if submitting:
                        step = None
                        services.suggestion_submit(suggestion=s, actor=request.user)
            except services.WorkflowError as exc:
                target = {"title": form, "file": extras, "deputies": cosigners}.get(step)
                if target is None:
                    messages.error(request, str(exc))
                else:
                    target.add_error(step, str(exc))
            else:
                if submitting:
                    messages.success(request, _("Your suggestion is submitted."))
                    return redirect("proposals:detail", pk=s.pk)
                messages.success(request, _("The draft is saved; you can come back to it later."))
                return redirect("proposals:edit", pk=s.pk)
        status = 400
        for bound in (form, extras, cosigners):
            if bound.errors:
                if bound is form:
                    form.focus_first_error()
                break
    return render(request, "proposals/edit.html", {"form": form, "extras_form": extras, "cosigner_form": cosigners,
                                                   "who": who}, status=status)


@role_required("deputy")
def edit(request, pk):
    s = get_visible(request, pk)
    require_move(request, s, "edit")
    form = SuggestionForm(request.POST or None, initial={**{k: getattr(s, k) for k in FIELDS}, "version": s.version},
                          submitting="submit" in request.POST)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in FIELDS}
        try:
            s = services.suggestion_update(suggestion=s, actor=request.user, version=form.cleaned_data["version"],
                                           **data)
            if "submit" in request.POST:
                services.suggestion_submit(suggestion=s, actor=request.user)
                messages.success(request, _("Your suggestion is submitted."))
                return redirect("proposals:detail", pk=s.pk)
            messages.success(request, _("The draft is saved; you can come back to it later."))
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        return redirect("proposals:edit", pk=s.pk)
    if request.method == "POST":
        form.focus_first_error()  # nothing saved; the page opens at the field that failed
        status = 400
    who = request.GET.get("who", "")
    return render(request, "proposals/edit.html", {
        "s": s, "form": form, "attachment_form": AttachmentForm(), "who": who,
        "cosigner_form": CosignerForm(suggestion=s, who=who)}, status=status)


@require_POST
@role_required("deputy")
def autosave(request, pk):
    """Save the draft in the background; answers the new version for the next save."""
    s = get_visible(request, pk)
    require_move(request, s, "edit")
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors}, status=400)
    try:
        s = services.suggestion_update(suggestion=s, actor=request.user, version=form.cleaned_data["version"],
                                       **{k: form.cleaned_data[k] for k in FIELDS})
    except services.WorkflowError as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=409)
    return JsonResponse({"ok": True, "version": s.version})


@require_POST
@role_required("deputy")
def attachment_upload(request, pk):
    s = get_visible(request, pk)
    require_move(request, s, "edit")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        run(request, services.attachment_add, _("The attachment is uploaded."), suggestion=s,
            upload=form.cleaned_data["file"])
    return redirect("proposals:edit", pk=s.pk)


@require_POST
@role_required("deputy")
def attachment_delete(request, pk):
    attachment = get_object_or_404(Attachment, pk=pk)
    s = get_visible(request, attachment.suggestion_id)
    require_move(request, s, "edit")
    run(request, services.attachment_remove, _("The attachment is removed."), attachment=attachment)
    return redirect("proposals:edit", pk=s.pk)


@require_POST
@role_required("deputy")
def invite(request, pk):
    s = get_visible(request, pk)
    require_move(request, s, "invite_cosigner")
    form = CosignerForm(request.POST, suggestion=s)
    if form.is_valid():
        run(request, services.cosigner_invite, _("The invitations are sent."), suggestion=s,
            deputies=list(form.cleaned_data["deputies"]))
    else:
        messages.error(request, _("Choose at least one deputy."))
    return redirect("proposals:edit", pk=s.pk)


@require_POST
@role_required("deputy")
def cosign(request, pk):
    s = get_visible(request, pk)
    require_move(request, s, "respond_cosign")
    accept = request.POST.get("accept") == "1"
    run(request, services.cosigner_respond, _("You confirmed co-signing.") if accept else _("You declined."),
        suggestion=s, accept=accept)
    return redirect("proposals:detail", pk=s.pk)


@role_required("deputy")
def evaluate(request, pk):
    s = get_visible(request, pk)
    require_move(request, s, "evaluate")
    form = EvaluationForm(request.POST or None, initial={"version": s.version})
    confirming = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirmed = data.pop("confirmed")
        sends_back = data["result"] == Rating.DISSATISFIED and s.round <= MAX_REHANDLING_ROUNDS
        if sends_back and not confirmed:
            confirming = True  # nothing is recorded until the deputy confirms the re-handling
        elif run(request, services.evaluation_submit, _("Thank you: your rating is recorded."), suggestion=s,
                 **data):
            return redirect("proposals:detail", pk=s.pk)
    replies = [r for r in s.replies.all() if r.round == s.round]
    return render(request, "proposals/evaluate.html", {"s": s, "form": form, "replies": replies,
                                                       "confirming": confirming})
