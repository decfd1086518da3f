"""Throughput of dyads on PySpark local[N] against the same corpus as the
CLI. Usage: python bench/spark_bench.py corpus.jsonl [N]

Prints the time of a warm-up job (JVM, workers and model loads) and of a
second, timed job over the same DataFrame (cached input), in documents/s.
"""
import os
import sys
import time

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
from pyspark.sql import SparkSession

from dyads.spark import code_dataframe

src = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 2
t0 = time.time()
spark = (SparkSession.builder.master(f"local[{n}]").appName("dyads-bench").config("spark.ui.enabled", "false")
         .config("spark.sql.execution.arrow.maxRecordsPerBatch", "256").getOrCreate())
docs = spark.read.json(src).repartition(n).cache()
ndocs = docs.count()
t1 = time.time()
events = code_dataframe(docs).count()
t2 = time.time()
events2 = code_dataframe(docs).count()
t3 = time.time()
print(f"local[{n}]: {ndocs} documents, {events} event rows; session+read {t1 - t0:.1f} s; "
      f"first job {t2 - t1:.1f} s ({ndocs / (t2 - t1):.0f} docs/s); second job {t3 - t2:.1f} s ({ndocs / (t3 - t2):.0f} docs/s)")
spark.stop()
