"""Build pipeline/render/templates/briefing.docx, the Word template the briefings are built on.

Run it again after changing a style: `.venv/bin/python tools/make_docx_template.py`.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "render" / "templates" / "briefing.docx"
BLUE = RGBColor(0x1F, 0x38, 0x64)


def main() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.6))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(9.5)
    for name, size, color in (("Title", 18, BLUE), ("Subtitle", 14, BLUE), ("Heading 1", 13, BLUE),
                              ("Heading 2", 11, BLUE), ("Heading 3", 10, RGBColor(0x11, 0x11, 0x11))):
        style = styles[name]
        style.font.name, style.font.size, style.font.color.rgb = "Arial", Pt(size), color
    styles["Caption"].font.size = Pt(7.5)
    if "Draft Mark" not in [s.name for s in styles]:
        mark = styles.add_style("Draft Mark", WD_STYLE_TYPE.PARAGRAPH)
        mark.base_style = normal
        mark.font.bold, mark.font.size, mark.font.color.rgb = True, Pt(10), RGBColor(0xB0, 0x00, 0x20)
    document.core_properties.title = "Briefing FR | DE"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(OUT))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
