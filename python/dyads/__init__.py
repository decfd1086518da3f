"""dyads: fast CAMEO event coding from news text.

    >>> import dyads
    >>> coder = dyads.Coder()
    >>> coder.code("Iran accused the United States of spying.", date="2003-05-20")[0]["code"]
    '112'

Every event is a dict with the same fields as `dyads code`'s JSONL output.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import math as _math
import warnings as _warnings
from typing import Any, Iterable, Optional, Sequence

from . import _dyads

__version__ = _dyads.__version__
__all__ = ["Coder", "EVENT_FIELDS", "__version__"]

#: The fields of an event, in the CLI's JSONL order.
EVENT_FIELDS = (
    "doc_id", "sentence", "source", "target", "code", "root", "quad_class", "goldstein", "plover",
    "negated", "hypothetical", "source_text", "target_text", "trigger", "source_span", "target_span",
    "trigger_span", "report_date", "event_date", "date_precision", "date_evidence", "date_range", "rule",
    "attribution", "location",
)


def _text_or_none(x: Any) -> Optional[str]:
    """A usable text, or None for None/NaN/non-strings (reported per row)."""
    if isinstance(x, str):
        return x
    if isinstance(x, bytes):
        try:
            return x.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


_warned_today = False


def _date_str(d: Any) -> str:
    """Report date as YYYY-MM-DD, by the CLI's rule: the document's own
    date, else today (UTC) with one warning per process. A string is passed
    on whole and checked as the CLI checks it (a calendar day YYYY-MM-DD or
    an ISO timestamp): "2023-02-30" or "2023/05/10" is a bad date, never
    cut or guessed."""
    global _warned_today
    if d is None or (isinstance(d, float) and _math.isnan(d)):
        if not _warned_today:
            _warned_today = True
            _warnings.warn("documents without a date are coded as of today (UTC); pass date=", stacklevel=3)
        return _dt.datetime.now(_dt.timezone.utc).date().isoformat()
    if isinstance(d, (_dt.datetime, _dt.date)):
        return d.isoformat()[:10]
    return str(d)


class Coder:
    """Tokenizer, tagger, parser, dictionaries and coder, loaded once.

    model: path of a model file (default: the one built into dyads).
    dictionaries: dyads-format dictionary files, or directories of them
    (default: the built-in set converted from PETRARCH2's Phoenix dictionaries).
    """

    def __init__(self, model: Optional[str] = None, dictionaries: Optional[Sequence[str] | str] = None):
        if isinstance(dictionaries, str):
            dictionaries = [dictionaries]
        self._inner = _dyads.Coder(model, list(dictionaries) if dictionaries is not None else None)

    def code(self, text: str, date: Any = None, doc_id: Optional[str] = None) -> list[dict]:
        """Events of one document. `date` is its report date (YYYY-MM-DD,
        a date, or None for today). Raises ValueError on bad input."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        out = _json.loads(self._inner.code_json(text, _date_str(date), doc_id if doc_id is not None else "doc"))
        if isinstance(out, dict):
            raise ValueError(out["error"])
        return out

    def code_batch(self, texts: Iterable[Any], dates: Optional[Iterable[Any]] = None,
                   ids: Optional[Iterable[Any]] = None, threads: Optional[int] = None) -> list[list[dict]]:
        """Events of many documents, coded in parallel without the GIL.

        Returns one list per input, in order. A row that cannot be coded
        (None/NaN/non-string text, bad date, too large) gives a list holding
        one dict `{"doc_id": ..., "error": reason}` instead of raising.
        """
        texts = list(texts)
        n = len(texts)
        dates = [_date_str(d) for d in dates] if dates is not None else [_date_str(None)] * n
        ids = [str(i) if i is not None else str(k) for k, i in enumerate(ids)] if ids is not None else [str(k) for k in range(n)]
        if len(dates) != n or len(ids) != n:
            raise ValueError("texts, dates and ids must have the same length")
        raw = self._inner.code_batch_json([_text_or_none(t) for t in texts], dates, ids, threads)
        result = []
        for doc_id, r in zip(ids, raw):
            v = _json.loads(r)
            result.append([{"doc_id": doc_id, "error": v["error"]}] if isinstance(v, dict) else v)
        return result

    def code_arrow(self, table: Any, text_col: str = "text", date_col: Optional[str] = "date",
                   id_col: Optional[str] = "id", threads: Optional[int] = None) -> Any:
        """Codes a pyarrow Table (or RecordBatch) of documents; returns a
        pyarrow Table of events with `dyads.arrow.EVENT_SCHEMA` (an `error`
        column is set on rows for documents that could not be coded)."""
        from .arrow import events_to_table

        cols = table.column_names if hasattr(table, "column_names") else table.schema.names
        texts = table.column(text_col).to_pylist()
        dates = table.column(date_col).to_pylist() if date_col and date_col in cols else None
        ids = table.column(id_col).to_pylist() if id_col and id_col in cols else None
        return events_to_table(self.code_batch(texts, dates, ids, threads))

    def parse(self, text: str, format: str = "conllu", doc_id: str = "doc") -> Any:
        """Tokenizes, tags and parses: CoNLL-U text (format="conllu") or a
        list of token dicts (format="tokens")."""
        if format == "conllu":
            return self._inner.parse_conllu(text, doc_id)
        if format == "tokens":
            return _json.loads(self._inner.parse_tokens_json(text))
        raise ValueError(f"format must be 'conllu' or 'tokens', not {format!r}")
