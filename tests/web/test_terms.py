"""Glossary terms proposed from the workspace and accepted into glossary.csv (validated, never
overwriting, atomic, with who and when) or rejected."""

import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.glossary import load_glossary
from pipeline.web.app import Settings, create_app
from tests.web.test_app import post

ROOT = Path(__file__).resolve().parents[2]
PROPOSE = "/api/r/sample.txt/segment/b5.s1/term"


@pytest.fixture
def glossary_copy(tmp_path: Path) -> Path:
    path = tmp_path / "glossary.csv"
    shutil.copy(ROOT / "glossary.csv", path)
    return path


@pytest.fixture
def client(translated, glossary_copy: Path) -> TestClient:
    client = TestClient(create_app(Settings(glossary=glossary_copy)), base_url="http://127.0.0.1")
    assert client.get("/").status_code == 200
    return client


def test_a_proposal_accepted_goes_into_the_glossary_with_who_and_when(client, glossary_copy: Path) -> None:
    term = {"fr": "relations bilatérales", "de": "bilaterale Beziehungen", "kind": "term", "note": "b5.s1"}
    assert post(client, PROPOSE, term).json()["message"] == "give your name first"
    assert post(client, "/api/name", {"name": "Anna Weber"}).status_code == 200
    answer = post(client, PROPOSE, term).json()
    assert answer["ok"] and "proposed" in answer["message"]
    page = client.get("/terms").text
    assert "relations bilatérales" in page and "Anna Weber" in page and 'data-decision="accept"' in page
    number = page.split('data-number="')[1].split('"')[0]
    assert post(client, "/api/name", {"name": "Ben Krause"}).status_code == 200
    decided = post(client, f"/api/terms/{number}/accept", {}).json()
    assert decided["ok"] and "added to" in decided["message"]
    assert load_glossary(glossary_copy).by_fr["relations bilatérales"].de == "bilaterale Beziehungen"
    assert "accepted" in client.get("/terms").text and "Ben Krause" in client.get("/terms").text
    again = post(client, f"/api/terms/{number}/accept", {})
    assert again.status_code == 400 and "not open" in again.json()["message"]


def test_a_conflicting_proposal_is_refused_and_a_rejected_one_recorded(client, glossary_copy: Path) -> None:
    before = glossary_copy.read_bytes()
    assert post(client, "/api/name", {"name": "Anna Weber"}).status_code == 200
    post(client, PROPOSE, {"fr": "Aix-la-Chapelle", "de": "Aix", "kind": "name"})
    post(client, PROPOSE, {"fr": "transports", "de": "Verkehr"})
    rows = client.get("/terms").text.split('data-number="')[1:]
    numbers = {row.split("<td lang=\"fr\">")[1].split("<")[0]: row.split('"')[0] for row in rows}
    refused = post(client, f"/api/terms/{numbers['Aix-la-Chapelle']}/accept", {})
    assert refused.status_code == 400 and "already has 'Aix-la-Chapelle' as 'Aachen'" in refused.json()["message"]
    assert glossary_copy.read_bytes() == before
    assert post(client, f"/api/terms/{numbers['transports']}/reject", {}).json()["message"].endswith("rejected")
    assert glossary_copy.read_bytes() == before


@pytest.mark.parametrize(("term", "message"), [
    ({"fr": "", "de": "x"}, "needs its French and its German"),
    ({"fr": "a", "de": "b", "kind": "word"}, "is not one of"),
    ({"fr": "a|b", "de": "c"}, "no '|'"),
])
def test_a_bad_proposal_is_a_400(client, term: dict, message: str) -> None:
    assert post(client, "/api/name", {"name": "Anna Weber"}).status_code == 200
    response = post(client, PROPOSE, term)
    assert response.status_code == 400 and message in response.json()["message"]
