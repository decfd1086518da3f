"""The Parquet export reads in pyarrow with the declared types and the same
events as the JSONL export of the same database."""
import json
import os
import subprocess
import tempfile

import pyarrow.parquet as pq

from conftest import BIN





def test_parquet_matches_jsonl():
    with tempfile.TemporaryDirectory() as d:
        feed = os.path.join(d, "feed.jsonl")
        docs = [
            {"id": "a", "date": "2003-05-20", "source": "Daily", "text": "The United States accused Iran of harboring al Qaeda fighters."},
            {"id": "b", "date": "2003-05-21", "source": "Herald", "text": "Iranian officials met American diplomats in Geneva."},
            {"id": "c", "date": "2003-06-02", "source": "Wire", "text": "Iran threatened to expel UN inspectors."},
        ]
        with open(feed, "w") as f:
            f.write("\n".join(json.dumps(x) for x in docs))
        db = os.path.join(d, "e.db")
        subprocess.run([BIN, "ingest", feed, "--db", db, "--no-progress"], check=True, capture_output=True)
        out = os.path.join(d, "e.parquet")
        subprocess.run([BIN, "export", "--db", db, "--format", "parquet", "--out", out], check=True, capture_output=True)
        jl = subprocess.run([BIN, "export", "--db", db, "--format", "jsonl", "--out", "-"], check=True, capture_output=True, text=True).stdout
        rows = [json.loads(l) for l in jl.splitlines()]
        table = pq.read_table(out)
        assert table.num_rows == len(rows) == 3
        assert str(table.schema.field("event_day").type) == "date32[day]"
        assert str(table.schema.field("goldstein").type) == "double"
        got = sorted(zip(table.column("source").to_pylist(), table.column("target").to_pylist(), table.column("code").to_pylist(), table.column("event_date").to_pylist()))
        want = sorted((r["source"], r["target"], r["code"], r["event_date"]) for r in rows)
        assert got == want
        assert ("USA", "IRN", "112", "2003-05-20") in got
        day = table.column("event_day").to_pylist()[table.column("code").to_pylist().index("112")]
        assert str(day) == "2003-05-20"
