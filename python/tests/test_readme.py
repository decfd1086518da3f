"""The README's Python examples run as written: each `>>>` line is run and
its printed result compared (doctest), so the README cannot drift from the
package."""
import doctest
import pathlib

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def test_readme_examples_run_as_written():
    text = README.read_text(encoding="utf-8")
    assert text.count(">>> ") >= 10, "the README's Python examples are missing"
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, "README.md", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} README examples failed (see above)"
