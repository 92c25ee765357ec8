"""The public innovation gallery, included at the site root."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("inovasi/", public_views.gallery_page, name="public_innovations"),
    path("inovasi/<slug:slug>/", public_views.detail_page, name="public_innovation"),
    path("inovasi/<slug:slug>/foto/<uuid:pk>/", public_views.photo, name="public_innovation_photo"),
]
