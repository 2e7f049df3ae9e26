from django.urls import path

from . import views

app_name = "sesevents"
urlpatterns = [
    path("events/", views.events, name="events"),
]
