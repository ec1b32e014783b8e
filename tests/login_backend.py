"""django-axes for the test client: `client.login()` is checked against lockouts too.

Django's `Client.login()` calls `authenticate()` without a request, which django-axes
refuses outright (it counts failures per address). Rather than switch axes off for the
suite, this gives such a call the request the test client sends itself (from 127.0.0.1),
so a locked-out user cannot log in through `client.login()` either. The site's own login
pages always pass their request and use the real backend unchanged.
"""

from axes.backends import AxesStandaloneBackend
from django.test import RequestFactory


class AxesBackendForTheTestClient(AxesStandaloneBackend):
    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            request = RequestFactory().post("/accounts/login/")
        return super().authenticate(request, username=username, password=password, **kwargs)
