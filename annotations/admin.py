"""Where Django's admin finds this app's admin: the classes are curation's (annotations/curation/admin.py)."""

from annotations.curation import admin  # noqa: F401
