from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/cosigners/", views.invite, name="invite"),
    path("<int:pk>/cosign/", views.cosign, name="cosign"),
    path("<int:pk>/act/<slug:move>/", views.act, name="act"),
    path("<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("<int:pk>/contact/", views.contact, name="contact"),
    path("<int:pk>/co-opinion/", views.co_opinion, name="co_opinion"),
    path("<int:pk>/reassign/", views.reassign, name="reassign"),
    path("<int:pk>/extension/", views.extension, name="extension"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/supervise/", views.supervise, name="supervise"),
    path("commitments/<int:pk>/report/", views.commitment_report, name="commitment_report"),
    path("unit/", views.workbench, name="unit_workbench"),
    path("key/", views.key_list, name="key_list"),
    path("queues/", views.staff_queues, name="staff_queues"),
]
