"""An OmegaT translation kit: a ready OmegaT project out of a release, and the translator's work back.

OmegaT's own XLIFF filter treats ``<target>`` as the text to translate, so a translator using OmegaT
gets a project instead (checked with OmegaT 3.6 in console mode):

    omegat.project            French → German, sentence segmentation off (our segments are OmegaT's)
    source/RELEASE.txt        one segment a paragraph (an empty line between segments)
    tm/auto/RELEASE.tmx       reviewed and approved translations: OmegaT inserts them
    tm/RELEASE-drafts.tmx     machine and memory drafts: offered as matches, never inserted
    glossary/glossary.txt     the glossary, OmegaT's tab-separated form
    pipeline-release.json     which release and revision each segment was exported from

``pipeline review import DIR`` (or ``DIR/omegat/project_save.tmx``) reads what the translator saved
in ``omegat/project_save.tmx`` and brings it back by segment id through the same three-way import as
Word and XLIFF files: OmegaT's default translations by French text, its alternative translations by
the segments around them. The translator's name (``changeid``) is kept in the segment's history note.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from pipeline.errors import ImportRefused, InputError
from pipeline.glossary import Glossary
from pipeline.glossary.export import to_omegat
from pipeline.language.segment import normalise_whitespace
from pipeline.readers.files import read_bytes
from pipeline.review.merge import FileRow, ReviewFile
from pipeline.review.store import ReviewStore
from pipeline.translate.tmx import read_tmx
from pipeline.xmlsafety import refuse_entities

MANIFEST = "pipeline-release.json"
PROJECT_SAVE = Path("omegat") / "project_save.tmx"
FINAL = ("reviewed", "approved")
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>fr-FR</source_lang>
    <target_lang>de-DE</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneGermanTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def export_omegat(store: ReviewStore, release: str, glossary: Glossary, out: Path) -> None:
    """Write the OmegaT project for ``release`` into the folder ``out`` (new or empty), whole or not at all."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        saved = out / PROJECT_SAVE
        hint = "; import the translator's work first ('pipeline review import')" if saved.exists() else ""
        raise InputError(f"{out}: exists and is not an empty folder{hint}; give --out a new folder")
    rows = store.segments(release)
    stem = Path(release).stem or "release"
    building = Path(tempfile.mkdtemp(prefix=".omegat-", dir=out.parent if out.parent.exists() else None))
    try:
        for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
            (building / folder).mkdir(parents=True, exist_ok=True)
        (building / "omegat.project").write_text(PROJECT, encoding="utf-8")
        (building / "source" / f"{stem}.txt").write_text(
            "\n\n".join(row["source"] for row in rows) + "\n", encoding="utf-8")
        final = [(row["source"], row["target"]) for row in rows if row["target"] and row["status"] in FINAL]
        drafts = [(row["source"], row["target"]) for row in rows if row["target"] and row["status"] == "translated"]
        (building / "tm" / "auto" / f"{stem}.tmx").write_bytes(tmx_of(final))
        (building / "tm" / f"{stem}-drafts.tmx").write_bytes(tmx_of(drafts))
        (building / "glossary" / "glossary.txt").write_text(to_omegat(glossary), encoding="utf-8")
        manifest = {"release": release, "segments": [
            {"id": row["id"], "source": row["source"], "revision": row["revision"]} for row in rows]}
        (building / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        if out.exists():
            out.rmdir()
        building.rename(out)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def tmx_of(pairs: list[tuple[str, str]]) -> bytes:
    """TMX 1.4b (French → German, region-qualified as OmegaT wants) of ``pairs``."""
    # deferred: translate-toolkit loads only when this runs, not at start-up
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage="fr-FR")
    store.settargetlanguage("de-DE")
    for source, target in pairs:
        unit = store.addsourceunit(source, "fr-FR")
        unit.settarget(target, "de-DE", append=True)
    store.addheader()
    header = store.document.getroot().find("header")
    header.attrib.update({"creationtool": "pipeline", "o-tmf": "pipeline", "srclang": "fr-FR",
                          "segtype": "paragraph", "adminlang": "en", "datatype": "plaintext"})
    return bytes(store)


def is_omegat_project(path: Path) -> bool:
    return (path.is_dir() and (path / "omegat.project").exists()) or path.name == PROJECT_SAVE.name


def read_omegat(path: Path) -> ReviewFile:
    """The translator's work in an OmegaT project (the folder, or its ``omegat/project_save.tmx``)."""
    root = path if path.is_dir() else path.parent.parent
    manifest_path = root / MANIFEST
    if not manifest_path.exists():
        raise ImportRefused(f"{root}: not an OmegaT project exported by 'pipeline review export --format omegat' "
                            f"({MANIFEST} is missing); nothing was imported")
    try:
        manifest = json.loads(read_bytes(manifest_path).decode("utf-8"))
        segments = [(str(s["id"]), str(s["source"]), int(s["revision"])) for s in manifest["segments"]]
        release = str(manifest["release"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ImportRefused(f"{manifest_path}: damaged ({exc}); export the project again") from exc
    saved = root / PROJECT_SAVE
    if not saved.exists():
        return ReviewFile(saved, release, "OmegaT", [], notes=["OmegaT has saved no translation yet"], partial=True)
    defaults, alternatives, authors = _translations(saved)
    rows = []
    for index, (segment_id, source, revision) in enumerate(segments):
        previous = segments[index - 1][1] if index else ""
        following = segments[index + 1][1] if index + 1 < len(segments) else ""
        key = normalise_whitespace(source)
        target = alternatives.get((key, normalise_whitespace(previous), normalise_whitespace(following)),
                                  defaults.get(key))
        if target is not None:
            rows.append(FileRow(segment_id, source, target, None, [], revision))
    notes = [f"translated in OmegaT by {', '.join(sorted(authors))}"] if authors else []
    return ReviewFile(saved, release, "OmegaT", rows, notes, partial=True)


def _translations(path: Path) -> tuple[dict[str, str], dict[tuple[str, str, str], str], set[str]]:
    """OmegaT's project_save.tmx: default translations by French text, alternative ones by (French,
    previous French, next French), and the translators' names."""
    defaults: dict[str, str] = {}
    alternatives: dict[tuple[str, str, str], str] = {}
    authors: set[str] = set()
    data = read_bytes(path)
    refuse_entities(data, path)
    if b"<tu" not in data:  # OmegaT saved the project before any translation: nothing to bring back
        return defaults, alternatives, authors
    for unit in read_tmx(data, path).units:
        authors.update(filter(None, (unit.props.get("changeid"), unit.props.get("creationid"))))
        if "prev" in unit.context or "next" in unit.context:
            alternatives[(unit.source, unit.context.get("prev", ""), unit.context.get("next", ""))] = unit.target
        else:
            defaults[unit.source] = unit.target
    return defaults, alternatives, authors
