"""`pipeline engines --probe` reaches a server on 127.0.0.1 and says when one does not answer;
nothing but a TCP connection is made, and only to the engines named."""

import json
import socket

from pipeline.cli import main
from pipeline.translate.engines.probe import probe


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_probe_reaches_a_local_server_and_names_a_dead_one(libre, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", "key:fx")
    monkeypatch.setenv("DEEPL_SERVER_URL", f"http://127.0.0.1:{closed_port()}/")
    assert main(["engines", "libre", "deepl", "memory", "--probe", "--timeout", "1", "--json"]) == 0
    rows = {row["engine"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["libre"]["reachable"] is True and "reachable in" in rows["libre"]["detail"]
    assert rows["deepl"]["reachable"] is False and "unreachable" in rows["deepl"]["detail"]
    assert "reachable" not in rows["memory"]  # offline: nothing to probe
    assert libre.sources == []  # a probe sends no text


def test_probe_of_a_bad_url() -> None:
    assert probe("not a url") == (False, "not a URL: not a url")


def test_an_unknown_engine_name_is_an_error(capsys) -> None:
    assert main(["engines", "nope"]) == 1
    assert "unknown engine(s) nope" in capsys.readouterr().err


def test_an_online_engine_with_no_route_is_not_usable_and_without_probe_it_is_unknown(monkeypatch, capsys) -> None:
    monkeypatch.setenv("LIBRETRANSLATE_URL", f"http://127.0.0.1:{closed_port()}/")
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "k")
    assert main(["engines", "libre", "--probe", "--timeout", "1", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["reachable"] is False and row["usable"] is False
    assert main(["engines", "libre", "google"]) == 0
    out = capsys.readouterr().out
    assert "yes?" in out and "unknown: check with --probe" in out
