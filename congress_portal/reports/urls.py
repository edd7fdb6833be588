from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("suggestions/<int:pk>/assignment-notice.pdf", views.assignment_notice, name="assignment_notice"),
    path("suggestions/<int:pk>/reply-letter.pdf", views.reply_letter, name="reply_letter"),
    path("suggestions/ledger.xlsx", views.suggestions_ledger_view, name="suggestions_ledger"),
    path("commitments/ledger.xlsx", views.commitments_ledger_view, name="commitments_ledger"),
]
