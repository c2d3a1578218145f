"""The shared corpus's comparison rules (``../shared/fountain-corpus/README.md``), implemented once.

Lenient on representation, strict on classification: notes and boneyard dropped, ``[[...]]``
removed, ``*``/``_``/backslash escapes removed, whitespace inside lines collapsed, text compared
case-insensitively, leading indentation only where a case sets ``compare_indent`` (tabs = 4
spaces), ``(CONT'D)`` removed from cues, consecutive action/dialogue/lyrics/centered pieces merged
with their blank lines dropped, empty elements dropped, ``scene_number``/``level``/``dual`` checked
only where the expected element has them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

_MERGED = {"action", "dialogue", "lyrics", "centered"}
_DROPPED = {"note", "boneyard"}
_NOTE = re.compile(r"\[\[.*?\]\]", re.DOTALL)
_ESCAPE = re.compile(r"\\(.)")
_CONTD = re.compile(r"\s*\(\s*CONT['’]?D\.?\s*\)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")


def load_cases(shared: Path) -> list[dict[str, Any]]:
    path = shared / "fountain-corpus" / "cases.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def canon_text(text: str, keep_indent: bool) -> str:
    text = _NOTE.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = text.replace("*", "").replace("_", "")
    out = []
    for line in text.split("\n"):
        if keep_indent:
            line = line.replace("\t", "    ")
            body = line.lstrip(" ")
            indent = line[: len(line) - len(body)]
            line = indent + _SPACES.sub(" ", body).rstrip()
        else:
            line = _SPACES.sub(" ", line).strip()
        if line:
            out.append(line.lower())
    return "\n".join(out)


def canonicalise(elements: list[dict[str, Any]], keep_indent: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for element in elements:
        kind = element["type"]
        if kind in _DROPPED:
            continue
        item: dict[str, Any] = {"type": kind}
        for key in ("scene_number", "level", "dual"):
            if key in element:
                item[key] = element[key]
        if kind == "title_page":
            fields = element.get("fields") or {}
            item["fields"] = {
                k.strip().lower(): canon_text(str(v), False)
                for k, v in fields.items()
                if canon_text(str(v), False)
            }
            out.append(item)
            continue
        text = element.get("text") or ""
        if kind == "character":
            text = _CONTD.sub("", text)
        item["text"] = canon_text(text, keep_indent)
        if not item["text"] and kind != "page_break":
            continue
        if out and kind in _MERGED and out[-1]["type"] == kind:
            out[-1]["text"] += "\n" + item["text"]
            continue
        out.append(item)
    return out


def compare(expected: list[dict[str, Any]], actual: list[dict[str, Any]], keep_indent: bool) -> str | None:
    """None when ``actual`` matches ``expected`` under the corpus rules, else a readable difference."""
    exp = canonicalise(expected, keep_indent)
    act = canonicalise(actual, keep_indent)
    for i in range(max(len(exp), len(act))):
        if i >= len(exp):
            return f"extra element #{i}: {act[i]}"
        if i >= len(act):
            return f"missing element #{i}: {exp[i]}"
        e, a = exp[i], act[i]
        if e["type"] != a["type"]:
            return f"element #{i}: expected {e}, got {a}"
        if e["type"] == "title_page":
            if e["fields"] != a["fields"]:
                return f"title page: expected {e['fields']}, got {a['fields']}"
            continue
        if e["text"] != a["text"]:
            return f"element #{i} ({e['type']}): expected {e['text']!r}, got {a['text']!r}"
        for key in ("scene_number", "level", "dual"):
            if key in e and e[key] != a.get(key, None if key != "dual" else False):
                return f"element #{i} ({e['type']}): {key} expected {e[key]!r}, got {a.get(key)!r}"
    return None
