"""Admin URLs for ECCP posts, mounted under /admin/eccp/ by feeds/wagtail_hooks.py."""

from django.urls import path

from . import views

app_name = "eccp"
urlpatterns = [
    path("pages/<int:page_id>/", views.page_view, name="page"),
    path("pages/<int:page_id>/pack.zip", views.page_pack, name="page_pack"),
    path("issues/<int:page_id>/", views.issue_view, name="issue"),
    path("issues/<int:page_id>/pack.zip", views.issue_pack, name="issue_pack"),
]
