"""The things pages count, by the name templates give them: {{ n|counted:"paragraph" }}.

Every count a page prints goes through readingroom.plural, so Arabic's rules hold
everywhere: «فقرة واحدة», «فقرتان», «3 فقرات», «11 فقرة», «100 فقرة», «لا فقرة».
A label followed by a colon and a number («عدد الادعاءات: 3») needs no noun and stays a number.
"""

from readingroom.plural import ALIAS, ANNOTATION, ARTICLE, Noun

PAGE_NOUNS = {
    "paragraph": Noun("فقرة", "فقرتان", "فقرات", "فقرة", one="واحدة"),
    "matching_paragraph": Noun(
        "فقرة مطابقة", "فقرتان مطابقتان", "فقرات مطابقة", "فقرة مطابقة", one="واحدة"
    ),
    "mention": Noun("إشارة", "إشارتان", "إشارات", "إشارة", one="واحدة"),
    "annotation": ANNOTATION,
    "article": ARTICLE,
    # After a preposition: «في مقال واحد», «في مقالين», «في 3 مقالات».
    "article_after_preposition": Noun("مقال", "مقالين", "مقالات", "مقالًا"),
    "claim": Noun("ادعاء", "ادعاءان", "ادعاءات", "ادعاءً"),
    "source": Noun("مصدر", "مصدران", "مصادر", "مصدرًا"),
}

# Characters, in the messages that say how long a text is: «أطول من 60 محرفًا (100 محرف)».
CHARACTER = Noun("محرف", "محرفان", "محارف", "محرفًا")

# The admin's lists count their rows by model («3 مقالات», «11 فاعلًا»), keyed by app_label.model.
# A model not named here is counted as «المقالات: 3», which reads right whatever the number.
MODEL_NOUNS = {
    "archive.outlet": Noun(
        "وسيلة إعلام", "وسيلتا إعلام", "وسائل إعلام", "وسيلة إعلام", one="واحدة"
    ),
    "archive.article": ARTICLE,
    "archive.paragraph": PAGE_NOUNS["paragraph"],
    "annotations.actor": Noun("فاعل", "فاعلان", "فاعلين", "فاعلًا"),
    "annotations.actoralias": ALIAS,
    "annotations.annotation": ANNOTATION,
    "annotations.tag": Noun("وسم", "وسمان", "وسوم", "وسمًا"),
    "auth.user": Noun("مستخدم", "مستخدمان", "مستخدمين", "مستخدمًا"),
    "auth.group": Noun("مجموعة", "مجموعتان", "مجموعات", "مجموعة", one="واحدة"),
}
