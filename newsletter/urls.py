from django.urls import include, path

app_name = "newsletter"
urlpatterns = [
    path("", include("newsletter.subscribers.urls")),
    path("campaigns/", include("newsletter.campaigns.urls")),
    path("ses/", include("newsletter.sesevents.urls")),
]
