from django.urls import path, re_path

from . import views

app_name = "meetings"

urlpatterns = [
    path("<int:pk>/", views.meeting_page, name="meeting"),
    path("<int:pk>/sign-in/", views.sign_in, name="sign_in"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("polls/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("polls/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("polls/<int:pk>/progress/", views.progress, name="progress"),
    path("polls/<int:pk>/progress.json", views.progress_json, name="progress_json"),
    path("polls/<int:pk>/paper/", views.paper, name="paper"),
    path("polls/<int:pk>/result/", views.result, name="result"),
    path("polls/<int:pk>/screen/", views.screen, name="screen"),
    path("polls/<int:pk>/result.pdf", views.result_pdf, name="result_pdf"),
    re_path(r"^polls/(?P<pk>[0-9]+)/(?P<move>open|close|publish|annul|runoff)/$", views.poll_move, name="move"),
]
