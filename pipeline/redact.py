"""Secrets never printed or written: the configured keys, the user:password@ of an address, the
secret values of its query string. Everything the CLI prints from an exception or a server's error,
and the engines' self-descriptions, pass through ``redact``; versions name a server by a digest of its
address (``address_tag``), never by the address."""

from __future__ import annotations

import hashlib
import os
import re

SECRET_ENV = ("DEEPL_AUTH_KEY", "LIBRETRANSLATE_API_KEY", "LLM_API_KEY", "MICROSOFT_API_KEY", "PIPELINE_TOKEN")
USERINFO = re.compile(r"(?P<scheme>\b[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)
QUERY_SECRET = re.compile(r"(?P<name>[?&;](?:api[_-]?key|key|token|access_token|auth[_-]?key|auth|password|pass|"
                          r"secret|signature|sig)=)[^&#\s]+", re.IGNORECASE)
MASK = "***"


def redact(text: str) -> str:
    """``text`` with userinfo, query secrets and the configured keys masked."""
    text = USERINFO.sub(rf"\g<scheme>{MASK}@", text)
    text = QUERY_SECRET.sub(rf"\g<name>{MASK}", text)
    for name in SECRET_ENV:
        value = (os.environ.get(name) or "").strip()
        if len(value) >= 4:
            text = text.replace(value, MASK)
    return text


def address_tag(url: str) -> str:
    """A short, irreversible name for a server's address: tells two servers apart in caches and
    colophons without showing where they are or how to log in."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
