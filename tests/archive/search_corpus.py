"""A small archive that holds every spelling variant readers must find."""

from tests.factories import make_article

PARAGRAPHS = [
    "قال مصدر مطلع إن الأسد التقى الوفد الروسي في دمشق.",
    "وتحدث الوزير عن إعادة الإعمار بعد سنوات الحرب.",
    "وانعقد مُؤتَمَر اللاجئين في دمشق يوم ٢٠٢١/١١/١١ بحضور SY24.",
    "وزعـــم المسؤول أن مستشفى المدينة يعمل بكامل طاقته 😀 منذ أشهر.",
    "وبقيت المكتبة والمدرسة مفتوحتين طوال الحصار.",
]


def make_search_corpus():
    """Two published articles: the variants above, and «مستشفي» spelled with ya."""
    main = make_article(title="تقرير عن دمشق", paragraphs=PARAGRAPHS)
    other = make_article(title="أخبار الحي", paragraphs=["افتتح مستشفي الحي الجديد أبوابه للمرضى."])
    return main, other
