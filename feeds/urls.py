"""Feed URLs, mounted at /feeds/ (namespace ``feeds``)."""

from django.urls import path, re_path

from . import views

app_name = "feeds"
urlpatterns = [
    path("", views.index, name="index"),
    path("events.ics", views.calendar, name="calendar"),
    path("events/<int:page_id>.ics", views.event_ics, name="event_ics"),
    re_path(r"^(?P<slug>[a-z0-9-]+)\.(?P<fmt>rss|atom)$", views.feed, name="feed"),
]
