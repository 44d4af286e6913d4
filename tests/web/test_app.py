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


@pytest.fixture
def client(translated) -> TestClient:
    client = TestClient(create_app(Settings()))
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
    assert list((tmp_path / "outputs").glob("*.docx"))
    assert client.get(URL + "/download/../../etc/passwd").status_code == 404


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
    client = TestClient(create_app(Settings(host="0.0.0.0", token="s3cret-token")), follow_redirects=False)
    assert client.get("/").status_code == 401
    assert client.get("/?token=wrong").status_code == 401
    entry = client.get("/?token=s3cret-token")
    assert entry.status_code == 303 and "token" not in entry.headers["location"]
    assert client.get("/").status_code == 200  # the cookie carries it from now on


def test_release_text_is_shown_as_text(tmp_path, monkeypatch, capsys) -> None:
    release = tmp_path / "hostile.txt"
    release.write_text("Titre <script>alert(1)</script>\n\nLa Région paie {{ 7*7 }} euros et <b>rien</b> de plus.\n",
                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["translate", str(release), "--engine", "memory"])
    capsys.readouterr()
    client = TestClient(create_app(Settings()))
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
