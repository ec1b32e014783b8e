"""Signals the archive sends, so that other apps can follow its changes."""

from django.dispatch import Signal

# Sent with `article` and `removed` (a list of paragraphs) inside the
# transaction that changed the article's paragraph texts, after the surviving
# and new paragraphs are saved and before `removed` are deleted: whatever
# points at a paragraph must move off `removed` now or be deleted with them.
article_text_changed = Signal()
