from django.urls import path

from . import views

app_name = "deputies"

urlpatterns = [
    # Public: stable URLs by public code (printed in QR codes; never change them).
    path("d/<str:code>/", views.deputy_public, name="deputy_public"),
    path("d/<str:code>/qr.png", views.deputy_qr, name="deputy_qr"),
    path("s/<str:code>/", views.station_public, name="station_public"),
    path("s/<str:code>/qr.png", views.station_qr, name="station_qr"),
    path("opinion/thanks/", views.opinion_thanks, name="opinion_thanks"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_detail, name="track_detail"),
    path("track/<str:code>/qr.png", views.track_qr, name="track_qr"),
    path("deputies/", views.directory, name="directory"),
    # Work pages.
    path("work/opinions/", views.opinion_list, name="opinion_list"),
    path("work/opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("work/opinions/<int:pk>/photo/", views.opinion_photo, name="opinion_photo"),
    path("work/activities/", views.my_activities, name="my_activities"),
    path("work/activities/<int:pk>/confirm/", views.confirm_attendance, name="confirm_attendance"),
    path("work/performance/", views.performance_table, name="performance_table"),
    path("work/performance.xlsx", views.performance_xlsx, name="performance_xlsx"),
    path("work/performance/mine/", views.my_performance, name="my_performance"),
    path("work/performance/<int:pk>/<year:year>/", views.performance_file, name="performance_file"),
    path("work/performance/<int:pk>/<year:year>/booklet.pdf", views.performance_booklet, name="performance_booklet"),
    path("work/stations/", views.station_list, name="station_list"),
    path("work/stations/<int:pk>/qr-sheet.pdf", views.station_qr_sheet, name="station_qr_sheet"),
]
