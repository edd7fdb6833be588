from django.urls import path

from . import views

app_name = "deliberation"

urlpatterns = [
    path("", views.opinions, name="opinions"),
    path("opinions/<int:pk>/", views.opinion, name="opinion"),
    path("opinions/<int:pk>/document.pdf", views.opinion_document, name="opinion_pdf"),
    path("items/", views.items, name="items"),
    path("items/<int:pk>/", views.item, name="item"),
    path("rectifications/", views.rectifications, name="rectifications"),
    path("rectifications/ledger.xlsx", views.rectifications_ledger, name="rectifications_ledger"),
    path("rectifications/<int:pk>/", views.rectification, name="rectification"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("votes/", views.votes, name="votes"),
    path("inquiries/<int:pk>/", views.inquiry, name="inquiry"),
    path("inquiries/<int:pk>/questions/", views.inquiry_question, name="inquiry_question"),
    path("questions/<int:pk>/answer/", views.inquiry_answer, name="inquiry_answer"),
    path("inquiries/<int:pk>/commitments/", views.inquiry_commitment, name="inquiry_commitment"),
    path("commitments/", views.commitments, name="commitments"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
