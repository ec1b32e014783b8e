"""What readers type against the seed articles, and exactly what each must find, on either database.

A is the SY24 article (000_…, its title is its first paragraph cut short), B
the one of 9 November 2020 (003_…). "A0"/"B0" is an article's title, "A3" its
third paragraph. `marks` is every distinct piece of published text marked in
the titles and paragraphs found: every hit, and nothing else.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Probe:
    query: str
    found: frozenset[str]  # titles and paragraphs, "A0" … "B13"
    marks: frozenset[str]
    approximate: bool = False  # found only by looking inside longer words
    why: str = ""

    @property
    def articles(self) -> set[str]:
        return {label[0] for label in self.found}


def probe(query, found, marks, why="", approximate=False):
    return Probe(query, frozenset(found.split()), frozenset(marks), approximate, why)


REFUGEES = "A1 A3 A4 A5 A7 A9 A11 A12 A13 B0 B1 B3 B4 B5 B6 B7 B9 B11 B13"
REFUGEE_MARKS = {"اللاجئين", "اللاجئون", "لاجئ"}
CONFERENCE = "A4 A11 A12 A13 A14 B0 B1 B3 B5 B6 B9 B10 B11 B12"
CONFERENCE_MARKS = {"المؤتمر", "مؤتمر", "للمؤتمر", "بمؤتمر"}
SYRIAN = "A0 A1 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 B1 B3 B9 B11 B12"
SYRIAN_MARKS = {"السوري", "السورية", "السوريين", "سورية", "لسورية", "والسورية"}
RUSSIAN = "A0 A1 A2 A3 A4 A5 A7 A8 A10 A11 A13 A14 B1 B3 B11 B12 B13"
RUSSIAN_MARKS = {"الروسي", "الروسية", "روسي", "روسية"}
SYRIA = "A6 A8 B1 B2 B4 B5"
RETURN = "A1 A3 A4 A5 A7 A12 A13 A14 B5 B7"
RETURN_MARKS = {"عودة", "لعودة", "بالعودة", "للعودة"}

PROBES = [
    # Hamza, harakat, tatweel, alef maqsura and ta marbuta are folded away.
    probe("الاسد", "A11 B0 B1", {"الأسد", "والأسد"}, "hamza on alef left out"),
    probe("الأسد", "A11 B0 B1", {"الأسد", "والأسد"}, "as published"),
    probe("إعادة", "B9", {"إعادة"}),
    probe("اعاده", "B9", {"إعادة"}, "hamza left out, ه for ة"),
    probe("مسوول", "A14", {"المسؤول"}, "hamza on waw typed as waw"),
    probe("مُؤتَمَر", CONFERENCE, CONFERENCE_MARKS, "harakat in the query"),
    probe("مؤتـــمر", CONFERENCE, CONFERENCE_MARKS, "tatweel in the query"),
    probe("بينت", "A9", {"وبيّنت"}, "shadda in the text; and «بينت» is not «بين»"),
    probe("تهديدا", "B4", {"تهديدًا"}, "tanween in the text"),
    probe("الي", "A4 A5 A7 A8 A10 A12 B5 B7 B10 B12 B13", {"إلى"}, "«إليها» is not «إلى»"),
    # Hamza on yeh, written or not, and typed twice.
    probe("اللاجئين", REFUGEES, REFUGEE_MARKS),
    probe("اللاجيين", REFUGEES, REFUGEE_MARKS, "hamza on yeh typed as yeh"),
    probe("اللاجئيين", REFUGEES, REFUGEE_MARKS, "an extra yeh: SQLite found nothing"),
    probe("للاجئين", REFUGEES, REFUGEE_MARKS, "«ل» + the article merged"),
    probe("لاجئ", REFUGEES, REFUGEE_MARKS, "the singular: SQLite found one article"),
    # Plural and nisba endings.
    probe("المؤتمرات", CONFERENCE, CONFERENCE_MARKS, "a plural: SQLite found nothing"),
    probe("اتفاقية", "A7 A10", {"اتفاقيات"}, "nisba: SQLite found nothing"),
    probe("مواطن", "A14 B4", {"المواطنين", "مواطنون"}, "the singular of a sound plural"),
    probe("المتطرف", "B4", {"المتطرفين"}),
    probe("سوري", SYRIAN, SYRIAN_MARKS, "the nisba meets its feminine and plural"),
    probe("السوريين", SYRIAN, SYRIAN_MARKS),
    probe("سورية", SYRIAN, SYRIAN_MARKS),
    probe("روسي", RUSSIAN, RUSSIAN_MARKS),
    probe("الروسية", RUSSIAN, RUSSIAN_MARKS),
    probe("انساني", "A4 A7 A8 A9 B2 B9 B10", {"الإنسانية", "والإنسانية"}),
    probe("الدولي", "A4 A6 A13 A14 B3 B6 B9 B10", {"الدولي", "الدولية", "دولي", "دولية"}),
    probe("الإدارات", "A3 A5", {"الإدارات"}),
    probe("بين", "A0 A1 A3 A5 A7 A8 B9 B13", {"بين"}, "not «بينها», «بينما» or «وبيّنت»"),
    # Persian and Urdu letters in copied text.
    probe("سوریا", SYRIA, {"سوريا"}, "farsi yeh"),
    probe("روسیا", "A5 A7 A12 B2 B3 B10", {"روسيا"}, "farsi yeh"),
    probe("کبیرا", "B2", {"كبيرا"}, "keheh and farsi yeh"),
    # Conjunctions, prepositions and the article.
    probe("زعم", "A14", {"وزعم"}),
    probe("وزعم", "A14", {"وزعم"}),
    probe("عوده", RETURN, RETURN_MARKS),
    probe("العوده", RETURN, RETURN_MARKS),
    probe("بالعودة", RETURN, RETURN_MARKS),
    probe("ضمن", "A9", {"وبضمن"}, "«و» and a bare «ب»"),
    probe("وبضمن", "A9", {"وبضمن"}),
    # A bare بـ/لـ/كـ: stripped where what remains is a word on the other side.
    probe("لموسكو", "A0 A1 B9 B12", {"موسكو"}),
    probe("بدمشق", "A2 A3 A11 A13 B12", {"دمشق"}),
    probe("بسوريا", SYRIA, {"سوريا"}),
    probe("لبنان", "A11 A12", {"لبنان"}),
    probe("بيان", "A3 A8 A10", {"بيان", "البيان"}),
    probe("البيان", "A3 A8 A10", {"بيان", "البيان"}),
    probe("كيان", "", set(), "«بيان» and «كيان» never meet through «يان»", approximate=True),
    # Digits, numbers and Latin codes.
    probe("6.5", "B4", {"6.5"}, "the words 6 and 5 in a row: PostgreSQL found nothing"),
    probe("٦٫٥", "B4", {"6.5"}, "Arabic-Indic digits and decimal sign"),
    probe("2020", "A4 A11", {"2020"}, "also inside «نوفمبر2020»"),
    probe("٢٠٢٠", "A4 A11", {"2020"}),
    probe("نوفمبر", "A11", {"نوفمبر"}),
    probe("26", "A2 A3", {"26"}),
    probe("٢٦", "A2 A3", {"26"}),
    probe("7", "A9", {"7"}),
    probe("2254", "B13", {"2254"}),
    probe("SY24", "A2", {"SY24"}),
    probe("sy24", "A2", {"SY24"}),
    probe("تموز", "A2 A3 A8", {"تموز"}),
    # Names.
    probe("بوتين", "A3 B0 B1 B2 B3 B6 B8", {"بوتين"}),
    probe("شويغو", "A3", {"شويغو"}),
    probe("ميزينتسيف", "A5 A13", {"ميزينتسيف"}),
    # All words, phrases, quotes, exclusion and «أو».
    probe("فلاديمير بوتين", "A3 B1", {"فلاديمير", "بوتين"}),
    probe('"فلاديمير بوتين"', "A3 B1", {"فلاديمير بوتين"}),
    probe("الأمم المتحدة", "A6 B10 B12", {"الأمم", "المتحدة"}),
    probe('"مؤتمر اللاجئين"', "A11 A12 B0 B1 B3 B9 B11", {"مؤتمر اللاجئين"}),
    probe("«عودة اللاجئين»", "A1 A3 A5 A12 A13 B5 B7", {"عودة اللاجئين"}),
    probe('"مؤتمر دولي"', "A13 B3", {"مؤتمر دولي"}),
    probe("الحياة السلمية", "A1 A3", {"الحياة", "السلمية"}),
    probe('"المؤتمر"', "A4 A11 A12 A13 A14 B9 B12", {"المؤتمر"}, "quoted: as written only"),
    probe("مؤتمر -دمشق", "A4 A12 A14 B0 B1 B3 B5 B6 B9 B10 B11", CONFERENCE_MARKS),
    probe(
        "-روسيا اللاجئين",
        "A1 A3 A4 A9 A11 A13 B0 B1 B4 B5 B6 B7 B9 B11 B13",
        REFUGEE_MARKS,
    ),
    probe("الحصار أو شويغو", "A3 B6 B7 B8", {"الحصار", "شويغو"}),
    # Nothing exactly: the words inside longer words, and the page says so.
    probe("Y24", "A2", {"Y24"}, approximate=True),
    probe("ميزينت", "A5 A13", {"ميزينت"}, approximate=True),
    probe("حض", "A11", {"حض"}, "shorter than a trigram", approximate=True),
    probe("القرآن", "", set(), "nothing at all", approximate=True),
]


@dataclass
class Seeds:
    """The seed articles' titles and paragraphs by label, and the label of each entry."""

    texts: dict[str, str] = field(default_factory=dict)
    labels: dict[tuple[str, int], str] = field(default_factory=dict)  # (kind, object_id)
    urls: dict[str, str] = field(default_factory=dict)  # "A": the article's address
