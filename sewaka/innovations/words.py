"""Word count of a proposal text, the same on the server as in the editor's live counter (pure)."""

from __future__ import annotations

import re

# A word is a run of non-space characters holding at least one letter or digit: "e-KTP" is one word,
# a lone dash or bullet is none.
_TOKEN = re.compile(r"\S+")
_WORDY = re.compile(r"\w")


def words_count(text: str | None) -> int:
    return sum(1 for token in _TOKEN.findall(text or "") if _WORDY.search(token))
