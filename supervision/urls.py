from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.index, name="index"),
    path("topics/propose/", views.propose, name="propose"),
    path("topics/thanks/", views.thanks, name="thanks"),
    path("topics/track/", views.track, name="track"),
    path("plan/<int:year>/", views.plan_public, name="plan"),
    path("plan/<int:year>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plan/<int:year>/manage/", views.plan_manage, name="plan_manage"),
    path("topics/<int:pk>/", views.topic_decide, name="topic"),
    path("items/", views.item_list, name="items"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/targets/", views.item_targets, name="item_targets"),
    path("items/<int:pk>/move/<slug:move>/", views.item_move, name="item_move"),
    path("items/<int:pk>/delivered/<slug:step>/", views.item_delivered, name="item_delivered"),
]
