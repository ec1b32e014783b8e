from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from readingroom import accounts
from readingroom.converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

admin.site.site_header = "قراءة — الإدارة"
admin.site.site_title = "قراءة"
admin.site.index_title = "إدارة الأرشيف"

# django.contrib.auth.urls, with the reset pages only when the site can send mail
# (readingroom/accounts.py).
account_urls = [
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        accounts.only_with_mail(accounts.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        accounts.only_with_mail(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        accounts.only_with_mail(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        accounts.only_with_mail(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(account_urls)),
    path("", include("annotations.urls")),
    path("", include("archive.urls")),
]
