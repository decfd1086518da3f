"""PySpark local[2]: code_dataframe codes what the CLI codes, bad rows
become error rows, and the example job writes Parquet partitioned by month."""
import os
import subprocess
import sys

import pytest

from conftest import DOCS, ROOT

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Workers must run a Python that has dyads installed: this one.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    s = (SparkSession.builder.master("local[2]").appName("dyads-test")
         .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
         .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    yield s
    s.stop()


def key(e):
    return (e["doc_id"], e["sentence"], e["source"], e["target"], e["code"], e["event_date"], tuple(e["trigger_span"]))


def test_code_dataframe_equals_cli(spark, cli_events):
    from dyads.spark import code_dataframe

    rows = [(d["id"], d["date"], d["text"]) for d in DOCS] + [("nul", "2003-01-01", None)]
    df = spark.createDataFrame(rows, "id string, date string, text string").repartition(2)
    events = [r.asDict(recursive=True) for r in code_dataframe(df).collect()]
    errors = [e for e in events if e["error"]]
    assert [e["doc_id"] for e in errors] == ["nul"]
    got = sorted(key(e) for e in events if not e["error"])
    assert got == sorted(key(e) for e in cli_events)
    full = [e for e in events if not e["error"]]
    by_key = {key(e): e for e in cli_events}
    for e in full:
        want = by_key[key(e)]
        for f in ("goldstein", "quad_class", "source_text", "target_text", "trigger", "date_precision", "rule", "date_range"):
            assert e[f] == want[f], f


def test_non_string_column_is_an_error_row(spark):
    from dyads.spark import code_dataframe

    df = spark.createDataFrame([("a", "2003-01-01", 5)], "id string, date string, text int")
    [row] = code_dataframe(df).collect()
    assert row["error"] and row["code"] is None


def test_example_job_writes_partitioned_parquet(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    import json

    corpus.write_text("\n".join(json.dumps(d) for d in DOCS))
    out = tmp_path / "events"
    subprocess.run([sys.executable, os.path.join(ROOT, "examples", "spark_code_corpus.py"), str(corpus), str(out)],
                   check=True, capture_output=True, text=True)
    months = sorted(p.name for p in out.iterdir() if p.name.startswith("event_month="))
    assert "event_month=2003-05" in months and "event_month=2016-03" in months
    import pyarrow.dataset as ds

    table = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    assert table.num_rows >= 5
