from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.password_views["password_change"], name="password_change"),
    path("kata-sandi/selesai/", views.password_views["password_change_done"], name="password_change_done"),
    path("lupa-kata-sandi/", views.password_views["password_reset"], name="password_reset"),
    path(
        "lupa-kata-sandi/terkirim/", views.password_views["password_reset_done"], name="password_reset_done"
    ),
    path(
        "atur-ulang/<uidb64>/<token>/",
        views.password_views["password_reset_confirm"],
        name="password_reset_confirm",
    ),
    path(
        "atur-ulang/selesai/", views.password_views["password_reset_complete"], name="password_reset_complete"
    ),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<int:pk>/", views.user_detail, name="user_detail"),
    path("pengguna/<int:pk>/status/", views.user_toggle, name="user_toggle"),
    path("pengguna/<int:pk>/undang/", views.user_invite, name="user_invite"),
]
