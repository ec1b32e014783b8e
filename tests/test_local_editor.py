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
