"""`pipeline engines --probe`: can this machine reach an online engine's server right now?

Only a TCP connection to the server's host and port, with a short timeout: no text, no key and no
request is sent, so a probe never costs quota and never leaks a release."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlparse

PROBE_TIMEOUT = 3.0


def probe(url: str, timeout: float = PROBE_TIMEOUT) -> tuple[bool, str]:
    """(reachable, what was seen) for the server of ``url``."""
    parts = urlparse(url)
    host = parts.hostname
    if not host:
        return False, f"not a URL: {url}"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    started = time.perf_counter()
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except TimeoutError:
        return False, f"{host}:{port} did not answer within {timeout:g} s"
    except OSError as exc:
        return False, f"{host}:{port} unreachable ({exc.strerror or type(exc).__name__})"
    return True, f"{host}:{port} reachable in {(time.perf_counter() - started) * 1000:.0f} ms"
