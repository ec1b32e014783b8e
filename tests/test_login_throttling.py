"""Guessing passwords: after a few wrong ones a login is refused for a while, on both login pages.

django-axes counts wrong passwords per username and address together, in the database.
At the limit (QIRAA_LOGIN_FAILURE_LIMIT, 5) that username is refused from that address
for the cool-off (QIRAA_LOGIN_COOLOFF_MINUTES, 15) with an Arabic page, status 429,
even with the right password; nobody else is.
"""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from annotations.roles import ensure_editors_group

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "كلمة-سر-المحرر-٢٠٢٤"
LOGIN_PAGES = ["/accounts/login/", "/admin/login/"]


@pytest.fixture
def muharrir(django_user_model):
    """Staff, so that the admin's login page would let them in too."""
    user = django_user_model.objects.create_user("muharrir", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


def attempt(client, page, username, password, **extra):
    return client.post(page, {"username": username, "password": password}, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def lock_out(client, page, username="muharrir", **extra):
    """Wrong passwords up to the limit; returns the answers."""
    return [
        attempt(client, page, username, f"خطأ-{n}", **extra)
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_wrong_passwords_up_to_the_limit_lock_the_login_and_the_next_attempts_get_the_lockout_page(
    client, muharrir, page
):
    assert settings.AXES_FAILURE_LIMIT == 5

    answers = lock_out(client, page)

    # The first four are told the password is wrong, as always.
    for answer in answers[:-1]:
        assert answer.status_code == 200
        assert answer.context["form"].errors
    # The fifth locks, and says so; the sixth wrong password gets the same page.
    assert answers[-1].status_code == 429
    sixth = attempt(client, page, "muharrir", "خطأ-6")
    assert sixth.status_code == 429
    assert "الدخول موقوف مؤقتًا" in sixth.content.decode()
    assert not logged_in(client)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_the_right_password_is_refused_while_locked_out(client, muharrir, page):
    lock_out(client, page)

    answer = attempt(client, page, "muharrir", PASSWORD)

    assert answer.status_code == 429
    assert not logged_in(client)
    assert not client.login(username="muharrir", password=PASSWORD)  # nor through the test client


def test_the_lockout_page_says_what_happened_when_to_try_again_and_who_can_lift_it(
    client, muharrir
):
    lock_out(client, "/accounts/login/")

    before = timezone.localtime(timezone.now() + timedelta(minutes=15)).strftime("%H:%M")
    answer = attempt(client, "/accounts/login/", "muharrir", PASSWORD)
    after = timezone.localtime(timezone.now() + timedelta(minutes=15)).strftime("%H:%M")
    page = answer.content.decode()

    assert answer.status_code == 429
    assert answer["Retry-After"] == str(15 * 60)
    assert answer["Content-Type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in page
    assert "بعد 5 محاولات خاطئة" in page
    assert "حاول مرة أخرى بعد 15 دقيقة" in page
    # When to try again, on Damascus's clock (the minute may tick over during the request).
    assert f'نحو الساعة <bdi dir="ltr">{before}</bdi>' in page or after in page
    assert "python manage.py axes_reset_username muharrir" in page
    assert "حتى كلمة المرور الصحيحة" in page


def test_a_typed_username_with_markup_is_shown_as_text_on_the_lockout_page(client):
    name = '<script>alert("x")</script>'
    lock_out(client, "/accounts/login/", username=name)

    page = attempt(client, "/accounts/login/", name, "x").content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_other_users_at_the_same_address_are_not_locked(client, muharrir, django_user_model):
    django_user_model.objects.create_user("muharrira", password="كلمة-أخرى-٣٣")
    lock_out(client, "/accounts/login/")

    answer = attempt(Client(), "/accounts/login/", "muharrira", "كلمة-أخرى-٣٣")

    assert answer.status_code == 302


def test_the_same_user_from_another_address_is_not_locked(client, muharrir):
    lock_out(client, "/accounts/login/", REMOTE_ADDR="203.0.113.7")

    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    answer = attempt(elsewhere, "/accounts/login/", "muharrir", PASSWORD)

    assert answer.status_code == 302
    assert logged_in(elsewhere)


def test_a_successful_login_starts_the_count_again(client, muharrir):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "/accounts/login/", "muharrir", f"خطأ-{n}").status_code == 200
    assert attempt(client, "/accounts/login/", "muharrir", PASSWORD).status_code == 302
    client.post("/accounts/logout/")

    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        answer = attempt(client, "/accounts/login/", "muharrir", f"خطأ-{n}")
        assert answer.status_code == 200, f"locked after {n + 1} wrong passwords"
    assert attempt(client, "/accounts/login/", "muharrir", PASSWORD).status_code == 302


def test_failures_on_both_login_pages_count_together(client, muharrir):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, LOGIN_PAGES[n % 2], "muharrir", f"خطأ-{n}")

    assert attempt(client, "/admin/login/", "muharrir", "خطأ").status_code == 429
    assert attempt(client, "/accounts/login/", "muharrir", PASSWORD).status_code == 429


def test_a_curator_lifts_the_lockout_with_axes_reset_username(client, muharrir):
    lock_out(client, "/accounts/login/")

    call_command("axes_reset_username", "muharrir", verbosity=0)

    assert attempt(client, "/accounts/login/", "muharrir", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, muharrir):
    lock_out(client, "/accounts/login/")
    assert attempt(client, "/accounts/login/", "muharrir", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert attempt(client, "/accounts/login/", "muharrir", PASSWORD).status_code == 302


def test_failures_are_kept_in_the_database_for_every_app_server(client, muharrir):
    lock_out(client, "/accounts/login/")

    stored = AccessAttempt.objects.get(username="muharrir")
    assert stored.ip_address == "127.0.0.1"
    assert stored.failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_without_the_proxy_setting_x_forwarded_for_cannot_dodge_the_count(client, muharrir):
    """A client sending a new X-Forwarded-For with every guess is still one address."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "/accounts/login/", "muharrir", "خطأ", HTTP_X_FORWARDED_FOR=f"10.9.0.{n}")

    answer = attempt(
        client, "/accounts/login/", "muharrir", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )

    assert answer.status_code == 429


def test_behind_the_tls_proxy_each_client_is_counted_by_the_address_the_proxy_saw(
    client, muharrir, settings
):
    settings.BEHIND_TLS_PROXY = True
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the proxy
    # The client prepends a forged address; the proxy appends the one it saw.
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(
            client,
            "/accounts/login/",
            "muharrir",
            "خطأ",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7",
            **proxy,
        )

    # The attacker is locked however they forge the header…
    forged = attempt(
        client,
        "/accounts/login/",
        "muharrir",
        PASSWORD,
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7",
        **proxy,
    )
    assert forged.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    # …while the editor, at another address behind the same proxy, logs in.
    editor = attempt(
        Client(),
        "/accounts/login/",
        "muharrir",
        PASSWORD,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
        **proxy,
    )
    assert editor.status_code == 302


def start_with(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "QIRAA_"))}
    clean.update(env, DJANGO_DEBUG="true", DJANGO_SETTINGS_MODULE="readingroom.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s;"
            " print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds() // 60))",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_limit_and_the_cool_off_come_from_the_environment():
    done = start_with(QIRAA_LOGIN_FAILURE_LIMIT="3", QIRAA_LOGIN_COOLOFF_MINUTES="60")

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "60"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"QIRAA_LOGIN_FAILURE_LIMIT": "five"}, "QIRAA_LOGIN_FAILURE_LIMIT must be a whole number"),
        ({"QIRAA_LOGIN_FAILURE_LIMIT": "0"}, "must be at least 1"),
        ({"QIRAA_LOGIN_COOLOFF_MINUTES": "-5"}, "must be at least 1"),
    ],
)
def test_an_unusable_limit_stops_the_start_naming_the_variable(env, message):
    done = start_with(**env)

    assert done.returncode != 0
    assert message in done.stderr


def test_four_app_servers_share_one_count_and_lock_a_guesser_out_of_both_pages(tmp_path):
    """Against real gunicorn workers, each guess may reach another process: the count is shared."""
    from tests.scratch import Browserless, scratch_site

    with scratch_site(tmp_path) as site:
        site.manage("migrate", "--noinput")
        password = site.add_editor("muharrir", staff=True)
        other_password = site.add_editor("muharrira")
        base = site.serve(workers=4)
        answers = {}
        for page, guesses in (("/accounts/login/", 30), ("/admin/login/", 10)):
            guesser = Browserless(base)
            guesser.request("GET", page)
            answers[page] = [
                guesser.request(
                    "POST",
                    page,
                    data={
                        "username": "muharrir",
                        "password": f"تخمين-{n}",
                        "csrfmiddlewaretoken": guesser.csrf(),
                    },
                )[0]
                for n in range(guesses)
            ]
        status, headers, body = guesser.request(
            "POST",
            "/accounts/login/",
            data={
                "username": "muharrir",
                "password": password,
                "csrfmiddlewaretoken": guesser.csrf(),
            },
        )

        assert answers["/accounts/login/"] == [200] * 4 + [429] * 26
        assert answers["/admin/login/"] == [429] * 10  # the same count, the other page
        assert status == 429 and headers["Retry-After"] == "900"
        assert "axes_reset_username muharrir" in body.decode()
        Browserless(base).login("muharrira", other_password)  # a colleague at the same address
        site.manage("axes_reset_username", "muharrir")
        Browserless(base).login("muharrir", password)
