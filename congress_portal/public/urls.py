from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("replies/", views.reply_list, name="reply_list"),
    path("replies/<int:pk>/", views.reply_detail, name="reply_detail"),
]
