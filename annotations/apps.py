from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "التوسيم"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # history, reanchoring and search connect their signal receivers.
        from annotations import (  # noqa: F401
            history,
            page_versions,
            reanchoring,
            search,
            search_words,
        )
        from annotations.reading.page import annotated_paragraphs
        from archive.extensions import extend_reading_page

        extend_reading_page(annotated_paragraphs)
        search.register()
        search_words.register()
