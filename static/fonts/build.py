"""Rebuild the site's fonts from Debian's fonts-noto-core: `make fonts`.

Each family the pages name is a set of files under one CSS family name: the
Arabic letters from a Noto Arabic font, Latin letters, digits and punctuation
from the Noto Latin font drawn to go with it (Naskh with Noto Serif, Sans
Arabic with Noto Sans), and the interface's arrows and triangles from Noto Sans
Symbols. `unicode-range` sends every character to exactly one file, so «SY24»,
«Vladimir Putin», «%» and “ ” are set in one designed face on every machine,
and never in whatever the reader's system has.

The subsets keep every OpenType layout feature (Arabic joining, lam-alef,
mark positioning) and drop hinting, which modern browsers do not need; this
writes the WOFF2 files and fonts.css beside this script.

    python static/fonts/build.py [--source /usr/share/fonts/truetype/noto]
"""

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
DEBIAN_NOTO = Path("/usr/share/fonts/truetype/noto")

# The Arabic face keeps the word space, the no-break space and « », which
# Arabic text uses constantly and which the Arabic fonts draw for it. The
# zero-width joiners and the bidi marks stay with it too, so they never cut a
# word into two fonts (which would break its joining).
ARABIC = [
    (0x0020, 0x0020),
    (0x00A0, 0x00A0),
    (0x00AB, 0x00AB),
    (0x00BB, 0x00BB),
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic Supplement
    (0x0870, 0x08FF),  # Arabic Extended-B and -A
    (0x200C, 0x200F),  # ZWNJ, ZWJ, LRM, RLM
    (0x25CC, 0x25CC),  # the dotted circle a lone haraka sits on
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A (text copied from PDFs)
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
]
# Everything Latin the archive's text and names need: ASCII (digits included,
# so «SY24» is one face), Latin-1 and Latin Extended-A letters (Erdoğan,
# Çavuşoğlu, Kurdish ê î û ş), combining accents, dashes, curly quotes,
# ellipsis, per mille, primes, the euro and the minus sign.
LATIN = [
    (0x0021, 0x007E),
    (0x00A1, 0x00AA),
    (0x00AC, 0x00BA),
    (0x00BC, 0x017F),
    (0x0218, 0x021B),
    (0x02BB, 0x02BC),
    (0x02C6, 0x02C6),
    (0x02DA, 0x02DC),
    (0x0300, 0x036F),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
    (0x2212, 0x2212),
]

# The interface's arrows («التالية ←», old ← new) and the admin's triangles (▸ ▾), which
# neither the Arabic nor the Latin fonts draw: from Noto's symbol fonts, for both families.
ARROWS = [(0x2190, 0x21FF)]
SHAPES = [(0x25A0, 0x25CB), (0x25CD, 0x25FF)]  # not U+25CC, the Arabic face's dotted circle


def pair(arabic, latin, arrows):
    """The files of one weight of a family: (Debian font, ranges, file written here)."""
    return [
        (arabic, ARABIC, f"{arabic}.woff2"),
        (latin, LATIN, f"{latin}.latin.woff2"),
        (arrows, ARROWS, f"{arrows}.arrows.woff2"),
        ("NotoSansSymbols2-Regular", SHAPES, "NotoSansSymbols2-Regular.shapes.woff2"),
    ]


# (CSS family, weight, its files)
FACES = [
    (
        "Noto Naskh Arabic",
        400,
        pair("NotoNaskhArabic-Regular", "NotoSerif-Regular", "NotoSansSymbols-Regular"),
    ),
    (
        "Noto Naskh Arabic",
        700,
        pair("NotoNaskhArabic-Bold", "NotoSerif-Bold", "NotoSansSymbols-Bold"),
    ),
    (
        "Noto Sans Arabic",
        400,
        pair("NotoSansArabic-Regular", "NotoSans-Regular", "NotoSansSymbols-Regular"),
    ),
    ("Noto Sans Arabic", 700, pair("NotoSansArabic-Bold", "NotoSans-Bold", "NotoSansSymbols-Bold")),
]


def unicode_range(ranges) -> str:
    return ", ".join(
        f"U+{start:04X}" if start == end else f"U+{start:04X}-{end:04X}" for start, end in ranges
    )


def codepoints(ranges):
    return [code for start, end in ranges for code in range(start, end + 1)]


def write_subset(source: Path, ranges, target: Path) -> int:
    options = subset.Options()
    options.layout_features = ["*"]  # joining, ligatures, mark positioning: all of them
    options.name_IDs = ["*"]  # the copyright and licence lines travel with the file
    options.hinting = False
    options.desubroutinize = True
    options.flavor = "woff2"
    font = TTFont(source, recalcTimestamp=False)  # the same bytes on every rebuild
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints(ranges))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target)
    return target.stat().st_size


def font_face(family, weight, file_name, ranges) -> str:
    return (
        "@font-face {\n"
        f'  font-family: "{family}";\n'
        f'  src: url("{file_name}") format("woff2");\n'
        f"  font-weight: {weight};\n"
        "  font-display: swap;\n"
        f"  unicode-range: {unicode_range(ranges)};\n"
        "}\n"
    )


def build(source_dir: Path) -> int:
    rules, sizes = [], {}
    for family, weight, files in FACES:
        for name, ranges, file_name in files:
            source = source_dir / f"{name}.ttf"
            if not source.exists():
                print(f"missing {source}: apt-get install fonts-noto-core", file=sys.stderr)
                return 1
            if file_name not in sizes:  # a symbols file serves both families
                sizes[file_name] = write_subset(source, ranges, HERE / file_name)
                print(f"{file_name}: {sizes[file_name] / 1024:.1f} KB")
            rules.append(font_face(family, weight, file_name, ranges))
    total = sum(sizes.values())
    header = (
        "/* The site's fonts, written by static/fonts/build.py (`make fonts`): do not edit.\n"
        "   Each family is an Arabic face, its Latin companion and Noto's arrows and shapes;\n"
        "   unicode-range sends each character to one of them. Licence: static/fonts/OFL.txt. */\n"
    )
    (HERE / "fonts.css").write_text(header + "\n".join(rules), encoding="utf-8")
    print(f"fonts.css: {len(rules)} faces in {len(sizes)} files, {total / 1024:.1f} KB in all")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=DEBIAN_NOTO, help="folder of Noto .ttf files"
    )
    return build(parser.parse_args(argv).source)


if __name__ == "__main__":
    sys.exit(main())
