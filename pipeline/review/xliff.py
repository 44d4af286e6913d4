"""XLIFF 1.2 round trip through translate-toolkit, valid against the OASIS 1.2 strict schema.

States (DESIGN.md): new → new; translated → translated with state-qualifier leveraged-mt or
leveraged-tm; reviewed → signed-off and approved → final, both approved="yes" (as XLIFF 1.2
prescribes for a translation a reviewer accepted, so that translate-toolkit and the CAT tools count
them as translated, not fuzzy); rejected → needs-review-translation. QA findings and glossary terms
travel as notes from ``pipeline-qa`` and ``pipeline-glossary``; each reviewer comment is one ``<note
from="author">``; memory suggestions are ``<alt-trans>`` with their match quality; each unit's
exported revision is in ``extradata``. Tools' own ``x-`` states keep the segment's status and are
reported. Imports refuse entity declarations, another release, unknown ids and edited sources, all
or nothing (the merge itself is ``merge.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.atomic import write_bytes
from pipeline.errors import ImportRefused
from pipeline.glossary import Glossary
from pipeline.glossary.termmatch import french_matcher
from pipeline.language.tags import Tag, marks
from pipeline.readers.files import read_bytes
from pipeline.review.merge import FileRow, ReviewFile
from pipeline.review.store import Comment, ReviewStore, comments_of, german_tags, source_tags
from pipeline.translate.memory import match_percent
from pipeline.xmlsafety import refuse_entities

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
TO_STATE = {"new": "new", "translated": "translated", "reviewed": "signed-off", "approved": "final",
            "rejected": "needs-review-translation"}
FROM_STATE = {
    "new": "new", "needs-translation": "new", "translated": "translated", "signed-off": "reviewed",
    "final": "approved", "needs-review-translation": "rejected", "needs-adaptation": "rejected",
    "needs-l10n": "rejected", "needs-review-adaptation": "rejected", "needs-review-l10n": "rejected",
}
CTYPES = {"b": "bold", "i": "italic", "u": "underlined", "a": "link", "s": "superscript", "f": "x-formatting"}
KIND_OF_CTYPE = {ctype: kind for kind, ctype in CTYPES.items()} | {"subscript": "s"}
QUALIFIER = {"tm": "leveraged-tm", "tm-fuzzy": "fuzzy-match", "mt": "leveraged-mt"}
REVISION_PREFIX = "pipeline-revision:"
FROM_QA, FROM_GLOSSARY = "pipeline-qa", "pipeline-glossary"
OUR_NOTES = (FROM_QA, FROM_GLOSSARY, "qa", "glossary")  # "qa"/"glossary": files of earlier versions


def _store_class() -> Any:
    # deferred: translate-toolkit loads only when this runs, not at start-up
    from translate.storage import xliff

    class Xliff12Unit(xliff.xliffunit):  # type: ignore[misc, name-defined]
        namespace = XLIFF12

    class Xliff12File(xliff.xlifffile):  # type: ignore[misc, name-defined]
        """translate-toolkit's XLIFF store, told to write version 1.2."""

        UnitClass = Xliff12Unit
        namespace = XLIFF12
        XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{XLIFF12}'>
<file original='NoName' source-language='fr-FR' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""

    return Xliff12File


def export_xliff(store: ReviewStore, release: str, glossary: Glossary, out: Path) -> None:
    rows = store.segments(release)
    xliff = _store_class()(sourcelanguage="fr-FR", targetlanguage="de-DE")
    filenode = xliff.getfilenode("NoName")
    xliff.setfilename(filenode, release)
    filenode.set("target-language", "de-DE")
    hits = french_matcher(glossary).match_many([row["source"] for row in rows])
    for row, found in zip(rows, hits, strict=True):
        unit = xliff.UnitClass(row["source"])
        unit.setid(row["id"])
        unit.xmlelement.set("extradata", f"{REVISION_PREFIX}{row['revision']}")
        xliff.addunit(unit)
        if row["target"]:
            unit.target = row["target"]
        _write_tags(unit, row)
        _set_state(unit, row)
        for finding in json.loads(row["findings"]):
            unit.addnote(f"QA {finding['kind']}: {finding['message']}", origin=FROM_QA)
        for repair in json.loads(row["repairs"]):
            unit.addnote(f"Glossary repair: {repair['from']} → {repair['to']}", origin=FROM_QA)
        for term in {h.term.fr: h.term for h in found}.values():
            unit.addnote(f"Glossary: {term.fr} → {term.de} ({term.kind})", origin=FROM_GLOSSARY)
        for comment in comments_of(row):
            unit.addnote(comment.text, origin=comment.author or "reviewer")
        if row["status"] != "approved":
            for suggestion in json.loads(row["suggestions"]):
                unit.addalttrans(suggestion["target"], origin=suggestion["origin"], lang="de-DE",
                                 sourcetxt=suggestion["source"], matchquality=str(match_percent(suggestion["score"])))
    write_bytes(out, bytes(xliff))


def _write_tags(unit: Any, row: Any) -> None:
    """The inline tags as XLIFF 1.2 ``<g id ctype>`` in the source and, placed or aligned, the target."""
    french = source_tags(row)
    if not french:
        return
    for name, text, tags in (("source", row["source"], french), ("target", row["target"], german_tags(row))):
        element = unit.xmlelement.find(f"{{{XLIFF12}}}{name}")
        if element is not None and text:
            _fill(element, text, tags)


def _fill(element: Any, text: str, tags: list[Tag]) -> None:
    # deferred: lxml loads only when this runs, not at start-up
    from lxml import etree

    for child in list(element):
        element.remove(child)
    element.text = None
    parents = [element]
    position = 0
    for mark in marks(tags):
        _append(parents[-1], text[position:mark.offset])
        position = mark.offset
        if mark.opening:
            parents.append(etree.SubElement(parents[-1], f"{{{XLIFF12}}}g", id=str(mark.tag.id),
                                            ctype=CTYPES[mark.tag.kind]))
        elif len(parents) > 1:
            parents.pop()
    _append(parents[-1], text[position:])


def _append(element: Any, text: str) -> None:
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _read_tags(unit: Any) -> tuple[str, list[Tag]] | None:
    """The target's plain text and its ``<g>`` tags (ids as exported, the letter from the ctype); None
    when the target has none."""
    element = unit.xmlelement.find(f"{{{XLIFF12}}}target")
    if element is None or element.find(f".//{{{XLIFF12}}}g") is None:
        return None
    parts: list[str] = []
    tags: list[Tag] = []

    def walk(node: Any) -> None:
        parts.append(node.text or "")
        for child in node:
            if child.tag == f"{{{XLIFF12}}}g" and (child.get("id") or "").isdigit():
                start = len("".join(parts))
                walk(child)
                tags.append(Tag(int(child.get("id")), KIND_OF_CTYPE.get(child.get("ctype") or "", "f"), start,
                                len("".join(parts))))
            else:
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return "".join(parts), sorted(tags, key=lambda t: t.id)


def _set_state(unit: Any, row: Any) -> None:
    element = unit.xmlelement
    element.attrib.pop("approved", None)
    if row["status"] in ("reviewed", "approved"):
        element.set("approved", "yes")
    target = element.find(f"{{{XLIFF12}}}target")
    if target is None:
        return
    target.set("state", TO_STATE[row["status"]])
    qualifier = QUALIFIER.get(row["origin"].split(":")[0])
    target.attrib.pop("state-qualifier", None)
    if qualifier and row["status"] == "translated":
        target.set("state-qualifier", qualifier)


def read_xliff(path: Path) -> ReviewFile:
    """The units of a returned XLIFF file as rows to merge; unknown ``x-`` states keep the status."""
    # deferred: lxml and translate-toolkit load only when this runs, not at start-up
    from lxml import etree
    from translate.storage import xliff

    data = read_bytes(path)
    refuse_entities(data, path)
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        if etree.QName(root).localname != "xliff":
            raise ImportRefused(f"{path}: not an XLIFF file (its root element is <{etree.QName(root).localname}>); "
                                "export one with 'pipeline review export --format xliff'")
        parsed = xliff.xlifffile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError, AssertionError, StopIteration) as exc:
        raise ImportRefused(f"{path}: not a valid XLIFF 1.2 file ({exc or type(exc).__name__}); "
                            "nothing was imported") from exc
    files = parsed.getfilenames()
    if len(files) != 1:
        raise ImportRefused(f"{path}: expected one <file> (one release), found {len(files)}")
    rows, seen, custom = [], set(), []
    for unit in parsed.getunits():
        segment = unit.xmlelement.get("id") or ""
        if segment in seen:
            raise ImportRefused(f"{path}: segment {segment} appears twice; nothing was imported")
        seen.add(segment)
        status, own_state = _status(unit, path)
        if own_state:
            custom.append(f"{segment} ({_state(unit)})")
        tagged_target = _read_tags(unit)
        target, tags = tagged_target if tagged_target else (unit.target or "", None)
        rows.append(FileRow(segment, unit.source or "", target, status, _comments(unit), _revision(unit),
                            tags=tags))
    notes = [f"{len(custom)} segment(s) with a tool's own state kept their status: {', '.join(custom)}"] \
        if custom else []
    return ReviewFile(path, files[0], "xliff", rows, notes)


def _revision(unit: Any) -> int | None:
    extradata = unit.xmlelement.get("extradata") or ""
    number = extradata[len(REVISION_PREFIX):] if extradata.startswith(REVISION_PREFIX) else ""
    return int(number) if number.isdigit() else None


def _comments(unit: Any) -> list[Comment]:
    """Notes that are neither QA nor glossary notes: the reviewers' comments, one per note."""
    comments = []
    for note in unit.xmlelement.iterfind(f"{{{unit.namespace}}}note"):
        author = note.get("from") or ""
        if author in OUR_NOTES or not (note.text or "").strip():
            continue
        comments.append(Comment("" if author in ("translator", "reviewer") else author, "", note.text.strip()))
    return comments


def _state(unit: Any) -> str | None:
    target = unit.xmlelement.find(f"{{{unit.namespace}}}target")
    return target.get("state") if target is not None else None


def _status(unit: Any, path: Path) -> tuple[str | None, bool]:
    """(status, whether the state is a tool's own ``x-`` state, which keeps the status)."""
    state = _state(unit)
    if unit.xmlelement.get("approved") == "yes" and state in (None, "translated"):
        return "approved", False
    if state is None:
        return None, False
    if state.startswith("x-"):
        return None, True
    if state not in FROM_STATE:
        raise ImportRefused(f"{path}: unit {unit.xmlelement.get('id')} has state '{state}', which is not XLIFF 1.2 "
                            "(tools' own states start with x-); nothing was imported")
    return FROM_STATE[state], False
