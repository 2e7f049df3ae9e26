"""Feed URLs, mounted at /feeds/ (namespace ``feeds``)."""

from django.urls import path

from . import views

app_name = "feeds"
urlpatterns = [
    path("events/<int:page_id>.ics", views.event_ics, name="event_ics"),
]
