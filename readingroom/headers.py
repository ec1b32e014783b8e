"""The security headers every answer carries, made once per process.

Content-Security-Policy comes from django-csp and CONTENT_SECURITY_POLICY;
Permissions-Policy turns off the browser features no page of Qira'a uses, so
camera, microphone, location, payment and the rest are refused to our own pages
and to anything embedded in them, and a script that slipped in could not ask
for them either (Django has a setting for the other security headers but none
for this one).

Both are the same for every answer unless a view asks for a policy of its own
(django-csp's decorators) or a nonce. django-csp builds its policy from the
settings twice for each answer, an answer from the page cache or a 304 included;
here it is built once, when the process starts, and django-csp's own way is
taken only for the answers that need it.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# What django-csp's decorators leave on a response.
_OWN_POLICY = frozenset(
    {
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt_ro",
    }
)


def permissions_policy(features) -> str:
    return ", ".join(f"{feature}=()" for feature in features)


def _has_excluded_prefixes() -> bool:
    return any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    )


class SecurityHeadersMiddleware(CSPMiddleware):
    """Content-Security-Policy (and its report-only twin, if set) and Permissions-Policy."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.permissions = permissions_policy(settings.PERMISSIONS_POLICY)
        self.fixed = {
            name: value
            for name, value in (
                (HEADER, build_policy()),
                (HEADER_REPORT_ONLY, build_policy(report_only=True)),
            )
            if value
        }
        # In debug django-csp leaves 404 and 500 pages alone, and prefixes may be excluded:
        # those cases go its own way.
        self.simple = not settings.DEBUG and not _has_excluded_prefixes()

    def process_response(self, request, response):
        if self._fixed_applies(request, response):
            for name, value in self.fixed.items():
                if name not in response:
                    response[name] = value
            # As django-csp does: a nonce asked for after the header is written is an error.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        else:
            response = super().process_response(request, response)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions
        return response

    def _fixed_applies(self, request, response) -> bool:
        if not self.simple or getattr(request, "_csp_nonce", None) is not None:
            return False
        own = _OWN_POLICY.intersection(vars(response))
        return not any(getattr(response, name) for name in own)
