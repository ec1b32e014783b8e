"""Settings for the test suite: the real settings, with test-only adjustments."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789")
# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make around it are still synchronous. Tests only.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from readingroom.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The manifest exists only after collectstatic; tests render templates without it.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the app folders, as the development server does.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Two runs of the suite against one PostgreSQL server (say, in two terminals) each
# need their own test database: QIRAA_TEST_DATABASE_NAME names it.
if os.environ.get("QIRAA_TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["QIRAA_TEST_DATABASE_NAME"]}  # noqa: F405
# Unless a cache server is named (CI runs the suite once with Redis), the suite keeps
# its cache in a directory of its own; tests/conftest.py gives each test its own keys.
if not os.environ.get("QIRAA_CACHE_URL"):
    import atexit
    import shutil
    import tempfile

    CACHES["default"]["LOCATION"] = tempfile.mkdtemp(prefix="qiraa-test-cache-")  # noqa: F405
    atexit.register(shutil.rmtree, CACHES["default"]["LOCATION"], ignore_errors=True)  # noqa: F405
# client.login() authenticates without a request; django-axes still checks it (tests/login_backend.py).
AUTHENTICATION_BACKENDS = [
    "tests.login_backend.AxesBackendForTheTestClient",
    "django.contrib.auth.backends.ModelBackend",
]
