"""Other apps add to the reading page without the archive importing them.

annotations registers a function here in its AppConfig.ready(); the archive
calls whatever is registered. Dependencies keep pointing one way.
"""

reading_page_extensions = []


def extend_reading_page(function):
    """Register `function(request, article, paragraphs) -> dict` of extra template context."""
    reading_page_extensions.append(function)
    return function
