"""Latin runs and numbers inside Arabic are isolated at render time."""

import pytest

from archive.bidi import isolate_ltr_runs


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("حسب ما تابعت منصة SY24، أن", "حسب ما تابعت منصة <bdi>SY24</bdi>، أن"),
        ("أكثر من 6.5 مليون لاجئ", "أكثر من <bdi>6.5</bdi> مليون لاجئ"),
        ("نوفمبر2020، عُقد", "نوفمبر<bdi>2020</bdi>، عُقد"),
        ("في ٢٠٢٤ انعقد", "في <bdi>٢٠٢٤</bdi> انعقد"),
        ("قال Vasily Nebenzia إن", "قال <bdi>Vasily Nebenzia</bdi> إن"),
        ("بين 24 و29 تموز", "بين <bdi>24</bdi> و<bdi>29</bdi> تموز"),
        ("نص عربي فقط", "نص عربي فقط"),
        ("<b>SY24</b>", "&lt;<bdi>b</bdi>&gt;<bdi>SY24</bdi>&lt;/<bdi>b</bdi>&gt;"),
        ("", ""),
    ],
)
def test_isolate_ltr_runs(text, html):
    assert isolate_ltr_runs(text) == html


def test_bidi_override_characters_stay_escaped_text_inside_the_paragraph():
    """U+202E is kept (text as published) but cannot open an element or escape its <p>."""
    assert isolate_ltr_runs("خبر \u202eabc") == "خبر \u202e<bdi>abc</bdi>"
