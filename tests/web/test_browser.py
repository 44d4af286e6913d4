"""The workspace in a real browser: Playwright for Python driving Debian's chromium against a server on
127.0.0.1. Open a release, edit and save with the keyboard, approve and comment, two reviewers on one
segment, release text shown as text. Screenshots of each page go to the test's folder."""

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from pipeline.review.store import ReviewStore
from pipeline.web.app import Settings, create_app
from tests.review.conftest import RELEASE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed; .ci/run installs it")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(translated) -> Iterator[str]:
    yield from _serve()


def _serve() -> Iterator[str]:
    """The workspace on a free loopback port, for the length of a test."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(create_app(Settings()), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):  # bounded: 10 s at most
        if instance.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def row(segment: str):
    return next(r for r in ReviewStore().segments(RELEASE) if r["id"] == segment)


def reviewer_page(browser, server: str, name: str):
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(server + "/r/sample.txt")
    page.fill("#name-input", name)
    page.click("#name-form button[type=submit]")
    page.wait_for_selector(f"#reviewer:has-text('{name}')")
    return page


def test_edit_approve_and_comment_with_the_keyboard(server, browser, tmp_path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(server + "/")
    page.screenshot(path=str(tmp_path / "releases.png"))
    page.close()
    page = reviewer_page(browser, server, "Anna Weber")
    page.screenshot(path=str(tmp_path / "release.png"))
    area = page.locator("#t-b3\\.s1")
    area.fill("Gemeinsam handeln für die Aufgaben von heute")
    area.press("Control+Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 't-b4.s1'")
    assert row("b3.s1")["target"] == "Gemeinsam handeln für die Aufgaben von heute"
    assert row("b3.s1")["updated_by"] == "Anna Weber"
    page.locator("#t-b4\\.s1").press("Control+Shift+Enter")
    page.wait_for_selector("#seg-b4\\.s1.status-approved")
    assert row("b4.s1")["status"] == "approved"
    page.locator("#t-b5\\.s1").focus()
    page.keyboard.press("Alt+c")
    page.keyboard.type("Bitte Verkehr prüfen.")
    page.keyboard.press("Enter")
    page.wait_for_selector("#seg-b5\\.s1 .comments li:has-text('Bitte Verkehr prüfen.')")
    page.screenshot(path=str(tmp_path / "after-edits.png"), full_page=False)
    assert [(c["author"], c["text"]) for c in json.loads(row("b5.s1")["comments"])] == \
        [("Anna Weber", "Bitte Verkehr prüfen.")]


def test_two_reviewers_on_one_segment_see_each_other(server, browser, tmp_path) -> None:
    anna = reviewer_page(browser, server, "Anna Weber")
    ben = reviewer_page(browser, server, "Ben Krause")
    anna.locator("#t-b3\\.s1").fill("Fassung von Anna")
    ben.locator("#t-b3\\.s1").fill("Fassung von Ben")
    anna.click("#seg-b3\\.s1 button[data-action=save]")
    anna.wait_for_selector("#toast.good")
    ben.click("#seg-b3\\.s1 button[data-action=save]")
    ben.wait_for_selector("#seg-b3\\.s1 .conflict:not([hidden])")
    ben.screenshot(path=str(tmp_path / "conflict.png"))
    assert "Fassung von Anna" in ben.inner_text("#seg-b3\\.s1 .conflict")
    assert row("b3.s1")["target"] == "Fassung von Anna"
    ben.click("#seg-b3\\.s1 .keep-mine")
    ben.click("#seg-b3\\.s1 button[data-action=save]")
    ben.wait_for_selector("#toast.good")
    assert row("b3.s1")["target"] == "Fassung von Ben"
    assert [h["target"] for h in ReviewStore().history(RELEASE, "b3.s1")][-1] == "Fassung von Anna"


def test_glossary_tip_on_focus_and_a_forged_post_refused(server, browser) -> None:
    page = reviewer_page(browser, server, "Anna Weber")
    mark = page.locator("#seg-b2\\.s1 .fr mark.term").first
    mark.focus()
    assert "→" in mark.get_attribute("data-tip")
    before = row("b3.s1")["revision"]
    status = page.evaluate("""async () => (await fetch('/api/r/sample.txt/segment/b3.s1', {method: 'POST',
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify({revision: 1, target: 'x'})})).status""")
    assert status == 403 and row("b3.s1")["revision"] == before


def test_release_text_stays_text_in_the_browser(server, browser, tmp_path, monkeypatch, capsys) -> None:
    from pipeline.cli import main

    release = tmp_path / "hostile.txt"
    release.write_text("Titre <img src=x onerror=alert(1)>\n\nLa Région paie {{ 7*7 }} euros <script>alert(2)</script>.\n",
                       encoding="utf-8")
    main(["translate", str(release), "--engine", "memory", "--lang", "fr"])
    capsys.readouterr()
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server + "/r/hostile.txt")
    page.wait_for_selector(".segment")
    assert dialogs == []
    text = page.inner_text("#segments")
    assert "<img src=x onerror=alert(1)>" in text and "{{ 7*7 }}" in text and "<script>alert(2)</script>" in text
    assert page.evaluate("document.querySelectorAll('#segments img, #segments script').length") == 0


def test_a_press_officer_strikes_and_corrects_key_facts(server, browser, tmp_path) -> None:
    page = reviewer_page(browser, server, "Claire Roux")
    page.click("a:has-text('Key facts')")
    page.wait_for_selector("table.facts")
    page.screenshot(path=str(tmp_path / "facts.png"), full_page=True)
    page.locator("tr.fact[data-fact='Amiens'] button[data-action=strike]").click()
    page.wait_for_selector("tr.fact.struck[data-fact='Amiens']")
    lille = page.locator("tr.fact[data-fact='Lille']")
    lille.locator("summary:has-text('Correct')").click()
    lille.locator("input[name=fr]").fill("Lille (Nord)")
    lille.locator("input[name=de]").fill("Lille (Département Nord)")
    lille.locator("button[type=submit]").click()
    page.wait_for_selector("tr.fact.corrected[data-fact='Lille']")
    page.screenshot(path=str(tmp_path / "facts-corrected.png"), full_page=True)
    assert [c.action for c in ReviewStore().fact_history(RELEASE)] == ["strike", "correct"]
    assert "Claire Roux" in page.locator("#fact-history + ol").inner_text()


def test_memory_search_from_the_workspace(server, browser, tmp_path) -> None:
    page = reviewer_page(browser, server, "Anna Weber")
    page.click("a.concordance")
    page.fill("input[name=q]", '"renouvellent leur coopération"')
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("table.concordance tbody tr")
    page.screenshot(path=str(tmp_path / "memory-search.png"), full_page=True)
    assert "erneuern ihre Zusammenarbeit" in page.locator("table.concordance").inner_text()


def test_the_grid_shows_many_rows_counts_live_and_others_changes(server, browser, tmp_path) -> None:
    page = reviewer_page(browser, server, "Anna Weber")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(tmp_path / "grid.png"))
    visible = page.evaluate(VISIBLE_ROWS)
    assert visible >= 8, visible  # the sample's paragraphs are long; short segments fit 15+ (make bench web)
    area = page.locator("[id='t-b4.s1']")
    area.focus()
    assert "active" in (page.locator("[id='seg-b4.s1']").get_attribute("class") or "")
    page.screenshot(path=str(tmp_path / "grid-active.png"))
    approved = page.locator("#counts [data-status=approved]")
    before = int(approved.inner_text())
    area.press("Control+Shift+Enter")
    page.wait_for_function(f"() => document.querySelector('#counts [data-status=approved]').textContent === "
                           f"'{before + 1}'")
    assert page.locator("#progress").get_attribute("value") == str(before + 1)
    ben = reviewer_page(browser, server, "Ben Krause")
    ben.locator("[id='t-b6.s1']").fill("Die erneuerte Zusammenarbeit umfasst sieben Themen:")
    ben.click("[id='seg-b6.s1'] button[data-action=save]")
    page.wait_for_function("() => document.getElementById('t-b6.s1').value.includes('sieben Themen')",
                           timeout=15000)
    assert "changed-elsewhere" in (page.locator("[id='seg-b6.s1']").get_attribute("class") or "")


VISIBLE_ROWS = """() => Array.from(document.querySelectorAll('.segment')).filter((s) => {
    const box = s.getBoundingClientRect(); return box.top >= 0 && box.bottom <= window.innerHeight; }).length"""


@pytest.mark.parametrize("path", ["/", "/r/sample.txt", "/r/sample.txt/facts", "/memory?q=coop%C3%A9ration",
                                  "/terms"])
def test_no_serious_accessibility_violations(server, browser, path: str) -> None:
    """axe-core (through axe-playwright-python, which bundles it) on every kind of page."""
    from axe_playwright_python.sync_playwright import Axe

    page = reviewer_page(browser, server, "Anna Weber")
    page.goto(server + path)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_a_term_is_proposed_from_the_words_selected_in_a_segment(server, browser, tmp_path) -> None:
    from playwright.sync_api import expect

    page = reviewer_page(browser, server, "Anna Weber")
    segment = page.locator("[id='seg-b5.s1']")
    page.locator("[id='t-b5.s1']").focus()
    page.evaluate("""() => { const fr = document.querySelector("[id='seg-b5.s1'] .fr");
        const range = document.createRange(); const text = fr.firstChild;
        range.setStart(text, 0); range.setEnd(text, 11); const sel = window.getSelection();
        sel.removeAllRanges(); sel.addRange(range); }""")
    page.wait_for_timeout(200)  # selectionchange is dispatched after the script returns
    segment.locator("details.propose summary").click()
    form = segment.locator("form.term-form")
    # the form is filled on the details' toggle event, which the browser dispatches after the click returns
    expect(form.locator("input[name=fr]")).to_have_value("L’objectif "[:11].strip(), timeout=5000)
    form.locator("input[name=de]").fill("das Ziel")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#toast.good")
    page.screenshot(path=str(tmp_path / "term-proposed.png"))
    page.goto(server + "/terms")
    page.wait_for_selector("tr.proposal.open")
    page.screenshot(path=str(tmp_path / "proposals.png"))
    assert "das Ziel" in page.locator("#proposals").inner_text()


def test_fifteen_short_rows_are_visible_at_1440_by_900(translated, tmp_path) -> None:
    """A release of short segments (a generated one, 60 sentences) shows 15 rows at least at 1440×900."""
    import uvicorn
    from playwright.sync_api import sync_playwright

    from pipeline.model import Block, Document, Segment
    from pipeline.translate import SegmentResult

    store = ReviewStore()
    blocks = [Block(f"b{i}", "paragraph", [Segment(f"b{i}.s1", f"La commune {i} signe un accord avec sa voisine.")])
              for i in range(1, 61)]
    release = store.sync_document(Document(source="sources/short.txt", format="txt", title="Courtes phrases",
                                           published="2026-01-01", blocks=blocks))
    store.record_translations(release, [SegmentResult(b.segments[0].id, b.segments[0].text,
                                                      f"Die Gemeinde {i} schließt ein Abkommen mit ihrer Nachbarin.",
                                                      "mt:test") for i, b in enumerate(blocks, 1)])
    port = _free_port()
    instance = uvicorn.Server(uvicorn.Config(create_app(Settings()), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.1)
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = chromium.new_page(viewport={"width": 1440, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/r/{release}")
            page.wait_for_selector(".segment")
            page.evaluate("() => document.querySelector('#segments').scrollIntoView()")
            page.screenshot(path=str(tmp_path / "grid-short.png"))
            assert page.evaluate(VISIBLE_ROWS) >= 15
            chromium.close()
    finally:
        instance.should_exit = True
        thread.join(timeout=10)


def test_the_panel_shows_a_fuzzy_match_with_its_french_difference(server, browser, tmp_path) -> None:
    store = ReviewStore()
    first = row("b6.s1")
    near = {"source": first["source"].replace("7 thèmes", "six thèmes"), "target": "Die erneuerte Zusammenarbeit "
            "gliedert sich in sechs Themen:", "score": 88.0, "origin": "tmx:partner.tmx"}
    store.conn.execute("UPDATE segments SET suggestions=? WHERE release=? AND id=?",
                       (json.dumps([near]), RELEASE, "b6.s1"))
    page = reviewer_page(browser, server, "Anna Weber")
    page.locator("[id='t-b6.s1']").focus()
    page.wait_for_selector("[id='seg-b6.s1'] .source-diff")
    page.locator("[id='seg-b6.s1']").screenshot(path=str(tmp_path / "panel-fuzzy.png"))
    diff = page.locator("[id='seg-b6.s1'] .source-diff").inner_html()
    assert "<del>six</del>" in diff and "<ins>7</ins>" in diff


@pytest.fixture
def tagged_server(tmp_path, monkeypatch) -> Iterator[str]:
    """The Word release with bold, italic and links, machine-translated (the German of tests/data/publish)."""
    import shutil

    from pipeline.publish.publish import read_source_tags
    from pipeline.readers import read_document
    from pipeline.state import transaction
    from tests.publish.test_publish import GERMAN, RICH

    monkeypatch.chdir(tmp_path)
    shutil.copy(RICH / "rich.docx", tmp_path / "rich.docx")
    doc = read_document(tmp_path / "rich.docx")
    store = ReviewStore()
    release = store.sync_document(doc)
    store.set_source_tags(release, read_source_tags(tmp_path / "rich.docx", doc))
    with transaction(store.conn):
        for segment in store.segments(release):
            store.update(segment, "pipeline", "machine", target=GERMAN[segment["source"]], status="translated",
                         origin="mt:local")
    yield from _serve()


def test_inline_tags_shown_formatted_and_a_lost_tag_said_before_saving(tagged_server, browser, tmp_path) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(tagged_server + "/r/rich.docx")
    page.fill("#name-input", "Lena Hoffmann")
    page.click("#name-form button[type=submit]")
    page.wait_for_selector("#reviewer:has-text('Lena Hoffmann')")
    section = page.locator("#seg-b3\\.s1")
    assert section.locator(".fr span.tag").all_text_contents() == ["<b1>", "</b1>", "<i2>", "</i2>"]
    assert section.locator(".tag-preview .fmt-b").inner_text().startswith("25 Minuten")
    assert section.locator(".tag-preview .fmt-i").inner_text().startswith("3,50 Euro")
    area = page.locator("#t-b3\\.s1")
    area.fill("Die Fahrt dauert <b1>25 Minuten</b1> und kostet 3,50 Euro.")
    expect(section.locator(".tag-preview .fmt-i")).to_have_count(0, timeout=5000)  # the preview follows the typing
    area.press("Control+Enter")
    page.wait_for_selector("#toast.bad:has-text('tag <i2> is missing')")
    assert ReviewStore().segments("rich.docx")[2]["target"] == "Die Fahrt dauert 25 Minuten und kostet 3,50 Euro."
    assert ReviewStore().segments("rich.docx")[2]["target_tags"] == ""  # not saved yet
    page.screenshot(path=str(tmp_path / "tags.png"))
    area.fill("Die Fahrt dauert <b1>25 Minuten</b1> und kostet <i2>3,50 Euro</i2>.")
    area.press("Control+Enter")
    page.wait_for_selector("#toast.good:has-text('b3.s1')")
    saved = next(r for r in ReviewStore().segments("rich.docx") if r["id"] == "b3.s1")
    assert json.loads(saved["target_tags"])["tags"][1]["kind"] == "i"
