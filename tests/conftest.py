import os
import uuid

import pytest

from annotations.roles import ensure_editors_group

CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str):
    """Skip locally with a visible reason; fail in CI, where the part must be present."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    require(os.path.exists(CHROMIUM), f"{CHROMIUM} not found: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="ar", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("qari", password="قراءة-فقط-123")


@pytest.fixture
def curator(django_user_model):
    """Staff with every annotation permission: works in the admin, settles disputes."""
    user = django_user_model.objects.create_user("muharrir-amm", password="x", is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("muharrir", password="x")
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def other_editor(django_user_model):
    user = django_user_model.objects.create_user("muharrira", password="x")
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def head_curator(django_user_model):
    """Staff in the group Curators: everything in the admin for archive and annotations, history too."""
    from annotations.roles import ensure_curators_group

    user = django_user_model.objects.create_user("amin-al-arshif", password="x", is_staff=True)
    user.groups.add(ensure_curators_group())
    return user


@pytest.fixture
def administrator(django_user_model):
    """A superuser: all of the admin, users and groups included."""
    return django_user_model.objects.create_superuser("mudir", password="x")


@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    """Each test its own cache keys: the database is rolled back after a test, the cache is not."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"t{uuid.uuid4().hex[:12]}"}
    }
    from django.core.cache import caches
    from django.core.cache.backends.filebased import FileBasedCache

    cache = caches["default"]
    if isinstance(cache, FileBasedCache):
        # The suite's own directory: emptied, since Django lists it on every write and a
        # directory of thousands of old entries would slow every test after.
        cache.clear()
