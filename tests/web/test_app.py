"""The review workspace's routes through Starlette's test client: pages, saves on revisions, conflicts,
comments, four-eyes, downloads, and the guards (CSRF, token off loopback, body size, escaping)."""

import json
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.cli import main
from pipeline.review.store import ReviewStore
from pipeline.web.app import CSRF_COOKIE, Settings, create_app
from tests.review.conftest import RELEASE

URL = "/r/sample.txt"
API = "/api/r/sample.txt/segment/"

TOKEN = "s3cret-token-for-the-tests-0123456789"  # 32 characters at least


@pytest.fixture
def client(translated) -> TestClient:
    client = TestClient(create_app(Settings()), base_url="http://127.0.0.1")
    assert client.get("/").status_code == 200  # sets the CSRF cookie
    assert post(client, "/api/name", {"name": "Anna Weber"}).status_code == 200
    return client


def post(client: TestClient, url: str, body: dict, csrf: bool = True):
    headers = {"X-CSRF-Token": client.cookies.get(CSRF_COOKIE, "")} if csrf else {}
    return client.post(url, content=json.dumps(body), headers={"Content-Type": "application/json", **headers})


def row(segment: str):
    return next(r for r in ReviewStore().segments(RELEASE) if r["id"] == segment)


def test_releases_and_release_pages(client) -> None:
    page = client.get("/").text
    assert 'href="/r/sample.txt"' in page and "La Région Hauts-de-France" in page
    page = client.get(URL).text
    assert page.count('class="segment ') == 24
    assert 'lang="de" spellcheck="true"' in page and '<div class="fr" lang="fr">' in page
    assert 'data-tip="ministre-président → Ministerpräsident (term); not: Minister-Präsident, Ministerpresident"' in page
    assert client.get(URL + "?status=approved").text.count('class="segment ') == 0
    assert client.get(URL + "?q=Aachen").text.count('class="segment ') == 1
    assert client.get("/r/unknown.txt").status_code == 404


def test_save_on_the_current_revision_then_qa_again(client) -> None:
    before = row("b6.s1")
    response = post(client, API + "b6.s1", {"revision": before["revision"],
                                            "target": "Die erneuerte Zusammenarbeit gliedert sich in 8 Themen:"})
    assert response.status_code == 200 and response.json()["ok"]
    after = row("b6.s1")
    assert (after["target"], after["origin"], after["updated_by"]) == \
        ("Die erneuerte Zusammenarbeit gliedert sich in 8 Themen:", "human", "Anna Weber")
    assert after["revision"] == before["revision"] + 1
    assert "number-missing" in after["findings"]
    fragment = client.get(URL + "/segment/b6.s1").text
    assert "number-missing" in fragment and "Anna Weber" in fragment


def test_a_stale_save_is_a_conflict_never_an_overwrite(client) -> None:
    revision = row("b3.s1")["revision"]
    assert post(client, API + "b3.s1", {"revision": revision, "target": "Erste Fassung."}).status_code == 200
    stale = post(client, API + "b3.s1", {"revision": revision, "target": "Zweite Fassung."})
    assert stale.status_code == 409
    conflict = stale.json()["conflict"]
    assert conflict["target"] == "Erste Fassung." and conflict["mine"] == "Zweite Fassung."
    assert row("b3.s1")["target"] == "Erste Fassung."
    retry = post(client, API + "b3.s1", {"revision": conflict["revision"], "target": "Zweite Fassung."})
    assert retry.status_code == 200 and row("b3.s1")["target"] == "Zweite Fassung."


def test_status_and_comments(client) -> None:
    revision = row("b1.s1")["revision"]
    assert post(client, API + "b1.s1", {"revision": revision, "status": "approved"}).status_code == 200
    assert row("b1.s1")["status"] == "approved"
    revision = row("b1.s1")["revision"]
    assert post(client, API + "b1.s1", {"revision": revision, "comment": "Titel passt."}).status_code == 200
    comments = json.loads(row("b1.s1")["comments"])
    assert [(c["author"], c["text"]) for c in comments] == [("Anna Weber", "Titel passt.")]
    assert "Titel passt." in client.get(URL).text


def test_four_eyes(client, tmp_path, monkeypatch) -> None:
    shutil.copy(Path.cwd() / "glossary.csv", tmp_path)
    shutil.copytree(Path.cwd() / "memory", tmp_path / "memory")
    monkeypatch.chdir(tmp_path)
    Path("pipeline.toml").write_text("[review]\nfour_eyes = true\n", encoding="utf-8")
    revision = row("b3.s1")["revision"]
    assert post(client, API + "b3.s1", {"revision": revision, "target": "Gemeinsam handeln."}).status_code == 200
    refused = post(client, API + "b3.s1", {"revision": row("b3.s1")["revision"], "status": "approved"})
    assert refused.status_code == 403 and "four-eyes" in refused.json()["message"]
    assert post(client, "/api/name", {"name": "Ben Krause"}).status_code == 200
    assert post(client, API + "b3.s1", {"revision": row("b3.s1")["revision"], "status": "approved"}).status_code == 200


def test_downloads(client, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(Path(__file__).resolve().parents[2] / "glossary.csv", tmp_path)
    response = client.get(URL + "/download/review.xlf")
    assert response.status_code == 200 and b"urn:oasis:names:tc:xliff:document:1.2" in response.content
    response = client.get(URL + "/download/briefing.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert not list((tmp_path / "outputs").glob("*.docx"))  # a download is the request's own file, then removed
    assert client.get(URL + "/download/../../etc/passwd").status_code == 404


def test_german_version_download(client, tmp_path) -> None:
    """The German release from the workspace: a draft (ENTWURF) until every segment is approved."""
    response = client.get(URL + "/download/german.original")
    assert response.status_code == 200
    assert response.text.startswith("ENTWURF") and "2021-07-09_" in response.headers["content-disposition"]
    assert ".de.txt" in response.headers["content-disposition"]
    response = client.get(URL + "/download/german.pdf")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    downloads = list((Path(__import__("os").environ["PIPELINE_HOME"]) / "downloads").iterdir())
    assert downloads == []  # the request's own files, removed once sent


def test_csrf_size_and_origin_guards(client) -> None:
    revision = row("b3.s1")["revision"]
    assert post(client, API + "b3.s1", {"revision": revision, "target": "x"}, csrf=False).status_code == 403
    wrong = client.post(API + "b3.s1", content=b"{}", headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 403
    big = post(client, API + "b3.s1", {"revision": revision, "target": "x" * 70_000})
    assert big.status_code == 413
    foreign = client.post(API + "b3.s1", content=b"{}", headers={"X-CSRF-Token": client.cookies.get(CSRF_COOKIE),
                                                                 "Origin": "http://evil.example"})
    assert foreign.status_code == 403
    assert row("b3.s1")["revision"] == revision


def test_a_token_is_required_off_loopback(translated) -> None:
    client = TestClient(create_app(Settings(host="0.0.0.0", token=TOKEN)), follow_redirects=False)
    assert client.get("/").status_code == 401
    assert client.get("/?token=wrong").status_code == 401
    entry = client.get(f"/?token={TOKEN}")
    assert entry.status_code == 303 and "token" not in entry.headers["location"]
    assert client.get("/").status_code == 200  # the cookie carries it from now on


def test_release_text_is_shown_as_text(tmp_path, monkeypatch, capsys) -> None:
    release = tmp_path / "hostile.txt"
    release.write_text("Titre <script>alert(1)</script>\n\nLa Région paie {{ 7*7 }} euros et <b>rien</b> de plus.\n",
                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["translate", str(release), "--engine", "memory"])
    capsys.readouterr()
    client = TestClient(create_app(Settings()), base_url="http://127.0.0.1")
    page = client.get("/r/hostile.txt").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "paie {{ 7*7 }} euros" in page and "paie 49" not in page and "&lt;b&gt;rien" in page


def test_an_import_from_word_meanwhile_makes_a_stale_browser_save_a_conflict(client, tmp_path, capsys) -> None:
    import docx

    revision = row("b3.s1")["revision"]  # the page was opened on this revision
    path = tmp_path / "r.docx"
    assert main(["review", "export", "tests/data/sample.txt", "--out", str(path)]) == 0
    document = docx.Document(str(path))
    next(r for r in document.tables[0].rows if r.cells[0].text == "b3.s1").cells[4].text = "Aus Word."
    document.save(str(path))
    assert main(["review", "import", str(path), "--by", "ben"]) == 0
    capsys.readouterr()
    stale = post(client, API + "b3.s1", {"revision": revision, "target": "Aus dem Browser."})
    assert stale.status_code == 409 and stale.json()["conflict"]["by"] == "ben"
    assert row("b3.s1")["target"] == "Aus Word."


def test_dns_rebinding_is_refused_and_security_headers_are_sent(translated) -> None:
    """A page on another name resolving to 127.0.0.1 can neither read nor save."""
    assert TestClient(create_app(Settings()), base_url="http://rebind.example:8000").get("/").status_code == 421
    local = TestClient(create_app(Settings()), base_url="http://localhost:8000")
    page = local.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cross-origin-opener-policy"] == "same-origin" and page.headers["cache-control"] == "no-store"


def test_an_origin_with_another_scheme_is_refused(client) -> None:
    revision = row("b3.s1")["revision"]
    response = client.post(API + "b3.s1", content=json.dumps({"revision": revision, "target": "x"}),
                           headers={"X-CSRF-Token": client.cookies.get(CSRF_COOKIE), "Origin": "https://127.0.0.1",
                                    "Content-Type": "application/json"})
    assert response.status_code == 403 and row("b3.s1")["revision"] == revision


@pytest.mark.parametrize(("body", "message"), [
    ('{"revision": null, "target": "x"}', "revision must be a whole number"),
    ('{"revision": [1], "target": "x"}', "revision must be a whole number"),
    ('{"revision": {"a": 1}, "target": "x"}', "revision must be a whole number"),
    ('{"revision": 1e400, "target": "x"}', "revision must be a whole number"),
    ('{"revision": 1000000000000000000000000000000, "target": "x"}', "revision must be a whole number"),
    ('{"revision": true, "target": "x"}', "revision must be a whole number"),
    ('{"revision": 1, "target": {"x": 1}}', "target must be text or null"),
    ('{"revision": 1, "target": "\\ud800"}', "lone surrogate"),
    ('{"revision": 1, "target": "x", "evil": 1}', "unknown field(s) evil"),
    ("[" * 5000 + "]" * 5000, "not JSON"),
])
def test_a_malformed_save_is_a_400_that_says_what_was_wrong(client, body: str, message: str) -> None:
    before = row("b3.s1")
    response = client.post(API + "b3.s1", content=body.encode(), headers={
        "X-CSRF-Token": client.cookies.get(CSRF_COOKIE), "Content-Type": "application/json"})
    assert response.status_code == 400 and message in response.json()["message"]
    assert row("b3.s1")["revision"] == before["revision"] and row("b3.s1")["target"] == before["target"]


def test_downloads_are_each_their_own_file(client, tmp_path) -> None:
    """Sixty downloads at once, of two kinds: each complete, none another's, nothing left behind."""
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.config import state_dir

    expected = {kind: client.get(URL + f"/download/{kind}").content for kind in ("review.xlf", "review.docx")}
    assert all(expected.values())

    def fetch(number: int) -> bool:
        kind = ("review.xlf", "review.docx")[number % 2]
        response = client.get(URL + f"/download/{kind}")
        if kind == "review.xlf":
            return response.status_code == 200 and b"sample.txt" in response.content and \
                response.content.rstrip().endswith(b"</xliff>")
        return response.status_code == 200 and response.content[:2] == b"PK" and len(response.content) > 1000

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(fetch, range(60)))
    assert all(results)
    assert not list((state_dir() / "downloads").glob("download-*"))


def test_a_short_token_is_refused_at_start(monkeypatch, capsys) -> None:
    monkeypatch.setenv("PIPELINE_TOKEN", "short")
    assert main(["serve", "--host", "0.0.0.0", "--port", "1"]) == 1
    assert "at least 32" in capsys.readouterr().err


def test_an_inserted_suggestion_keeps_its_origin_and_an_edited_one_keeps_it_as_base(client) -> None:
    store = ReviewStore()
    first, second = row("b6.s1"), row("b7.s1")
    suggestion = {"source": first["source"], "target": "Die Zusammenarbeit umfasst sieben Themen:", "score": 87.5,
                  "origin": "tmx:partner.tmx"}
    with store.conn:
        for segment in (first, second):
            store.conn.execute("UPDATE segments SET suggestions=? WHERE release=? AND id=?",
                               (json.dumps([suggestion]), RELEASE, segment["id"]))
    unchanged = {"revision": first["revision"], "target": suggestion["target"], "inserted": suggestion["target"]}
    assert post(client, API + "b6.s1", unchanged).json()["ok"]
    assert row("b6.s1")["origin"] == "tm-fuzzy:87"
    edited = {"revision": second["revision"], "target": "Die Zusammenarbeit umfasst 7 Themen:",
              "inserted": suggestion["target"]}
    assert post(client, API + "b7.s1", edited).json()["ok"]
    assert row("b7.s1")["origin"] == "human"
    history = [(h["target"], h["reason"]) for h in store.history(RELEASE, "b7.s1")]
    assert (suggestion["target"], "base: tm-fuzzy:87 suggestion inserted, then edited") in history
    forged = {"revision": row("b6.s1")["revision"], "target": "Erfunden.", "inserted": "Erfunden."}
    assert post(client, API + "b6.s1", forged).json()["ok"] and row("b6.s1")["origin"] == "human"  # not its own


def test_concordance_page_searches_the_memory(client) -> None:
    page = client.get("/memory?q=coopération+région&lang=fr").text
    assert "Die Region Hauts-de-France und Nordrhein-Westfalen erneuern ihre Zusammenarbeit" in page
    assert "tmx:sample.tmx" in page and 'href="/memory"' in client.get("/").text
    assert "<script>" not in client.get("/memory?q=%3Cscript%3E").text


def test_the_panel_shows_the_glossary_entries_and_the_french_difference_of_a_match(client) -> None:
    store = ReviewStore()
    first = row("b6.s1")
    near = {"source": first["source"].replace("7 thèmes", "six thèmes"), "target": "… sechs Themen:",
            "score": 88.0, "origin": "tmx:x.tmx"}
    store.conn.execute("UPDATE segments SET suggestions=? WHERE release=? AND id=?",
                       (json.dumps([near]), RELEASE, "b6.s1"))
    fragment = client.get(URL + "/segment/b6.s1").text
    assert "its French → this one:" in fragment and "<del>six</del>" in fragment and "<ins>7</ins>" in fragment
    panel = client.get(URL + "/segment/b4.s1").text
    assert 'class="glossary-panel"' in panel and "Aix-la-Chapelle" in panel and "Aachen" in panel
