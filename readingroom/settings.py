"""Qira'a settings, read from the environment.

Defaults run locally with no configuration (SQLite next to the code); a
production deployment sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
DATABASE_URL. See README.md, "Configuration".
"""

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from readingroom import arabic_dates
from readingroom.env import env_bool, env_cache, env_choice, env_database, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
            "On your own machine, run with DJANGO_DEBUG=true instead, as make run does."
        )
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdef"  # noqa: S105
elif not DEBUG and (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")  # startproject's placeholder
):
    # Django's own measure (check --deploy, security.W009), enforced rather than only warned.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak: use at least 50 random characters "
        "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin with Qira'a's own site: dashboard counts, the editors' activity
    # page and readable autocomplete labels (readingroom/admin_site.py).
    "readingroom.apps.QiraaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "taggit",
    "simple_history",
    # Failed logins counted in the database, shared by every app server (see "Logging in" below).
    "axes",
    "csp",
    "archive",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer, error pages included,
    # made once per process (readingroom/headers.py).
    "readingroom.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Readers' pages from the cache, before sessions and the database (readingroom/page_cache.py).
    # Only a 200 answer is stored, so a hit is an address the checks below have already let
    # through, and a hit reads no row: they need not run again for it.
    "readingroom.page_cache.PageCacheMiddleware",
    # A query or form with NUL or unusable characters is refused before any view reads it.
    "readingroom.hostile_input.RefuseHostileInputMiddleware",
    # A database still locked after the busy timeout answers 503 with Retry-After, not 500.
    "readingroom.busy.DatabaseBusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Lets history records name the logged-in user who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "readingroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "readingroom.wsgi.application"

DATABASES = {
    "default": env_database("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One connection per worker, kept between requests as on PostgreSQL: opening one (and
    # setting WAL on it) was a sixth of a rendered page. Between requests it holds no lock
    # (no transaction is open; WAL readers never block writers), a restore writes into the
    # same file through SQLite's backup API, which open connections see whole, and the
    # development server closes each request's connection itself.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Pages readers see, their versions (readingroom/freshness.py), login-reset limits: one cache
# every app server shares. QIRAA_CACHE_URL: redis://host:6379/0 or memcached://host:11211 for
# several machines; unset, a directory on this machine that all its workers share.
CACHES = {
    "default": env_cache(
        "QIRAA_CACHE_URL", default_dir=BASE_DIR / "var" / "cache", database=DATABASES["default"]
    )
}
# Readers' whole pages kept in that cache; off, every page is built again (ETags stay).
QIRAA_PAGE_CACHE = env_bool("QIRAA_PAGE_CACHE", default=True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The first backend refuses a username locked out at an address before any password is
# checked; the second checks passwords. An authenticate() without a request is refused by
# the first (it cannot know the address): every login goes through a login page.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "archive:article_list"
LOGOUT_REDIRECT_URL = "archive:article_list"

# The interface is Arabic; the admin follows the language.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية")]
TIME_ZONE = "Asia/Damascus"
USE_I18N = True
# Our own Arabic: the annotation importer's reasons, shown in the admin (the commands
# keep them in English). After editing locale/ar/LC_MESSAGES/django.po, run
# compilemessages --ignore='.venv/*' (README, Other commands).
# The month names of the outlet's region: Levantine («تموز», «تشرين الثاني») by default,
# as the archive's Syrian sources write them, or egyptian («يوليو», «نوفمبر»). Pages and
# the admin (its dates, date hierarchy and calendar) follow it; see readingroom/arabic_dates.py.
QIRAA_MONTH_NAMES = env_choice(
    "QIRAA_MONTH_NAMES", arabic_dates.STYLES, default=arabic_dates.LEVANTINE
)
LOCALE_PATHS = arabic_dates.locale_paths(QIRAA_MONTH_NAMES, BASE_DIR / "locale")
USE_TZ = True
# Dates in the admin as on the pages («1 كانون الأول 2026، 14:05»), Western digits, a point
# for decimals: readingroom/formats/ar/formats.py, in place of Django's own Arabic formats.
FORMAT_MODULE_PATH = ["readingroom.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Largest article file import_articles accepts, in bytes (see README.md).
ARCHIVE_MAX_IMPORT_BYTES = env_int("QIRAA_MAX_IMPORT_BYTES", 5 * 1024 * 1024)
# Annotation files (import_annotations, the admin upload): a whole archive's
# backup is large, but a file beyond this is refused before it is read.
ANNOTATIONS_MAX_IMPORT_BYTES = env_int("QIRAA_MAX_ANNOTATION_IMPORT_BYTES", 50 * 1024 * 1024)
# The address IRIs are written with when there is no request to ask
# (manage.py export_annotations): the public address of this site.
SITE_URL = os.environ.get("QIRAA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Behind a proxy that terminates TLS (nginx, a load balancer): it says the scheme in
# X-Forwarded-Proto and the client's address in X-Forwarded-For. Never trusted otherwise,
# since any client can send those headers.
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", default=False)

# Logging in: django-axes counts wrong passwords per username *and* address together, in
# the database (every app server sees the same counts). At the limit that username is
# refused from that address for the cool-off, even with the right password; other users,
# and the same user elsewhere, are not. A curator lifts it early with
# `manage.py axes_reset_username NAME`. The page says so (readingroom/login_lockout.py).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("QIRAA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("QIRAA_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "readingroom.login_lockout.lockout_response"
# django-ipware is not installed, so the AXES_IPWARE_* settings would do nothing: the address
# comes from our own function, which believes X-Forwarded-For only behind our proxy.
AXES_CLIENT_IP_CALLABLE = "readingroom.client_ip.client_ip"
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME <= timedelta(0):
    raise ImproperlyConfigured(
        "QIRAA_LOGIN_FAILURE_LIMIT and QIRAA_LOGIN_COOLOFF_MINUTES must be at least 1."
    )

# Password reset needs mail: without DJANGO_EMAIL_HOST its pages do not exist (404) and the
# login page does not offer it. With it, requests are limited per address and per e-mail.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "").strip()
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", default=EMAIL_PORT == 465)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
PASSWORD_RESET_LIMIT_PER_HOUR = env_int("QIRAA_PASSWORD_RESET_LIMIT_PER_HOUR", 5)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # a reset link works for three hours

# Content-Security-Policy: nothing runs but our own script files. No inline script or
# style anywhere, the admin included; <script type="application/ld+json"> and json_script
# blocks are data, which browsers never execute, so they need no exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# No page of ours uses these; a script that got in could not either.
PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

# Security headers: strict unless developing locally.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django's own console handler writes in debug only, and its records also reached
    # the root's: each line printed twice. One handler, Django's level in debug.
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": "INFO" if DEBUG else "WARNING",
            "propagate": False,
        }
    },
}
# History is for reviewing who changed what; changes are made by editing, so
# the history pages offer no "revert" button (it would skip the checks of the
# change forms, such as refusing a stale annotation).
SIMPLE_HISTORY_REVERT_DISABLED = True

CSRF_FAILURE_VIEW = "annotations.editing.api.csrf_failure"
