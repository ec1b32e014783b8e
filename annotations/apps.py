from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "التوسيم"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from annotations import reanchoring, search  # noqa: F401 connect their receivers
        from annotations.reading import annotated_paragraphs
        from archive.extensions import extend_reading_page

        extend_reading_page(annotated_paragraphs)
        search.register()
