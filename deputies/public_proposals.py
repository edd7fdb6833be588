"""The one view behind the public proposal forms (supervision topics, livelihood projects): no account, the
citizens' opinion form's flood limit (one budget per address for all the anonymous forms), its session-kept
arithmetic question and honeypot (deputies.forms.PublicProposalForm); a signed-in deputy proposes as themself.
Each form says what differs: its open period, the service that stores, its templates and its thanks page."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views import View

from congress_portal.core.forms import add_service_errors

from . import ratelimit
from .forms import new_challenge


class PublicProposalView(View):
    """Subclasses set the attributes and the two methods below."""

    form_class = None  # a deputies.forms.PublicProposalForm
    challenge_key = None  # the form's own session key for its question
    template_name = None
    rate_limited_template = None
    period_name = None  # the open period's name in the template
    code_session_key = None  # where the thanks page finds the tracking code
    success_url = None  # the thanks page (a URL name)
    refusals = ()  # the service's exception classes whose message is shown as the form's error

    def open_period(self):
        """The period now collecting proposals, or None."""
        raise NotImplementedError

    def submit(self, period, *, user, text, proposer_name, proposer_phone):
        """Store the proposal through the app's service; -> the object with its `tracking_code`."""
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and not ratelimit.allow_opinion(request):
            return render(request, self.rate_limited_template, status=429)
        self.period = self.open_period()
        if self.period is None:  # nothing being collected: a page that says so
            return render(request, self.template_name, {self.period_name: None}, status=404)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._page(request, self.form_class(), 200)

    def post(self, request):
        form = self.form_class(request.POST, expected=request.session.pop(self.challenge_key, None))
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposal = self.submit(
                    self.period, user=request.user, text=data["text"],
                    proposer_name=data["proposer_name"], proposer_phone=data["proposer_phone"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except self.refusals as exc:
                form.add_error(None, str(exc))
            else:
                request.session[self.code_session_key] = proposal.tracking_code
                return redirect(self.success_url)
        return self._page(request, form, 400)

    def _page(self, request, form, status):
        return render(request, self.template_name, {
            self.period_name: self.period, "form": form,
            "question": new_challenge(request.session, self.challenge_key)}, status=status)
