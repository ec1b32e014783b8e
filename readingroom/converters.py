"""URL converters."""


class UnicodeSlugConverter:
    """Slugs as slugify(allow_unicode=True) makes them: letters of any script, digits, - and _.

    Django's <slug:> is ASCII-only and <str:> lets anything through, including
    a NUL byte that PostgreSQL refuses with an error instead of a 404.
    """

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
