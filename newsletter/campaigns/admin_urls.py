from django.urls import path

from . import views

app_name = "campaigns_admin"
urlpatterns = [
    path("issue/<int:page_id>/", views.issue_campaigns, name="issue"),
    path("<int:campaign_id>/", views.campaign_detail, name="detail"),
    path("<int:campaign_id>/progress.json", views.campaign_progress, name="progress"),
    path("<int:campaign_id>/<slug:action>/", views.campaign_action, name="action"),
]
