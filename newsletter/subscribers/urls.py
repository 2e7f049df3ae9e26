from django.urls import path

from . import views

app_name = "subscribers"
urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/thanks/", views.subscribe_thanks, name="subscribe_thanks"),
    path("subscribe/embed/", views.embed, name="embed"),
    path("subscribe/embed/frame/", views.embed_frame, name="embed_frame"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
