"""PySpark integration: code a DataFrame of documents with `mapInArrow`.

Each Python worker loads one Coder (model + dictionaries) the first time it
sees a batch and keeps it for the life of the worker process, so the load
cost (about half a second) is paid once per worker, not per partition.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

import pyarrow as pa

from .arrow import EVENT_SCHEMA, events_to_table

_CODER = None


def _coder():
    global _CODER
    if _CODER is None:
        from . import Coder

        _CODER = Coder()
    return _CODER


def spark_schema():
    """The events schema as a Spark StructType (see dyads.arrow.EVENT_SCHEMA)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(EVENT_SCHEMA)


def _to_str(v: Any) -> Any:
    return v.isoformat()[:10] if hasattr(v, "isoformat") else v


def code_dataframe(df: Any, text_col: str = "text", date_col: Optional[str] = "date",
                   id_col: Optional[str] = "id", threads: Optional[int] = 1) -> Any:
    """Events of every document in `df`, as a DataFrame with
    `spark_schema()`. Rows whose text is null, not a string or undecodable
    come back as one row with `error` set; they never fail the job.

    threads: coding threads per Python worker (1 by default: Spark already
    runs one worker per core)."""
    cols = [c for c in (text_col, date_col, id_col) if c]
    missing = [c for c in cols if c not in df.columns]
    if text_col in missing:
        raise ValueError(f"no column {text_col!r} in {df.columns}")
    selected = df.select(*[c for c in cols if c in df.columns])
    has_date = bool(date_col) and date_col in df.columns
    has_id = bool(id_col) and id_col in df.columns

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        coder = _coder()
        for batch in batches:
            texts = batch.column(text_col).to_pylist()
            dates = [_to_str(d) for d in batch.column(date_col).to_pylist()] if has_date else None
            ids = batch.column(id_col).to_pylist() if has_id else None
            try:
                per_doc = coder.code_batch(texts, dates, ids, threads)
            except Exception as e:  # a whole batch failing is reported, not fatal
                per_doc = [[{"doc_id": str(i), "error": f"batch failed: {e}"}] for i in (ids or range(len(texts)))]
            for rb in events_to_table(per_doc).to_batches():
                yield rb

    return selected.mapInArrow(run, spark_schema())
