"""Build the fixtures of the German publication tests in tests/data/publish/ (committed; run again after
editing the text here):

    .venv/bin/python tools/make_publish_fixtures.py

- ``rich.docx``: a Word release with what publishing must keep: Title and Heading 1 styles, bold, italic
  and linked words inside sentences, a bulleted list, a two-by-two table, an inline image, a header and a
  footer (translated too), and a second section;
- ``rich.html``: the same release as a web page (a script, an ``alt`` text, a meta description);
- ``rich.de.json``: each French segment with the German a translator would approve, written here;
- ``boxes.docx`` (and ``boxes.de.json``): a release saved by LibreOffice (`soffice`, from the flat ODT
  below) with a footnote and a text box, the way Word files from an office suite hold them (a DrawingML
  box with its VML fallback copy, a footnotes part python-docx does not model).
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

HERE = Path(__file__).resolve().parent.parent / "tests" / "data" / "publish"

# Paragraphs as (style, [(text, format)]), format: "" plain, "b" bold, "i" italic, "a:URL" a link.
TITLE = "La Moselle et la Sarre lancent une ligne de bus transfrontalière"
BODY: list[tuple[str, list[tuple[str, str]]]] = [
    ("Normal", [("Le Département de la Moselle et le Land de Sarre mettent en service la ligne ", ""),
                ("MS-12", "b"), (" entre Forbach et Sarrebruck le ", ""), ("3 mars 2026", "b"), (".", "")]),
    ("Normal", [("Le trajet dure ", ""), ("25 minutes", "b"), (" et coûte ", ""), ("3,50 euros", "i"),
                (". Les horaires sont en ligne sur ", ""), ("www.moselle.example/bus", "a:https://www.moselle.example/bus"),
                (".", "")]),
    ("Heading 1", [("Un projet européen", "")]),
    ("Normal", [("Le projet est financé par le programme ", ""), ("Interreg Grande Région", "i"),
                (" à hauteur de ", ""), ("1,2 million d'euros", "b"), (".", "")]),
    ("List Bullet", [("un départ toutes les 30 minutes en semaine ;", "")]),
    ("List Bullet", [("des arrêts à Forbach, Stiring-Wendel et Sarrebruck ;", "")]),
    ("List Bullet", [("des billets vendus à bord.", "")]),
]
TABLE = [("Ligne", "MS-12"), ("Tarif", "3,50 euros")]
CLOSING = [("Contact presse : ", ""), ("presse@moselle.example", "a:mailto:presse@moselle.example"), (".", "")]
HEADER = "Département de la Moselle – Service de presse"
FOOTER = "Page 1"
GERMAN = {
    TITLE: "Moselle und Saarland starten eine grenzüberschreitende Buslinie",
    "Le Département de la Moselle et le Land de Sarre mettent en service la ligne MS-12 entre Forbach et "
    "Sarrebruck le 3 mars 2026.":
        "Das Departement Moselle und das Saarland nehmen am 3. März 2026 die Linie MS-12 zwischen Forbach und "
        "Saarbrücken in Betrieb.",
    "Le trajet dure 25 minutes et coûte 3,50 euros.": "Die Fahrt dauert 25 Minuten und kostet 3,50 Euro.",
    "Les horaires sont en ligne sur www.moselle.example/bus.":
        "Der Fahrplan steht unter www.moselle.example/bus im Netz.",
    "Un projet européen": "Ein europäisches Projekt",
    "Le projet est financé par le programme Interreg Grande Région à hauteur de 1,2 million d'euros.":
        "Das Projekt wird vom Programm Interreg Großregion mit 1,2 Millionen Euro gefördert.",
    "un départ toutes les 30 minutes en semaine ;": "werktags eine Abfahrt alle 30 Minuten;",
    "des arrêts à Forbach, Stiring-Wendel et Sarrebruck ;":
        "Haltestellen in Forbach, Stiring-Wendel und Saarbrücken;",
    "des billets vendus à bord.": "Fahrkarten im Bus.",
    "Ligne": "Linie",
    "MS-12": "MS-12",
    "Tarif": "Fahrpreis",
    "3,50 euros": "3,50 Euro",
    "Contact presse : presse@moselle.example.": "Pressekontakt: presse@moselle.example.",
    HEADER: "Departement Moselle – Pressestelle",
    FOOTER: "Seite 1",
}


def png(width: int = 40, height: int = 20) -> bytes:
    """A small blue rectangle as PNG, made here (no image in the repository's history to trust)."""
    raw = b"".join(b"\x00" + bytes((30, 80, 160)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def add_runs(document: Document, paragraph: object, runs: list[tuple[str, str]]) -> None:
    for text, fmt in runs:
        if fmt.startswith("a:"):
            add_link(document, paragraph, text, fmt[2:])
            continue
        run = paragraph.add_run(text)  # type: ignore[attr-defined]
        run.bold = fmt == "b" or None
        run.italic = fmt == "i" or None


def add_link(document: Document, paragraph: object, text: str, url: str) -> None:
    rid = document.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    rpr.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(underline)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)  # type: ignore[attr-defined]


def make_docx(image: Path) -> None:
    document = Document()
    document.sections[0].header.paragraphs[0].text = HEADER
    document.sections[0].footer.paragraphs[0].text = FOOTER
    document.add_paragraph(TITLE, style="Title")
    for style, runs in BODY:
        add_runs(document, document.add_paragraph(style=style), runs)
    document.add_paragraph().add_run().add_picture(str(image), width=Cm(2))
    table = document.add_table(rows=0, cols=2)
    for label, value in TABLE:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_section(WD_SECTION.NEW_PAGE)
    add_runs(document, document.add_paragraph(), CLOSING)
    document.core_properties.title = TITLE
    document.core_properties.language = "fr-FR"
    document.save(str(HERE / "rich.docx"))


def html_runs(runs: list[tuple[str, str]]) -> str:
    from html import escape

    parts = []
    for text, fmt in runs:
        if fmt.startswith("a:"):
            parts.append(f'<a href="{escape(fmt[2:])}">{escape(text)}</a>')
        else:
            tag = {"b": "strong", "i": "em"}.get(fmt)
            parts.append(f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text))
    return "".join(parts)


def make_html() -> None:
    items = "".join(f"<li>{html_runs(runs)}</li>" for style, runs in BODY if style == "List Bullet")
    body = "".join(f"<h2>{html_runs(runs)}</h2>" if style == "Heading 1" else f"<p>{html_runs(runs)}</p>"
                   for style, runs in BODY if style != "List Bullet")
    rows = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in TABLE)
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{TITLE} | Département de la Moselle</title>
<meta name="description" content="Le trajet dure 25 minutes et coûte 3,50 euros.">
<script>document.title = "tracking";</script></head>
<body><header><p>{HEADER}</p></header>
<main><article><h1>{TITLE}</h1>{body}<ul>{items}</ul>
<p><img src="bus.png" alt="Un projet européen"></p><table>{rows}</table><p>{html_runs(CLOSING)}</p></article></main>
<footer><p onclick="alert(1)">{FOOTER}</p></footer></body></html>
"""
    (HERE / "rich.html").write_text(page, encoding="utf-8")


BOXES_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3"
 office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:h text:outline-level="1">Le Département ouvre une maison de l'Europe à Metz</text:h>
  <text:p>La maison accueillera le public dès le <text:span text:style-name="T1">2 avril 2026</text:span><text:note
   text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Horaires
   d'ouverture : du mardi au samedi, de 10 h à 18 h.</text:p></text:note-body></text:note>. Elle informera les
   habitants sur les programmes européens.</text:p>
  <text:p><draw:frame draw:name="Encadré" svg:width="7cm" svg:height="2.5cm"
   text:anchor-type="paragraph"><draw:text-box><text:p>Contact presse : Julie Moreau, 03 87 00 00 01.</text:p>
   </draw:text-box></draw:frame>Le bâtiment a été
   rénové par des entreprises de la région.</text:p>
 </office:text></office:body></office:document>
"""
BOXES_GERMAN = {
    "Le Département ouvre une maison de l'Europe à Metz": "Das Departement eröffnet in Metz ein Europahaus",
    "La maison accueillera le public dès le 2 avril 2026.": "Das Haus ist ab dem 2. April 2026 für alle geöffnet.",
    "Elle informera les habitants sur les programmes européens.":
        "Es informiert die Bevölkerung über die europäischen Programme.",
    "Le bâtiment a été rénové par des entreprises de la région.":
        "Das Gebäude wurde von Unternehmen aus der Region renoviert.",
    "Contact presse : Julie Moreau, 03 87 00 00 01.": "Pressekontakt: Julie Moreau, 03 87 00 00 01.",
    "Horaires d'ouverture : du mardi au samedi, de 10 h à 18 h.":
        "Öffnungszeiten: dienstags bis samstags, 10 bis 18 Uhr.",
}


def make_boxes() -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found: boxes.docx not rebuilt (install LibreOffice)")
        return
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "boxes.fodt"
        source.write_text(BOXES_FODT, encoding="utf-8")
        subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/lo", "--headless", "--convert-to", "docx",
                        "--outdir", folder, str(source)], check=True, capture_output=True, timeout=180)
        shutil.copy(Path(folder) / "boxes.docx", HERE / "boxes.docx")
    (HERE / "boxes.de.json").write_text(json.dumps(BOXES_GERMAN, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    image = HERE / "bus.png"
    image.write_bytes(png())
    make_docx(image)
    image.unlink()
    make_html()
    (HERE / "rich.de.json").write_text(json.dumps(GERMAN, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    make_boxes()
    print(f"wrote {HERE}/rich.docx, rich.html, rich.de.json, boxes.docx, boxes.de.json")


if __name__ == "__main__":
    main()
