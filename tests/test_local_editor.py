"""create_local_editor: make run prints a working editor login, only in development."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_prints_a_login_that_works(client, settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("create_local_editor", stdout=out)

    username, password = re.search(r"login: (\S+) / (\S+)", out.getvalue()).groups()
    assert client.login(username=username, password=password)


def test_refuses_outside_development(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="local development"):
        call_command("create_local_editor", stdout=io.StringIO())


def test_the_login_address_is_where_the_site_is_served(settings):
    """make run HOST=127.0.0.1:8040 prints the login page on that port, not on the default one."""
    settings.DEBUG = True
    out = io.StringIO()

    call_command("create_local_editor", "--host", "127.0.0.1:8040", stdout=out)

    assert "(http://127.0.0.1:8040/accounts/login/)" in out.getvalue()
