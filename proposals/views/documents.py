"""The suggestions' letters as PDF and ledgers as Excel, each at a stable URL under /reports/ (registered
in the platform's "reports" namespace from ProposalsConfig.ready()), each permission-checked."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congress_portal.accounts.models import Role
from congress_portal.accounts.permissions import role_required
from congress_portal.core.numbers import param_int
from congress_portal.core.replica import replica_reads
from congress_portal.organization.models import HandlingUnit
from congress_portal.reports.pdf import pdf_response
from congress_portal.reports.views import export_or_queue

from .. import letter_permissions as permissions
from .. import letters
from ..filters import SuggestionFilterForm
from ..ledgers import commitments_ledger, ledger_rows, suggestions_ledger
from ..models import Commitment, Suggestion

# A suggestion is handled again at most a few times (不满意 sends it back): a larger round names no reply.
MAX_ROUND = 99


def _suggestion_or_404(pk):
    suggestion = letters.suggestion_for_letters(pk)
    if suggestion is None:
        raise Http404
    return suggestion


@require_GET
@login_required
def assignment_notice(request, pk):
    """交办通知 of suggestion `pk` to `?unit=`. Without it, a unit officer reads the notice to their own
    unit, and staff and leaders the notices to all its units, one after the other in one PDF."""
    own_unit = request.user.unit_id if request.user.role == Role.UNIT_OFFICER else None
    unit_id = param_int(request.GET, "unit", default=own_unit)
    unit = None
    if unit_id is not None:
        unit = get_object_or_404(HandlingUnit, pk=unit_id)
        if not permissions.can_read_assignment_notice(request.user, unit):
            raise Http404
    elif not permissions.can_read_all_notices(request.user):
        raise Http404
    suggestion = _suggestion_or_404(pk)
    try:
        context = letters.assignment_notices_context([suggestion], unit)
    except letters.LetterUnavailable:
        raise Http404 from None
    data = letters.render_letter("assignment_notice", context)
    return pdf_response(data, letters.letter_filename("assignment_notice", suggestion))


@require_GET
@login_required
def reply_letter(request, pk):
    """答复函 of suggestion `pk` for `?round=` (default: the latest round replied)."""
    round_number = param_int(request.GET, "round", maximum=MAX_ROUND)
    suggestion = _suggestion_or_404(pk)
    replies = letters.reply_letters(suggestion, round_number)
    readable = permissions.readable_replies(request.user, suggestion, replies)
    if not readable:
        raise Http404
    data = letters.render_letter("reply_letter", letters.reply_letter_context(suggestion, replies=readable))
    return pdf_response(data, letters.letter_filename("reply_letter", suggestion))


@require_GET
@role_required(Role.STAFF, Role.LEADER)
@replica_reads
def suggestions_ledger_view(request):
    form = SuggestionFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("The filter is not valid: %(errors)s") % {"errors": form.error_text()},
                                      content_type="text/plain; charset=utf-8")
    # Drafts are their deputies' own until submitted (issue 12.4).
    queryset = form.filter(Suggestion.objects.submitted())
    # Tens of thousands of rows go to the documents worker (EXPORT_ASYNC_ROWS): past gunicorn's timeout here.
    return export_or_queue(request, name="suggestions_ledger", rows=ledger_rows(queryset),
                           make=lambda: suggestions_ledger(queryset), stem=_("suggestions-ledger"))


@require_GET
@role_required(Role.STAFF, Role.LEADER)
@replica_reads
def commitments_ledger_view(request):
    form = SuggestionFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("The filter is not valid: %(errors)s") % {"errors": form.error_text()},
                                      content_type="text/plain; charset=utf-8")
    queryset = form.filter_commitments(Commitment.objects.all())
    return export_or_queue(request, name="commitments_ledger", rows=queryset.count(),
                           make=lambda: commitments_ledger(queryset), stem=_("commitments-ledger"))
