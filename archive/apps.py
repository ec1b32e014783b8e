from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "الأرشيف"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive import page_versions  # noqa: F401 renews cached pages on each write
        from archive.search import (
            signals,  # noqa: F401 connects the search index receivers
            vocabulary_signals,  # noqa: F401 and the suggestions' words
        )
