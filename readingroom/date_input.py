"""A date typed as Arabic readers type it: «2021-07-20» or «٢٠٢١-٠٧-٢٠», in a plain text box.

The browser's own date input shows «mm/dd/yyyy» in an Arabic page and its order depends on
the reader's machine; a text box with the placeholder «سنة-شهر-يوم» reads the same everywhere,
and the address keeps the ISO date (?from=2021-07-20) that links and the API already use.
"""

from django import forms

# Arabic-Indic (٠…٩) and the Persian/Urdu forms (۰…۹) as the ASCII digits Python parses.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)

PLACEHOLDER = "سنة-شهر-يوم"


def western_digits(text: str) -> str:
    return text.translate(_DIGITS)


class ArabicDateField(forms.DateField):
    input_formats = ["%Y-%m-%d"]

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": PLACEHOLDER, "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = western_digits(value.strip())
        return super().to_python(value)

    def prepare_value(self, value):
        # A date shown back is always ISO with Western digits, whatever was typed.
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value
