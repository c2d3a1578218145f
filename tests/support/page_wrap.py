"""Compare the page view's line breaks with the pagination engine's (the PDF's), block by block.

Used by tests/page/test_page_is_print.py and the ``editor.page_wrap_mismatches`` benchmark. The
check reads what Qt laid out (``QTextLine.textStart``/``textLength`` of every line of every block)
and the printed lines of ``paginate`` for the same text, and counts the printed lines whose text is
not what the screen line shows once its Fountain markup (``**``, ``@``, ``#1#``...) is set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtGui import QTextBlock

from editor.fountain.pagination import Pagination
from editor.fountain.print_lines import printed_by_source_line, visible_index

_SCENE_NUMBER = re.compile(r"#[^#]*#")


def _screen_lines(block: QTextBlock) -> list[tuple[int, int]]:
    tl = block.layout()
    return [(tl.lineAt(i).textStart(), tl.lineAt(i).textLength()) for i in range(tl.lineCount())]


def _visible_of(text: str, start: int, length: int) -> str:
    """What prints of ``text[start:start+length]`` (markup, notes and boneyard left out)."""
    visible, index = visible_index(text)
    return "".join(ch for ch, raw in zip(visible, index, strict=True) if start <= raw < start + length)


def _same_line(screen: str, printed: str) -> bool:
    """The screen line shows ``printed`` and otherwise only Fountain syntax."""
    screen, printed = screen.strip(), printed.strip()
    at = screen.find(printed)
    if at < 0:
        return False
    rest = _SCENE_NUMBER.sub("", screen[:at] + " " + screen[at + len(printed) :])
    return not any(ch.isalnum() for ch in rest)


@dataclass
class WrapReport:
    blocks: int = 0
    printed_lines: int = 0
    mismatches: int = 0
    examples: list[str] = field(default_factory=list)


class PageWrapChecker:
    """Holds the printed lines of one pagination; ``check(document)`` compares a laid-out document.

    A block whose line starts were already verified is not compared text by text again (the
    layouts of one document at many widths and zooms are mostly identical), so checking the same
    script in many window configurations stays fast.
    """

    def __init__(self, pagination: Pagination) -> None:
        self.printed = printed_by_source_line(pagination)
        self._verified: dict[int, tuple[str, list[tuple[int, int]]]] = {}

    def check(self, qdoc, make_current) -> WrapReport:
        """Compare every printed block of ``qdoc``; ``make_current(block)`` makes its layout current."""
        report = WrapReport()
        block = qdoc.begin()
        while block.isValid():
            number = block.blockNumber()
            printed = self.printed.get(number)
            if printed is not None:
                make_current(block)
                report.blocks += 1
                report.printed_lines += len(printed)
                screen = _screen_lines(block)
                text = block.text()
                known = self._verified.get(number)
                if known is None or known != (text, screen):
                    bad = self._compare(text, screen, [t for t, _x in printed])
                    if bad:
                        report.mismatches += bad
                        if len(report.examples) < 10:
                            shown = [text[a : a + n] for a, n in screen]
                            report.examples.append(f"line {number}: screen {shown} print {printed}")
                    else:
                        self._verified[number] = (text, screen)
            block = block.next()
        return report

    @staticmethod
    def _compare(text: str, screen: list[tuple[int, int]], printed: list[str]) -> int:
        """Printed lines the screen does not show as its own line (0 when every break agrees)."""
        if len(screen) != len(printed):
            return max(len(screen), len(printed))
        return sum(
            not _same_line(_visible_of(text, start, length), line)
            for (start, length), line in zip(screen, printed, strict=True)
        )
