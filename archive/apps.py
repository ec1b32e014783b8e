from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "الأرشيف"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive.search import (
            signals,  # noqa: F401 connects the search index receivers
            vocabulary_signals,  # noqa: F401 and the suggestions' words
        )
