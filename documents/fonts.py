"""Which fonts official documents are set in (DESIGN §6).

GB/T 9704 names 方正小标宋, 仿宋_GB2312, 楷体_GB2312 and 黑体, which are licensed and in no package
registry. An office that owns them drops the files into DOCUMENT_FONT_DIR: they are declared to
WeasyPrint, used before anything installed and embedded in every PDF. Without them the open
fonts the setup installs stand in. Each document's page says which were used."""

import re
import subprocess  # nosec B404: fc-list, a fixed command without user input
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from fontTools.ttLib import TTCollection, TTFont, TTLibError

# Per role of the text: the standard office font first, then its common alias, then the open
# font that stands in for it; the last word is the CSS generic family.
STACKS = {
    "title": ("方正小标宋简体", "Noto Serif CJK SC", "serif"),
    "body": ("仿宋_GB2312", "FangSong", "Noto Serif CJK SC", "serif"),
    "heading_1": ("黑体", "SimHei", "Noto Sans CJK SC", "sans-serif"),
    "heading_2": ("楷体_GB2312", "KaiTi", "AR PL KaitiM GB", "serif"),
}
ROLE_LABELS = {"title": _("Title"), "body": _("Body text"), "heading_1": _("First-level headings"),
               "heading_2": _("Second-level headings")}
# The open fonts by the names Chinese users know them by.
OPEN_NAMES = {"Noto Serif CJK SC": "思源宋体", "Noto Sans CJK SC": "思源黑体",
              "AR PL KaitiM GB": "文鼎PL简中楷"}
FONT_FILES = {".ttf", ".otf", ".ttc", ".otc"}
# A family name read from a dropped-in file goes into CSS: nothing that could end a string or a
# rule, nothing that could close the style element.
SAFE_FAMILY = re.compile(r"^[^\"'\\<>{};\r\n]{1,80}$")


def _families(path):
    """The family names a font file declares (name IDs 1 and 16, every platform)."""
    try:
        fonts = TTCollection(str(path)).fonts if path.suffix.lower() in {".ttc", ".otc"} \
            else [TTFont(str(path), lazy=True)]
    except (TTLibError, OSError, ValueError):
        return set()
    names = set()
    for font in fonts:
        for record in font["name"].names:
            if record.nameID in {1, 16}:
                try:
                    names.add(record.toUnicode().strip())
                except UnicodeDecodeError:
                    continue
    return {name for name in names if SAFE_FAMILY.match(name)}


@lru_cache(maxsize=8)
def _licensed(directory, _changed):
    found = {}
    for path in sorted(Path(directory).glob("*")):
        if path.suffix.lower() in FONT_FILES and path.is_file():
            for family in _families(path):
                found.setdefault(family, path)
    return found


def licensed_fonts():
    """{family: file} of the fonts in DOCUMENT_FONT_DIR; read again when the folder changes."""
    directory = Path(settings.DOCUMENT_FONT_DIR)
    if not directory.is_dir():
        return {}
    return _licensed(str(directory), directory.stat().st_mtime_ns)


@lru_cache(maxsize=1)
def installed_families():
    command = ["fc-list", ":", "family"]
    try:
        listing = subprocess.run(command, capture_output=True, text=True, timeout=10,  # nosec B603 B607
                                 check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def css_stacks():
    """{role: CSS font-family value}, for the document template."""
    return {role: ", ".join(name if name.endswith("serif") else f'"{name}"' for name in stack)
            for role, stack in STACKS.items()}


def font_faces():
    """@font-face rules that make the licensed files available to WeasyPrint under their names."""
    return "\n".join(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); }}'
                     for family, path in licensed_fonts().items())


def fonts_in_use():
    """Per role: the font a document is set in, and whether it is a licensed office font."""
    licensed, installed = licensed_fonts(), installed_families()
    rows = []
    for role, stack in STACKS.items():
        family = next((name for name in stack[:-1] if name in licensed or name in installed),
                      stack[-2])
        rows.append({"role": ROLE_LABELS[role], "family": OPEN_NAMES.get(family, family),
                     "stands_in_for": stack[0] if family in OPEN_NAMES else "",
                     "from_folder": family in licensed})
    return rows
