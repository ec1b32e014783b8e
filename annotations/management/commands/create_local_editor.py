import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations.roles import ensure_editors_group


class Command(BaseCommand):
    help = (
        "Create or refresh the local 'editor' account with a new random password and print "
        "the login. Development only: refuses unless DJANGO_DEBUG is on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument(
            "--host", default="127.0.0.1:8000", help="where the site is served (make run's HOST)"
        )

    def handle(self, *args, username, host, **options):
        if not settings.DEBUG:
            raise CommandError("create_local_editor is for local development (DJANGO_DEBUG=true).")
        user, _ = get_user_model().objects.get_or_create(username=username)
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        user.groups.add(ensure_editors_group())
        self.stdout.write(
            f"Local editor login: {username} / {password}  (http://{host}/accounts/login/)"
        )
