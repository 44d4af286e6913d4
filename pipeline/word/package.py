"""Reading a Word file the way a reviewer returns it: tracked changes, balloon comments, properties.

- Text is read as if every tracked change were accepted: inserted and moved-to runs count, deleted
  and moved-from runs do not, never a mixture; rows deleted with tracking on are gone.
- Balloon comments (``word/comments.xml``) are tied to the table row that holds their anchor.
- Custom document properties (``docProps/custom.xml``) carry what the export must find again (release,
  revisions): Word and LibreOffice keep them on save and a reviewer does not see them in the text.
Every XML part read here passes the entity guard first.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from pipeline.limits import limits, refuse_larger_than
from pipeline.xmlsafety import refuse_entities

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
TRACKED = {f"{{{W}}}{tag}" for tag in ("ins", "del", "moveFrom", "moveTo")}
REJECTED = {f"{{{W}}}{tag}" for tag in ("del", "moveFrom", "instrText", "delText", "delInstrText", "pPr", "rPr")}
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
REJECTED.add(FALLBACK)
SPACES = {f"{{{W}}}{tag}" for tag in ("tab", "br", "cr")}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def accepted_text(element: Any, boxes: bool = True) -> str:
    """The text of a paragraph (or any element) with every tracked change accepted; without the
    text of the text boxes anchored in it when ``boxes`` is False (they are paragraphs of their own)."""
    parts: list[str] = []
    _collect(element, parts, boxes)
    return "".join(parts)


def text_boxes(paragraph: Any) -> list[Any]:
    """The paragraphs of the text boxes anchored in ``paragraph`` (a DrawingML box, else its VML
    fallback: one copy of each), in order."""
    return [p for box in paragraph.iter(w("txbxContent")) if not in_fallback(box) for p in box.iter(w("p"))]


def part_element(part: Any) -> Any:
    """The XML of a package part: python-docx's own for the parts it knows, else parsed from the part's
    bytes once (footnotes, endnotes), kept on the part so that a change can be saved (``save_part``)."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    if not hasattr(part, "_pipeline_element"):
        # deferred: lxml loads only when a Word part is read
        from lxml import etree

        part._pipeline_element = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    return part._pipeline_element


def save_part(part: Any) -> None:
    """Write back a part parsed by ``part_element`` (python-docx saves its own parts itself)."""
    if hasattr(part, "_pipeline_element"):
        # deferred: lxml loads only when a Word part is written
        from lxml import etree

        part._blob = etree.tostring(part._pipeline_element, xml_declaration=True, encoding="UTF-8", standalone=True)


def in_fallback(element: Any) -> bool:
    """Inside markup-compatibility fallback content (a VML copy of a DrawingML text box)."""
    return any(a.tag == FALLBACK for a in element.iterancestors())


def _collect(element: Any, parts: list[str], boxes: bool = True) -> None:
    for child in element:
        tag = child.tag
        if tag in REJECTED or (not boxes and tag == w("txbxContent")):
            continue
        if tag == w("t"):
            parts.append(child.text or "")
        elif tag in SPACES:
            parts.append(" ")
        elif tag == w("noBreakHyphen"):
            parts.append("-")
        else:
            _collect(child, parts, boxes)


def paragraphs(cell: Any) -> list[str]:
    """The accepted text of each paragraph of a table cell (``w:tc``)."""
    return [accepted_text(p) for p in cell.iter(w("p"))]


def refuse_entities_in_package(path: Path) -> None:
    """The size limits ([limits] docx_bytes, docx_ratio), then the entity guard on every XML part of a
    Word package: a zip bomb is refused from its directory, before anything is inflated."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        allowed = limits()
        refuse_larger_than(path, sum(m.file_size for m in members), allowed.docx_bytes, "docx_bytes",
                           "bytes uncompressed")
        for member in members:
            ratio = member.file_size // max(member.compress_size, 1)
            refuse_larger_than(path, ratio, allowed.docx_ratio, "docx_ratio", f"times compressed ({member.filename})")
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                refuse_entities(archive.read(name), path)


def has_tracked_changes(element: Any) -> bool:
    return any(el.tag in TRACKED for el in element.iter())


def row_deleted(row: Any) -> bool:
    """A table row deleted while changes were tracked (accepted: the row is gone)."""
    properties = row.find(w("trPr"))
    return properties is not None and properties.find(w("del")) is not None


def rows_of(table: Any) -> Iterator[tuple[Any, list[Any]]]:
    """(w:tr, its w:tc cells) of a table, rows wrapped in content controls included."""
    for row in table.iter(w("tr")):
        yield row, [cell for cell in row if cell.tag == w("tc")] or list(row.iter(w("tc")))


def anchored_comment_ids(element: Any) -> list[str]:
    """Ids of the balloon comments whose anchor starts in ``element``, in order."""
    ids: list[str] = []
    for el in element.iter(w("commentRangeStart"), w("commentReference")):
        cid = el.get(w("id"))
        if cid is not None and cid not in ids:
            ids.append(cid)
    return ids


@dataclass(frozen=True)
class BalloonComment:
    id: str
    author: str
    date: str
    text: str


def _related_blob(document: Any, reltype: str) -> bytes | None:
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return bytes(rel.target_part.blob)
    return None


def _package_blob(document: Any, reltype: str) -> bytes | None:
    for rel in document.part.package.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return bytes(rel.target_part.blob)
    return None


def _parse(blob: bytes, path: Path) -> Any:
    # deferred: lxml loads only when this runs, not at start-up
    from lxml import etree

    refuse_entities(blob, path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(blob, parser)


def balloon_comments(document: Any, path: Path) -> dict[str, BalloonComment]:
    """Every balloon comment of the document by id (empty when there are none)."""
    # deferred: python-docx loads only when this runs, not at start-up
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    blob = _related_blob(document, RT.COMMENTS)
    if blob is None:
        return {}
    comments = {}
    for element in _parse(blob, path).iter(w("comment")):
        cid = element.get(w("id")) or ""
        text = " ".join(t for t in (accepted_text(p).strip() for p in element.iter(w("p"))) if t)
        comments[cid] = BalloonComment(cid, element.get(w("author")) or "", element.get(w("date")) or "", text)
    return comments


def custom_properties(document: Any, path: Path) -> dict[str, str]:
    """The custom document properties as text (numbers as written)."""
    # deferred: python-docx loads only when this runs, not at start-up
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    blob = _package_blob(document, RT.CUSTOM_PROPERTIES)
    if blob is None:
        return {}
    found = {}
    for prop in _parse(blob, path).iter(f"{{{CUSTOM}}}property"):
        value = next(iter(prop), None)
        if prop.get("name") and value is not None:
            found[prop.get("name")] = (value.text or "").strip()
    return found


def set_custom_properties(document: Any, properties: dict[str, str]) -> None:
    """Write text custom properties (``docProps/custom.xml``), replacing any there were."""
    # deferred: python-docx loads only when this runs, not at start-up
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    items = "".join(
        f'<property fmtid="{CUSTOM_FMTID}" pid="{pid}" name={quoteattr(name)}><vt:lpwstr>{escape(value)}'
        "</vt:lpwstr></property>" for pid, (name, value) in enumerate(properties.items(), 2))
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{CUSTOM}" '
            f'xmlns:vt="{VT}">{items}</Properties>').encode()
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            del package.rels[rid]
    package.relate_to(Part(PackURI("/docProps/custom.xml"), CUSTOM_CT, blob, package), RT.CUSTOM_PROPERTIES)
