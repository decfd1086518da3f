"""Code a JSONL corpus with dyads on Spark and write events as Parquet,
partitioned by event month.

    spark-submit examples/spark_code_corpus.py corpus.jsonl out/events
    # or: python examples/spark_code_corpus.py corpus.jsonl out/events  (local[*])

Input lines: {"id", "date", "text", ...}. Rows that cannot be coded are
written to out/events_errors/ instead of failing the job.
"""
import os
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from dyads.spark import code_dataframe


def main(src: str, dst: str) -> None:
    # Local runs: workers use this interpreter (which has dyads). On a
    # cluster, install the dyads wheel on every executor instead.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.appName("dyads-code-corpus")
             .config("spark.ui.enabled", "false").getOrCreate())
    docs = spark.read.json(src)
    if "date" not in docs.columns:
        docs = docs.withColumn("date", F.lit(None).cast("string"))
    events = code_dataframe(docs, text_col="text", date_col="date", id_col="id").cache()
    good = events.where(F.col("error").isNull()).withColumn("event_month", F.substring("event_date", 1, 7))
    good.write.mode("overwrite").partitionBy("event_month").parquet(dst)
    bad = events.where(F.col("error").isNotNull()).select("doc_id", "error")
    if bad.limit(1).count():
        bad.write.mode("overwrite").json(dst.rstrip("/") + "_errors")
    print(f"wrote {good.count()} events to {dst} ({bad.count()} documents with errors)")
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
