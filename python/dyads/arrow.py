"""Arrow schema of coded events and the list-of-dicts -> Table conversion,
shared by `Coder.code_arrow` and the Spark integration."""

from __future__ import annotations

import pyarrow as pa

_span = pa.list_(pa.int64())

#: Events as Arrow columns; `error` is set (and event fields null) for a
#: document that could not be coded.
EVENT_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("sentence", pa.int32()),
    ("source", pa.string()),
    ("target", pa.string()),
    ("code", pa.string()),
    ("root", pa.string()),
    ("quad_class", pa.int32()),
    ("goldstein", pa.float64()),
    ("plover", pa.string()),
    ("negated", pa.bool_()),
    ("hypothetical", pa.bool_()),
    ("source_text", pa.string()),
    ("target_text", pa.string()),
    ("trigger", pa.string()),
    ("source_span", _span),
    ("target_span", _span),
    ("trigger_span", _span),
    ("report_date", pa.string()),
    ("event_date", pa.string()),
    ("date_precision", pa.string()),
    ("date_evidence", _span),
    ("date_range", pa.list_(pa.string())),
    ("rule", pa.string()),
    ("attribution", pa.list_(pa.struct([("text", pa.string()), ("actor", pa.string()), ("kind", pa.string()), ("span", _span)]))),
    ("location", pa.struct([
        ("text", pa.string()), ("name", pa.string()), ("country_iso3", pa.string()), ("country_fips", pa.string()),
        ("admin1", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()), ("geonames_id", pa.int64()),
        ("precision", pa.string()), ("span", _span),
    ])),
    ("error", pa.string()),
])


def events_to_table(per_doc: list[list[dict]]) -> pa.Table:
    rows = [e for events in per_doc for e in events]
    names = EVENT_SCHEMA.names
    columns = {n: [r.get(n) for r in rows] for n in names}
    return pa.Table.from_pydict(columns, schema=EVENT_SCHEMA)
