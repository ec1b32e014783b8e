"""Arabic counted nouns for messages and pages: «مقال واحد»، «مقالان»، «٣ مقالات»، «١١ مقالًا»."""

from typing import NamedTuple


class Noun(NamedTuple):
    singular: str  # مقال
    dual: str  # مقالان
    plural: str  # مقالات (3 to 10)
    accusative: str  # مقالًا (11 to 99)
    one: str = "واحد"  # or «واحدة» for a feminine noun


def count_of(n: int, noun: Noun) -> str:
    if n == 0:
        return f"لا {noun.singular}"
    if n == 1:
        return f"{noun.singular} {noun.one}"
    if n == 2:
        return noun.dual
    rest = n % 100
    if 3 <= rest <= 10:
        return f"{n} {noun.plural}"
    if 11 <= rest <= 99:
        return f"{n} {noun.accusative}"
    return f"{n} {noun.singular}"  # 100, 101, 102, 200…


ARTICLE = Noun("مقال", "مقالان", "مقالات", "مقالًا")
PUBLISHED_ARTICLE = Noun("مقال منشور", "مقالان منشوران", "مقالات منشورة", "مقالًا منشورًا")
TAGGED_CLAIM = Noun("ادعاء موسوم", "ادعاءان موسومان", "ادعاءات موسومة", "ادعاءً موسومًا")
ANNOTATION = Noun("توسيم", "توسيمان", "توسيمات", "توسيمًا")
ALIAS = Noun("اسم بديل", "اسمان بديلان", "أسماء بديلة", "اسمًا بديلًا")

CHILD = Noun("جهة تابعة", "جهتان تابعتان", "جهات تابعة", "جهة تابعة", one="واحدة")
