"""`pipeline models download` against an index served on 127.0.0.1, and offline."""

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipeline.cli import main


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_download_and_verify(model_store: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("translate-fr_en.argosmodel", "translate-en_de.argosmodel"):
        (site / name).write_bytes((model_store / "pivot" / name).read_bytes())
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    (site / "index.json").write_text(json.dumps([
        {"from_code": "fr", "to_code": "en", "links": [base + "translate-fr_en.argosmodel"]},
        {"from_code": "en", "to_code": "de", "links": [base + "translate-en_de.argosmodel"]},
    ]))
    monkeypatch.setenv("PIPELINE_ARGOS_INDEX", base + "index.json")
    monkeypatch.setenv("PIPELINE_MODELS", str(tmp_path / "models"))
    try:
        assert main(["models", "download"]) == 0
    finally:
        server.shutdown()
    assert sorted(p.name for p in (tmp_path / "models").glob("*.argosmodel")) == [
        "translate-en_de.argosmodel", "translate-fr_en.argosmodel"]
    assert main(["engines"]) == 0
    assert "fr→en" in capsys.readouterr().out


def test_offline_download_fails_clearly(tmp_path: Path, monkeypatch, capsys) -> None:
    from tests.translate.engines.servers import free_port

    monkeypatch.setenv("PIPELINE_ARGOS_INDEX", f"http://127.0.0.1:{free_port()}/index.json")
    monkeypatch.setenv("PIPELINE_MODELS", str(tmp_path / "models"))
    assert main(["models", "download"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot download") and "models/" in err
