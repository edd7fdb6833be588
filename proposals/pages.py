"""The suggestions' pages under the platform's prefixes, at the paths and names they always had:
/reports/ (letters and ledgers), /dashboard/ (the suggestions' dashboard and its list) and the public
site (published replies). Registered from ProposalsConfig.ready() (congress_portal/core/pages.py)."""

from django.urls import path

from congress_portal.core import pages


def register():
    from .views import dashboard, documents, public

    pages.register("reports", [
        path("suggestions/<int:pk>/assignment-notice.pdf", documents.assignment_notice, name="assignment_notice"),
        path("suggestions/<int:pk>/reply-letter.pdf", documents.reply_letter, name="reply_letter"),
        path("suggestions/ledger.xlsx", documents.suggestions_ledger_view, name="suggestions_ledger"),
        path("commitments/ledger.xlsx", documents.commitments_ledger_view, name="commitments_ledger"),
    ])
    pages.register("dashboard", [
        path("", dashboard.dashboard, name="index"),
        path("suggestions/", dashboard.suggestion_list, name="suggestions"),
    ])
    pages.register("public", [
        path("replies/", public.reply_list, name="reply_list"),
        path("replies/<int:pk>/", public.reply_detail, name="reply_detail"),
    ])
