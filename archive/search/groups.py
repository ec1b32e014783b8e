"""Result groups other apps add to the search page, so the archive never imports them.

annotations registers its actors and annotation notes in AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ResultGroup:
    key: str  # the value of ?in= that shows this group alone
    label: str
    kind: str  # the SearchEntry kind it searches
    template: str  # renders one item of `load`'s list
    # load(object_ids in rank order, query) -> items in that order, one query or two
    load: Callable
    # rebuild() indexes every row of this kind again (manage.py rebuild_search_index)
    rebuild: Callable
    # hidden_from_readers() -> a queryset of the ids readers may not find, beyond
    # entries of unpublished articles (actors known only from drafts); None: no more
    hidden_from_readers: Callable | None = None


result_groups: dict[str, ResultGroup] = {}


def register_result_group(group: ResultGroup) -> ResultGroup:
    result_groups[group.key] = group
    return group
