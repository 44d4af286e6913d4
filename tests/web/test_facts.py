"""Key facts in the workspace: the page lists them, a press officer strikes, corrects, adds and restores
them through the API (name and CSRF required), and every correction is in the history with the name."""

import pytest
from starlette.testclient import TestClient

from pipeline.review.store import ReviewStore
from pipeline.web.app import Settings, create_app
from tests.review.conftest import RELEASE
from tests.web.test_app import post

PAGE = "/r/sample.txt/facts"
API = "/api/r/sample.txt/facts"


@pytest.fixture
def client(translated) -> TestClient:
    client = TestClient(create_app(Settings()), base_url="http://127.0.0.1")
    assert client.get("/").status_code == 200
    return client


def test_the_facts_page_lists_what_the_briefing_lists(client) -> None:
    page = client.get(PAGE).text
    assert "Personnes / Personen" in page and 'data-fact="Xavier Bertrand' in page
    assert 'href="/r/sample.txt/facts"' in client.get("/r/sample.txt").text
    assert client.get("/r/unknown.txt/facts").status_code == 404


def test_corrections_need_a_name_and_are_recorded_with_it(client) -> None:
    body = {"kind": "places", "fact": "Amiens", "action": "strike"}
    assert post(client, API, body).json()["message"] == "give your name first"
    assert post(client, API, body, csrf=False).status_code == 403
    assert post(client, "/api/name", {"name": "Claire Roux"}).status_code == 200
    assert post(client, API, body).json() == {"ok": True, "message": "struck"}
    fixed = {"kind": "places", "fact": "Lille", "action": "correct", "fr": "Lille (Nord)", "de": "Lille (Nord)"}
    assert post(client, API, fixed).json()["ok"]
    added = {"kind": "figures", "fact": "3 lycées", "action": "add", "fr": "3 lycées"}
    assert post(client, API, added).json()["ok"]
    page = client.get(PAGE).text
    assert "<del>Amiens</del>" in page and "Lille (Nord)" in page and "3 lycées" in page
    assert page.count("Claire Roux") >= 3
    assert [c.action for c in ReviewStore().fact_history(RELEASE)] == ["strike", "correct", "add"]


@pytest.mark.parametrize(("body", "message"), [
    ({"kind": "weather", "fact": "x", "action": "strike"}, "not a kind of key fact"),
    ({"kind": "people", "fact": "x", "action": "erase"}, "not a correction"),
    ({"kind": "people", "fact": "x", "action": "correct"}, "needs its French text"),
])
def test_a_bad_correction_is_a_400_that_says_why(client, body: dict, message: str) -> None:
    assert post(client, "/api/name", {"name": "Claire Roux"}).status_code == 200
    response = post(client, API, body)
    assert response.status_code == 400 and message in response.json()["message"]


def test_fact_text_is_escaped(client) -> None:
    assert post(client, "/api/name", {"name": "Claire Roux"}).status_code == 200
    attack = {"kind": "people", "fact": "<script>alert(1)</script>", "action": "add", "fr": "<b>x</b>"}
    assert post(client, API, attack).json()["ok"]
    page = client.get(PAGE).text
    assert "<script>alert(1)</script>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
