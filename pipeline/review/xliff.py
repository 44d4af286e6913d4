"""XLIFF 1.2 round trip through translate-toolkit, valid against the OASIS 1.2 strict schema.

States (DESIGN.md): new → new; translated → translated with state-qualifier leveraged-mt or
leveraged-tm; reviewed → signed-off; approved → final (approved="yes"); rejected →
needs-review-translation. QA findings and glossary terms travel as notes. Imports refuse entity
declarations, another release, unknown ids and edited sources, all or nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.atomic import write_bytes
from pipeline.errors import ImportRefused
from pipeline.glossary import Glossary
from pipeline.readers.files import read_bytes
from pipeline.review.store import Change, ReviewStore
from pipeline.xmlsafety import refuse_entities

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
TO_STATE = {"new": "new", "translated": "translated", "reviewed": "signed-off", "approved": "final",
            "rejected": "needs-review-translation"}
FROM_STATE = {
    "new": "new", "needs-translation": "new", "translated": "translated", "signed-off": "reviewed",
    "final": "approved", "needs-review-translation": "rejected", "needs-adaptation": "rejected",
    "needs-l10n": "rejected", "needs-review-adaptation": "rejected", "needs-review-l10n": "rejected",
}
QUALIFIER = {"tm": "leveraged-tm", "mt": "leveraged-mt"}


def _store_class() -> Any:
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
    from pipeline.termmatch import french_matcher

    rows = store.segments(release)
    xliff = _store_class()(sourcelanguage="fr-FR", targetlanguage="de-DE")
    filenode = xliff.getfilenode("NoName")
    xliff.setfilename(filenode, release)
    filenode.set("target-language", "de-DE")
    hits = french_matcher(glossary).match_many([row["source"] for row in rows])
    for row, found in zip(rows, hits, strict=True):
        unit = xliff.UnitClass(row["source"])
        unit.setid(row["id"])
        xliff.addunit(unit)
        if row["target"]:
            unit.target = row["target"]
        _set_state(unit, row)
        for finding in json.loads(row["findings"]):
            unit.addnote(f"QA {finding['kind']}: {finding['message']}", origin="qa")
        for repair in json.loads(row["repairs"]):
            unit.addnote(f"Glossary repair: {repair['from']} → {repair['to']}", origin="qa")
        for term in {h.term.fr: h.term for h in found}.values():
            unit.addnote(f"Glossary: {term.fr} → {term.de} ({term.kind})", origin="glossary")
        if row["comment"]:
            unit.addnote(row["comment"], origin="translator")
    write_bytes(out, bytes(xliff))


def _set_state(unit: Any, row: Any) -> None:
    element = unit.xmlelement
    element.attrib.pop("approved", None)
    if row["status"] == "approved":
        element.set("approved", "yes")
    target = element.find(f"{{{XLIFF12}}}target")
    if target is None:
        return
    target.set("state", TO_STATE[row["status"]])
    qualifier = QUALIFIER.get(row["origin"].split(":")[0])
    target.attrib.pop("state-qualifier", None)
    if qualifier and row["status"] == "translated":
        target.set("state-qualifier", qualifier)


def read_xliff(path: Path) -> tuple[str, list[Change], dict[str, str]]:
    from lxml import etree
    from translate.storage import xliff

    data = read_bytes(path)
    refuse_entities(data, path)
    try:
        parsed = xliff.xlifffile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError, AssertionError, StopIteration) as exc:
        raise ImportRefused(f"{path}: not a valid XLIFF 1.2 file ({exc}); nothing was imported") from exc
    files = parsed.getfilenames()
    if len(files) != 1:
        raise ImportRefused(f"{path}: expected one <file> (one release), found {len(files)}")
    changes, sources = [], {}
    for unit in parsed.getunits():
        segment = unit.xmlelement.get("id") or ""
        if segment in sources:
            raise ImportRefused(f"{path}: segment {segment} appears twice; nothing was imported")
        sources[segment] = unit.source or ""
        changes.append(Change(segment, target=unit.target or "", status=_status(unit, path),
                              comment="\n".join(unit.getnotes("translator").splitlines()) or None))
    return files[0], changes, sources


def _status(unit: Any, path: Path) -> str | None:
    target = unit.xmlelement.find(f"{{{unit.namespace}}}target")
    state = target.get("state") if target is not None else None
    if unit.xmlelement.get("approved") == "yes" and state in (None, "translated", "signed-off"):
        return "approved"
    if state is None:
        return None
    if state not in FROM_STATE:
        raise ImportRefused(f"{path}: unit {unit.xmlelement.get('id')} has state '{state}', which is not XLIFF 1.2; "
                            "nothing was imported")
    return FROM_STATE[state]


def import_xliff(store: ReviewStore, path: Path, author: str,
                 expected_release: str | None = None) -> tuple[str, dict[str, int]]:
    release, changes, sources = read_xliff(path)
    return release, store.import_file(str(path), release, changes, sources, author, "xliff", expected_release)
