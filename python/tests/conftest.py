import os
import sys

import pytest

# Spark workers must run a Python that has dyads installed: this one. Set
# before any test starts a session (the README's doctest starts one too,
# and a later getOrCreate reuses it).
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("DYADS_BIN", os.path.join(ROOT, "target", "release", "dyads"))

# Our own news-like documents (not ../shared): dated reports with events
# of several kinds, one without events, one negated.
DOCS = [
    {"id": "d1", "date": "2003-05-20", "text": "The United States accused Iran of harboring al Qaeda fighters. Iranian officials met American diplomats in Geneva."},
    {"id": "d2", "date": "2003-05-21", "text": "Iran threatened to expel UN inspectors. Iraq did not attack Kuwait."},
    {"id": "d3", "date": "2016-03-06", "text": "Turkey and Greece agreed on Tuesday to resume talks on maritime borders."},
    {"id": "d4", "date": "2010-01-02", "text": "It rained in the capital all week."},
    {"id": "d5", "date": "2012-07-14", "text": "Israeli troops attacked Hamas militants in Gaza, the army said. Egypt urged both sides to agree to a ceasefire."},
]


@pytest.fixture(scope="session")
def coder():
    import dyads

    return dyads.Coder()


@pytest.fixture(scope="session")
def cli_events(tmp_path_factory):
    """What `dyads code` prints for DOCS, one dict per event."""
    import json
    import subprocess

    path = tmp_path_factory.mktemp("cli") / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in DOCS))
    out = subprocess.run([BIN, "code", str(path)], check=True, capture_output=True, text=True).stdout
    return [json.loads(l) for l in out.splitlines()]
