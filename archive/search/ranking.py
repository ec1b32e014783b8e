"""How well an entry matches a query: one score, the same on both databases.

The databases find the matches (archive.search.postgres and sqlite); this
scores the few a page ranks (engine.CANDIDATES of each kind) from the
entry's own columns, weighing them as ts_rank weighs a tsvector's A, B and C:
each time a form of a query word is one of the text's words counts 5, a form
among the text's other forms (`stems`) 2, among its bare bases (`bare`) 1;
a phrase or quoted word counts 5 each time its words stand in that order.
Neither database's own ranking is used: bm25 reads every match of each word
to weigh it, which for a common word was nearly all of a search's time, and
ts_rank and bm25 ordered ties and long paragraphs each their own way.
Whole numbers, so that equal scores are equal and ties fall to the id.
"""

from archive.search.query import ParsedQuery

TEXT, OTHER_FORM, BARE_BASE = 5, 2, 1


class Scorer:
    """score(body, stems, bare) for one query's wanted words (exclusions are the database's).

    The columns are words one space apart (`body` a line per line of the
    text, archive.search.index). With every space doubled and the text
    padded, each word stands between spaces of its own, so counting " word "
    counts every time it appears, side by side or not; phrases run on across
    lines, as in both indexes.
    """

    def __init__(self, query: ParsedQuery):
        own, bare, runs = [], [], []
        for term in query.terms:
            if term.matches_forms:
                own += [f" {form} " for form in term.forms]
                # A bare base of the query meets only the text's own forms, as in the index.
                bare += [f" {form} " for form in term.bare_forms]
            else:
                runs.append(" " + "  ".join(term.words) + " ")
        self.own, self.bare, self.runs = own, bare, runs

    def __call__(self, body: str, stems: str, bare: str) -> int:
        text = " " + body.replace("\n", " ").replace(" ", "  ") + " "
        other, bases = f" {stems} ", f" {bare} "
        total = 0
        for form in self.own:
            total += TEXT * text.count(form) + OTHER_FORM * (form in other)
            total += BARE_BASE * (form in bases)
        for form in self.bare:
            total += TEXT * text.count(form) + OTHER_FORM * (form in other)
        for run in self.runs:
            total += TEXT * text.count(run)
        return total
