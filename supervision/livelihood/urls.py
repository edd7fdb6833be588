from django.urls import path

from . import views

app_name = "livelihood"

urlpatterns = [
    path("", views.index, name="index"),
    path("propose/", views.propose, name="propose"),
    path("propose/thanks/", views.thanks, name="thanks"),
    path("track/", views.track, name="track"),
    path("<int:year>/", views.progress, name="progress"),
    path("<int:year>/result/", views.result, name="result"),
    path("<int:year>/result.pdf", views.result_pdf, name="result_pdf"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/carry-over/", views.carry_over, name="carry_over"),
    path("projects/<int:pk>/report/", views.report, name="report"),
    path("projects/<int:pk>/photo/", views.photo_add, name="photo_add"),
    path("projects/<int:pk>/milestone/", views.milestone_reach, name="milestone_reach"),
    path("photos/<int:pk>.jpg", views.photo, name="photo"),
    path("ballots/<int:poll_id>.pdf", views.ballot_paper, name="ballot_paper"),
    path("ledger.xlsx", views.ledger, name="ledger"),
]
