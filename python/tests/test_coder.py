"""The Python package codes exactly what the CLI codes, and bad rows are
reported per row instead of raising."""
import math

import pytest

import dyads
from conftest import DOCS


def test_code_equals_cli(coder, cli_events):
    got = []
    for d in DOCS:
        got.extend(coder.code(d["text"], date=d["date"], doc_id=d["id"]))
    assert len(got) >= 5
    assert got == cli_events
    assert set(got[0]) == set(dyads.EVENT_FIELDS)


def test_code_batch_equals_cli_in_order(coder, cli_events):
    per_doc = coder.code_batch([d["text"] for d in DOCS], [d["date"] for d in DOCS], [d["id"] for d in DOCS], threads=2)
    assert [e for evs in per_doc for e in evs] == cli_events
    assert per_doc[3] == [], "a document without events gives an empty list"


def test_bad_rows_are_reported_per_row(coder):
    out = coder.code_batch(["Iran met Iraq.", None, math.nan, 42, b"\xff\xfe", "Iran met Iraq."],
                           dates=["2003-01-01", None, None, None, None, "not a date"])
    assert out[0][0]["code"].startswith("04")
    for row in out[1:5]:
        assert len(row) == 1 and "missing or not a string" in row[0]["error"]
    assert "bad date" in out[5][0]["error"]
    with pytest.raises(ValueError, match="bad date"):
        coder.code("Iran met Iraq.", date="yesterday")
    with pytest.raises(TypeError):
        coder.code(None)


def test_negation_and_dates(coder):
    events = coder.code("Iraq did not attack Kuwait. Iran agreed not to fire on American aircraft.", date="2003-03-01")
    assert not any(e["root"] in ("18", "19") for e in events)
    [e] = coder.code("Turkey and Greece agreed on Tuesday to resume talks.", date="2016-03-06")[:1]
    assert e["event_date"] == "2016-03-01" and e["date_precision"] == "day"


def test_code_arrow_and_parse(coder):
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"id": [d["id"] for d in DOCS] + ["bad"], "date": [d["date"] for d in DOCS] + [None],
                      "text": [d["text"] for d in DOCS] + [None]})
    out = coder.code_arrow(table)
    assert out.schema.names[-1] == "error"
    rows = out.to_pylist()
    assert rows[-1]["doc_id"] == "bad" and rows[-1]["error"] and rows[-1]["code"] is None
    assert [r["code"] for r in rows[:-1]] == [r["code"] for r in coder.code_batch([d["text"] for d in DOCS], [d["date"] for d in DOCS])
                                              for r in r]
    conllu = coder.parse("Iran met Iraq.")
    assert "\tmeet\tVERB\t" in conllu and "# text = Iran met Iraq." in conllu
    toks = coder.parse("Iran met Iraq.", format="tokens")
    assert [t["form"] for t in toks] == ["Iran", "met", "Iraq", "."]
    assert toks[0]["head"] == 2 and toks[0]["deprel"] == "nsubj"


@pytest.mark.parametrize("bad", ["2023/05/10", "2023x05x10", "20230510", "2023-02-30", "2023-1-105", "2016-03-06garbage"])
def test_a_date_is_a_calendar_day_or_an_error_naming_it(coder, bad):
    with pytest.raises(ValueError, match=f'bad date "{bad}"'):
        coder.code("Iran met Iraq.", date=bad)


def test_no_date_means_today_with_one_warning(coder):
    import datetime
    import warnings

    def today():
        return datetime.datetime.now(datetime.timezone.utc).date().isoformat()

    dyads._warned_today = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        before = today()
        [e] = coder.code("Iran met Iraq.")[:1]
        coder.code("Iran met Iraq.")
        after = today()
    assert e["report_date"] in (before, after)
    assert sum("coded as of today" in str(w.message) for w in caught) == 1
