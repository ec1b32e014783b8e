"""Password reset exists only when the site can send mail, and then cannot be used to flood.

Without DJANGO_EMAIL_HOST no reset could reach anyone: the pages answer 404 and the
login page does not offer one. With it, an editor asks for a link, receives it, chooses
a new password and logs in; a few requests an hour per address and per e-mail are
answered, the rest get an Arabic page with status 429 and no mail.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db

RESET_PAGES = [
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/MQ/set-password/",
    "/accounts/reset/MQ/abc-123/",
    "/accounts/reset/done/",
]


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def without_mail(settings):
    settings.EMAIL_HOST = ""


@pytest.fixture
def with_mail(settings):
    settings.EMAIL_HOST = "smtp.qiraa.example"
    settings.PASSWORD_RESET_LIMIT_PER_HOUR = 5


@pytest.fixture
def muharrira(django_user_model):
    return django_user_model.objects.create_user(
        "muharrira", email="muharrira@qiraa.example", password="القديمة-٢٠٢٣"
    )


@pytest.mark.parametrize("path", RESET_PAGES)
def test_without_mail_the_reset_pages_do_not_exist(client, without_mail, path):
    assert client.get(path).status_code == 404
    assert client.post(path, {"email": "muharrira@qiraa.example"}).status_code == 404


def test_without_mail_the_login_page_offers_no_reset(client, without_mail, muharrira):
    page = client.get("/accounts/login/").content.decode()

    assert "password_reset" not in page
    assert "نسيت كلمة المرور" not in page
    assert mail.outbox == []


def test_with_mail_an_editor_resets_the_password_from_the_login_page(client, with_mail, muharrira):
    login_page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password_reset/"' in login_page

    asked = client.post("/accounts/password_reset/", {"email": "muharrira@qiraa.example"})
    assert asked.status_code == 302
    assert client.get(asked["Location"]).status_code == 200

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["muharrira@qiraa.example"]
    link = re.search(r"http://testserver(/accounts/reset/[^\s]+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "كلمة المرور الجديدة" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "الجديدة-للمحررة-٢٠٢٤", "new_password2": "الجديدة-للمحررة-٢٠٢٤"},
    )
    assert done.status_code == 302

    fresh = Client()
    assert (
        fresh.post(
            "/accounts/login/", {"username": "muharrira", "password": "الجديدة-للمحررة-٢٠٢٤"}
        ).status_code
        == 302
    )
    # The link works once.
    assert "لم يعد يعمل" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, with_mail, muharrira):
    asked = client.post("/accounts/password_reset/", {"email": "nobody@qiraa.example"})

    assert asked.status_code == 302
    assert asked["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_too_many_requests_from_one_address_are_refused_without_mail(client, with_mail, muharrira):
    for n in range(5):
        client.post("/accounts/password_reset/", {"email": f"someone-{n}@qiraa.example"})
    client.post("/accounts/password_reset/", {"email": "muharrira@qiraa.example"})

    refused = client.post("/accounts/password_reset/", {"email": "muharrira@qiraa.example"})

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "طلبات كثيرة لإعادة كلمة المرور" in refused.content.decode()
    assert len(mail.outbox) == 0  # the sixth from this address was refused too
    # Another address is still answered.
    other = Client(REMOTE_ADDR="198.51.100.20")
    assert (
        other.post("/accounts/password_reset/", {"email": "muharrira@qiraa.example"}).status_code
        == 302
    )
    assert len(mail.outbox) == 1


def test_one_inbox_cannot_be_flooded_from_many_addresses(client, with_mail, muharrira):
    answers = [
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(
            "/accounts/password_reset/", {"email": "MUHARRIRA@qiraa.example"}
        )
        for n in range(8)
    ]

    assert [a.status_code for a in answers] == [302] * 5 + [429] * 3
    assert len(mail.outbox) == 5


def test_an_unusable_email_is_a_form_error_not_a_crash(client, with_mail):
    page = client.post("/accounts/password_reset/", {"email": "ليس-عنوانًا"})

    assert page.status_code == 200
    assert page.context["form"].errors
