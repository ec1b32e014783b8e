"""URL converters."""


class UnicodeSlugConverter:
    """Slugs: letters of any script, digits, - and _, and the harakat a reader may type.

    Django's <slug:> is ASCII-only and <str:> lets anything through, including
    a NUL byte that PostgreSQL refuses with an error instead of a 404. Slugs
    hold no harakat (archive.slugs), but «/articles/مُدِير/» typed or pasted by
    a reader must reach the page's lookup, which redirects it to «مدير».
    """

    regex = "[-\\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
