//! End-to-end tests of the `dyads` binary with the embedded model.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use dyads_text::read_conllu;

fn dyads() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyads"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Test data shipped in the repository (`data/eval/`, credited in NOTICE).
fn shipped(rel: &str) -> PathBuf {
    repo().join("data/eval").join(rel)
}

/// Test input that may not be shipped (news text): `../shared/rel` when it
/// is beside the repository, else `None` after one line saying what is missing.
fn unshipped(rel: &str) -> Option<PathBuf> {
    let p = repo().join("../shared").join(rel);
    if !p.exists() {
        eprintln!("skipped: {} is missing (news text, test input only, not shipped)", p.display());
        return None;
    }
    Some(p)
}

fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = dyads().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // dyads may exit before reading its input (e.g. on a bad model): a broken
    // pipe here is expected then, and the exit status tells the story.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "dyads failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn parse_example_writes_wellformed_conllu() {
    let out = stdout(&dyads().arg("parse").arg(repo().join("examples/sample-news.txt")).output().unwrap());
    let docs = read_conllu(&out, "parse-output").expect("our own output reads back");
    let d = &docs[0];
    d.check().unwrap();
    assert!(d.sentences.len() >= 10, "expected the example's sentences, got {}", d.sentences.len());
    assert_eq!(out.matches("# sent_id = ").count(), d.sentences.len());
    assert_eq!(out.matches("# text = ").count(), d.sentences.len());
    for s in &d.sentences {
        let roots = s.tokens.clone().filter(|&i| d.head[i].is_none()).count();
        assert_eq!(roots, 1, "one root per sentence");
        assert!(s.tokens.clone().all(|i| d.head[i].is_none_or(|h| s.tokens.contains(&(h as usize)))));
    }
    // The dateline is its own sentence, and the parse makes linguistic sense:
    // "agreed" heads the first sentence after the dateline (as its root, or
    // as the complement of the postposed "said"), with Turkey its subject.
    assert!(out.contains("# text = ANKARA (Dyads Wire) —\n"));
    let agreed = (0..d.len()).find(|&i| d.form(i) == "agreed").unwrap();
    assert_eq!(d.upos[agreed], dyads_text::Upos::Verb);
    assert!(d.deprel[agreed] == "root" || d.deprel[agreed] == "ccomp", "{}", d.deprel[agreed]);
    let turkey = (0..d.len()).find(|&i| d.form(i) == "Turkey").unwrap();
    assert_eq!(d.head[turkey], Some(agreed as u32));
    assert_eq!(d.deprel[turkey], "nsubj");
    assert_eq!(d.lemma[agreed], "agree");
}

#[test]
fn empty_input_gives_empty_output() {
    let o = run_with_stdin(&["parse", "-"], b"");
    assert_eq!(stdout(&o).trim_start_matches("# newdoc id = stdin\n"), "");
}

#[test]
fn invalid_utf8_is_reported_with_offset_unless_lossy() {
    let o = run_with_stdin(&["parse", "-"], b"Iran met \xff officials.");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("invalid UTF-8 at byte offset 9"), "{err}");
    let o = run_with_stdin(&["parse", "--lossy", "-"], b"Iran met \xff officials.");
    assert!(stdout(&o).contains("\u{FFFD}"));
}

#[test]
fn conllu_input_keeps_an_external_parse() {
    let conllu = "# sent_id = x1\n1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tprotested\tprotest\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
    let o = run_with_stdin(&["parse", "--input-format", "conllu", "--annotate", "none", "-"], conllu.as_bytes());
    let out = stdout(&o);
    assert!(out.contains("1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_"), "{out}");
    assert!(out.contains("# sent_id = x1"));
    // Re-parse with our parser from the external tags.
    let o = run_with_stdin(&["parse", "--input-format", "conllu", "--annotate", "parse", "-"], conllu.as_bytes());
    let d = &read_conllu(&stdout(&o), "o").unwrap()[0];
    assert_eq!(d.deprel[1], "root");
}

#[test]
fn malformed_conllu_names_file_and_line() {
    let dir = std::env::temp_dir().join(format!("dyads-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.conllu");
    std::fs::write(&f, "# ok\n1\tIran\tIran\tPROPN\tNNP\t_\t0\troot\t_\t_\n2\tmet\tmeet\tVERB\n\n").unwrap();
    let o = dyads().arg("parse").arg(&f).output().unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.conllu:3: expected 10 tab-separated columns, found 4"), "{err}");
}

#[test]
fn jsonl_bad_line_is_reported_and_skipped() {
    let input = "{\"id\": \"a\", \"text\": \"Iran protested.\"}\n{not json\n{\"id\": \"b\", \"text\": \"Iraq agreed.\"}\n";
    let o = run_with_stdin(&["parse", "--input-format", "jsonl", "-"], input.as_bytes());
    // The others are parsed; the exit status says one was skipped.
    assert_eq!(o.status.code(), Some(3));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("# newdoc id = a") && out.contains("# newdoc id = b"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("stdin:2: skipped: malformed JSONL line"));
}

#[test]
fn long_single_line_input_is_parsed() {
    // ~1.3 MB on one line with no sentence punctuation: sentences are capped,
    // so the parser's work stays linear.
    let line = "officials from both sides met again and talked for hours ".repeat(22_000);
    let o = run_with_stdin(&["parse", "-"], line.as_bytes());
    let out = stdout(&o);
    assert_eq!(out.matches("\tmet\t").count(), 22_000);
}

#[test]
fn corrupt_model_file_is_an_error_not_a_crash() {
    let dir = std::env::temp_dir().join(format!("dyads-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bytes = std::fs::read(repo().join("models/en_ewt.dyads")).unwrap();
    let f = dir.join("truncated.dyads");
    std::fs::write(&f, &bytes[..bytes.len() / 2]).unwrap();
    let o = run_with_stdin(&["parse", "--model", f.to_str().unwrap(), "-"], b"Iran protested.");
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("corrupt or truncated"), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(&f, b"not a model at all").unwrap();
    let o = run_with_stdin(&["parse", "--model", f.to_str().unwrap(), "-"], b"Iran protested.");
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a dyads model file"));
}

/// A tiny treebank for training runs that must only get as far as the model
/// file (three sentences: seconds, not minutes).
const TINY_TREEBANK: &str = "1\tIran\tIran\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tprotested\tprotest\tVERB\tVBD\t_\t0\troot\t_\t_
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tFrance\tFrance\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
3\tIraq\tIraq\tPROPN\tNNP\tNumber=Sing\t2\tobj\t_\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\tNumber=Sing\t3\tnsubj\t_\t_
3\tresigned\tresign\tVERB\tVBD\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

";

fn train_tiny(dir: &Path, extra: &[&Path], flags: &[&str]) -> Output {
    let tb = dir.join("tiny.conllu");
    std::fs::write(&tb, TINY_TREEBANK).unwrap();
    let mut cmd = dyads();
    cmd.arg("train").arg("--train").arg(&tb).arg("--dev").arg(&tb).arg("--out").arg(dir.join("tiny.dyads"));
    for (flag, path) in flags.iter().zip(extra) {
        cmd.arg(flag).arg(path);
    }
    cmd.output().unwrap()
}

/// A clusters or probabilities file that is missing, truncated or malformed
/// stops training with `file:line: reason`; it never gives a model without
/// the features.
#[test]
fn bad_clusters_file_stops_training_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("dyads-clusters-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    std::fs::write(&good, "{\"Iran\": 1446, \"France\": 3494}").unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        ("truncated.json", b"{\n\"Iran\": 1446,\n\"France\": 34", "truncated.json:3: EOF while parsing"),
        ("string.json", b"{\n\"Iran\": 1446,\n\"France\": \"0110\"\n}\n", "string.json:3: invalid type: string"),
        ("empty.json", b"", "empty.json:1: EOF while parsing"),
        ("noclusters.json", b"{\"Iran\": 0}\n", "noclusters.json:1: no word has a cluster"),
    ];
    for (name, bytes, expect) in cases {
        let f = dir.join(name);
        std::fs::write(&f, bytes).unwrap();
        let o = train_tiny(&dir, &[&f], &["--clusters"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success() && err.contains(expect), "{name}: {err}");
        assert!(!dir.join("tiny.dyads").exists(), "{name}: a model was written");
    }
    let missing = dir.join("missing.json");
    let o = train_tiny(&dir, &[&missing], &["--clusters"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("missing.json: cannot read"));
    let bad_probs = dir.join("probs.json");
    std::fs::write(&bad_probs, "{\n\"Iran\": -9.5,\n\"France\": 2.0}").unwrap();
    let o = train_tiny(&dir, &[&good, &bad_probs], &["--clusters", "--probs"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("probs.json:3: log probability 2 of \"France\" is not <= 0"), "{err}");
}

/// With a clusters file the model records it (format 4: clusters with
/// shape back-off) and still parses;
/// without one, training gives a model as before.
#[test]
fn training_with_clusters_gives_a_model_that_has_them() {
    let dir = std::env::temp_dir().join(format!("dyads-clusters-ok-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let clusters = dir.join("c.json");
    std::fs::write(&clusters, "{\"Iran\": 1446, \"France\": 3494, \"Iraq\": 934, \"minister\": 77}").unwrap();
    let probs = dir.join("p.json");
    std::fs::write(&probs, "{\"Iran\": -11.1, \"the\": -3.5}").unwrap();
    for (flags, version) in [(&["--clusters", "--probs"][..], 4u32), (&[][..], 2)] {
        let o = train_tiny(&dir, &[&clusters, &probs], flags);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let model = dir.join("tiny.dyads");
        let bytes = std::fs::read(&model).unwrap();
        assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()), version);
        let o = run_with_stdin(&["parse", "--model", model.to_str().unwrap(), "-"], b"Iran met France.");
        assert!(stdout(&o).contains("\tIran\t"));
        std::fs::remove_file(&model).unwrap();
    }
}

/// `--train` repeats: the treebanks are read in order, and the model's
/// description names each; `--tagger-files K` trains the tagger on the
/// first K only.
#[test]
fn training_on_two_treebanks_names_both() {
    let dir = std::env::temp_dir().join(format!("dyads-two-treebanks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("first.conllu"), dir.join("second.conllu"));
    std::fs::write(&a, TINY_TREEBANK).unwrap();
    std::fs::write(&b, TINY_TREEBANK).unwrap();
    let model = dir.join("two.dyads");
    let o = dyads().arg("train").arg("--train").arg(&a).arg("--train").arg(&b).arg("--dev").arg(&a).arg("--out").arg(&model).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("trained on first.conllu + second.conllu;"), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&model).unwrap();
    assert!(bytes.windows(31).any(|w| w == b"first.conllu + second.conllu; t"), "the model file's description names both treebanks");
    // The tagger from the first treebank only (its three sentences).
    let o = dyads()
        .arg("train")
        .arg("--train")
        .arg(&a)
        .arg("--train")
        .arg(&b)
        .arg("--tagger-files")
        .arg("1")
        .arg("--dev")
        .arg(&a)
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("tagger: learns from the first 3 training sentences"), "{}", String::from_utf8_lossy(&o.stderr));
    let o = dyads().arg("train").arg("--train").arg(&a).arg("--tagger-files").arg("2").arg("--dev").arg(&a).arg("--out").arg(&model).output().unwrap();
    assert!(
        !o.status.success() && String::from_utf8_lossy(&o.stderr).contains("--tagger-files 2: only 1 --train treebanks"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let empty = dir.join("empty.conllu");
    std::fs::write(&empty, "").unwrap();
    let o = dyads().arg("train").arg("--train").arg(&a).arg("--train").arg(&empty).arg("--dev").arg(&a).arg("--out").arg(&model).output().unwrap();
    assert!(
        !o.status.success() && String::from_utf8_lossy(&o.stderr).contains("empty.conllu: no training sentences"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The shipped model must stay near its measured accuracy on EWT dev (see
/// BENCHMARKS.md): floors a few points below, so a broken model fails. The
/// slice is every fourth document of dev (data/eval/README.md); measured on
/// it: UPOS 95.2, XPOS 94.6, UAS 85.9, LAS 83.1; raw text: tokens F1 99.1,
/// sentences F1 79.4, LAS 80.1 (whole dev: UPOS 95.1, LAS 82.3).
#[test]
fn shipped_model_meets_accuracy_floor_on_ewt_dev() {
    let dev = shipped("en_ewt-ud-dev-slice.conllu");
    let o = dyads().args(["eval-parse", "--json", "--gold"]).arg(&dev).output().unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let get = |k: &str| v[k].as_f64().unwrap_or_else(|| panic!("missing {k} in {v}"));
    assert!(get("upos") >= 93.0, "{v}");
    assert!(get("xpos") >= 92.0, "{v}");
    assert!(get("uas") >= 82.0, "{v}");
    assert!(get("las") >= 78.0, "{v}");

    let o = dyads().args(["eval-parse", "--json", "--raw", "--gold"]).arg(&dev).output().unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["tokens_f1"].as_f64().unwrap() >= 98.0, "{v}");
    assert!(v["sentences_f1"].as_f64().unwrap() >= 72.0, "{v}");
    assert!(v["las"].as_f64().unwrap() >= 75.0, "{v}");
}

#[test]
fn code_example_with_builtin_dictionaries() {
    let o = dyads().args(["code", "--date", "2023-05-10"]).arg(repo().join("examples/sample-news.txt")).output().unwrap();
    let out = stdout(&o);
    let events: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!events.is_empty());
    for e in &events {
        for k in [
            "doc_id",
            "sentence",
            "source",
            "target",
            "code",
            "root",
            "quad_class",
            "goldstein",
            "plover",
            "negated",
            "source_text",
            "target_text",
            "trigger",
            "source_span",
            "target_span",
            "trigger_span",
            "report_date",
            "event_date",
        ] {
            assert!(e.get(k).is_some(), "missing {k} in {e}");
        }
        assert!(e["code"].is_string(), "codes are strings: {e}");
        // Spans are byte offsets into the document and match the texts.
        let text = std::fs::read_to_string(repo().join("examples/sample-news.txt")).unwrap();
        let span = |k: &str| (e[k][0].as_u64().unwrap() as usize, e[k][1].as_u64().unwrap() as usize);
        let (a, b) = span("trigger_span");
        assert_eq!(&text[a..b], e["trigger"].as_str().unwrap());
        let (a, b) = span("source_span");
        assert_eq!(&text[a..b], e["source_text"].as_str().unwrap());
    }
    let has = |s: &str, t: &str, code: &str| events.iter().any(|e| e["source"] == s && e["target"] == t && e["code"].as_str().unwrap().starts_with(code));
    assert!(has("GRCGOV", "TURMIL", "112"), "Greek officials accused Turkish jets: {out}");
    assert!(has("TURCOP", "IMGMUSISI", "17"), "Turkish police detained IS members: {out}");
    assert!(events.iter().all(|e| e["report_date"] == "2023-05-10"));
}

#[test]
fn petrarch_dictionary_errors_name_file_and_line() {
    let dir = std::env::temp_dir().join(format!("dyads-dict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let actors = dir.join("bad.actors.txt");
    std::fs::write(&actors, "IRAN_ [IRN]\nZARIF_\n\t[IRNGOV >2013x]\n").unwrap();
    let verbs = dir.join("v.txt");
    std::fs::write(&verbs, "--- ACCUSE [112] ---\nACCUSE\n").unwrap();
    let args = ["code", "--dict-format", "petrarch", "--actors", actors.to_str().unwrap(), "--verbs", verbs.to_str().unwrap(), "-"];
    let o = run_with_stdin(&args, b"Iran accused Zarif.");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.actors.txt:3: bad date restriction"), "{err}");
    // With --keep-going the entry is skipped, reported, and coding goes on.
    let mut keep = args.to_vec();
    keep.insert(1, "--keep-going");
    let o = run_with_stdin(&keep, b"Iran accused Zarif.");
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("skipped: "));
}

#[test]
fn convert_dict_round_trips_through_native_format() {
    let dir = std::env::temp_dir().join(format!("dyads-conv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let v = shipped("petrarch-v2_02");
    let o = dyads()
        .args(["convert-dict", "--dict-format", "petrarch", "--keep-going", "--out"])
        .arg(&dir)
        .arg("--actors")
        .arg(v.join("PETR_Validate_actors_2_02.txt"))
        .arg("--agents")
        .arg(v.join("PETR_Validate_agents_2_02.txt"))
        .arg("--verbs")
        .arg(v.join("PETR_Validate_verbs_2_02.txt"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sentence = b"Arnor is about to restore full diplomatic ties with Gondor.";
    let mut args = vec!["code".to_string(), "-".to_string()];
    for f in ["actors", "agents", "verbs"] {
        args.push("--dict".into());
        args.push(dir.join(format!("{f}.txt")).display().to_string());
    }
    let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    let out = stdout(&run_with_stdin(&refs, sentence));
    assert!(out.contains("\"source\":\"ARN\",\"target\":\"GON\",\"code\":\"050\""), "{out}");
}

/// PETRARCH2's validation suite, coded from raw text by our own parser: the
/// issue's target (85%); measured 209/244 = 85.7% (see BENCHMARKS.md).
#[test]
fn petrarch_validation_suite_floor() {
    let f = shipped("petrarch-v2_02/PETR_Validate_records_2_02.xml");
    let o = dyads().args(["validate-petrarch", "--json"]).arg(&f).output().unwrap();
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let (records, passed) = (v["records"].as_f64().unwrap(), v["passed"].as_f64().unwrap());
    assert!(records >= 240.0, "{v}");
    assert!(passed / records >= 0.85, "{v}");
    assert!(v["precision"].as_f64().unwrap() >= 0.85, "{v}");
}

#[test]
fn explain_shows_actors_rule_and_reason() {
    let out =
        stdout(&dyads().args(["explain", "Greek officials accused Turkish fighter jets of violating the airspace.", "--date", "2023-05-10"]).output().unwrap());
    assert!(out.contains("actor \"Greek\""), "{out}");
    assert!(out.contains("verb \"accused\" rule data/dict/verbs.txt:"), "{out}");
    assert!(out.contains("event GRCGOV -> TURMIL 112"), "{out}");
    let out = stdout(&dyads().args(["explain", "Zorblat accused Turkey."]).output().unwrap());
    assert!(out.contains("no event: the subject is not a known actor"), "{out}");
}

#[test]
fn unknown_actors_lists_uncovered_subjects() {
    let dir = std::env::temp_dir().join(format!("dyads-unk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("t.txt");
    std::fs::write(&f, "Zorblat accused Turkey of lying. Zorblat accused Greece too. Iran accused Zorblat.\n").unwrap();
    let out = stdout(&dyads().arg("unknown-actors").arg(&f).output().unwrap());
    let first = out.lines().nth(1).unwrap();
    assert!(first.starts_with("3\tZORBLAT\t"), "{out}");
}

/// The example article (2016 report about 2003 talks), read from
/// ../shared: it is test input only and is not shipped.
#[test]
fn us_iran_example_codes_2003_events_at_their_dates() {
    let Some(f) = unshipped("examples/us-iran-talks.txt") else { return };
    let out = stdout(&dyads().args(["code", "--date", "2016-03-06"]).arg(&f).output().unwrap());
    let events: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(events.iter().all(|e| !e["code"].as_str().unwrap().starts_with("19")), "no use of force: {out}");
    assert!(
        events
            .iter()
            .any(|e| e["source"] == "USAGOV" && e["target"] == "IRN" && e["code"] == "112" && e["event_date"].as_str().unwrap().starts_with("2003-05")),
        "the May 2003 accusation, with the Bush administration's 2003 role: {out}"
    );
    let consult = |a: &str, b: &str| events.iter().any(|e| e["source"] == a && e["target"] == b && e["code"].as_str().unwrap().starts_with("04"));
    assert!(consult("USA", "IRN") && consult("IRN", "USA"), "talks both ways: {out}");
    // The talks are dated by their anchor, "prior to the U.S.-led war in
    // Iraq": a range ending before the invasion (2003-03-20), not 2016.
    let talks: Vec<_> = events.iter().filter(|e| e["trigger"] == "held").collect();
    assert!(!talks.is_empty(), "{out}");
    for e in &talks {
        assert_eq!(e["date_precision"], "range", "{e}");
        let end = e["date_range"][1].as_str().unwrap();
        assert!(end < "2003-03-20" && end.starts_with("2003"), "{e}");
    }
    // Iran's agreement, reported "according to a report in The New York
    // Times", inherits the talks' date and carries that attribution chain.
    let agreed = events.iter().find(|e| e["trigger"] == "agreed" && e["source"] == "IRN").expect("Iran agreed");
    assert!(agreed["event_date"].as_str().unwrap().starts_with("2003"), "{agreed}");
    let chain: Vec<&str> = agreed["attribution"].as_array().unwrap().iter().map(|a| a["text"].as_str().unwrap()).collect();
    assert!(chain.contains(&"The New York Times"), "{chain:?}");
    // "... he added": he is Khalilzad, the last speaker, not Zarif; and the
    // quotation's "We" is Khalilzad's side.
    let added: Vec<_> = events
        .iter()
        .filter(|e| e["attribution"].as_array().unwrap().iter().any(|a| a["kind"] == "speaker" && a["text"].as_str().unwrap().starts_with("he ")))
        .collect();
    assert!(!added.is_empty(), "{out}");
    for e in &added {
        assert!(e["attribution"][0]["text"].as_str().unwrap().contains("KHALILZAD"), "{e}");
    }
    assert!(events.iter().any(|e| e["source_text"] == "We" && e["source"].as_str().unwrap().starts_with("USA")), "{out}");
    // Khalilzad, a Bush administration envoy in 2003, is USAGOV; Zarif, then
    // ambassador to the UN, IRNGOV: "Khalilzad told Zarif ...".
    assert!(events.iter().any(|e| e["source"] == "USAGOV" && e["target"] == "IRNGOV" && e["trigger"] == "told"), "{out}");
    // Every event about 2003 is dated 2003: none keeps the 2016 report date.
    assert!(events.iter().all(|e| e["event_date"].as_str().unwrap().starts_with("2003")), "{out}");

    // The entity table: Zarif's role in the text is the 2003 one.
    let out = stdout(&dyads().args(["code", "--date", "2016-03-06", "--output", "documents"]).arg(&f).output().unwrap());
    let doc: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let zarif = doc["entities"].as_array().unwrap().iter().find(|e| e["name"].as_str().unwrap().contains("ZARIF")).expect("Zarif is an entity");
    let roles: Vec<&str> = zarif["roles"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert!(roles.iter().any(|r| r.contains("Ambassador to the United Nations")), "{roles:?}");
    assert!(!roles.iter().any(|r| r.to_lowercase().contains("foreign minister")), "{roles:?}");
    assert!(zarif["mentions"].as_array().unwrap().len() >= 3, "full name and surnames: {zarif}");
    // "a terrorist attack in Saudi Arabia": the gazetteer places the attack.
    let locs = doc["locations"].as_array().unwrap();
    let saudi = locs.iter().find(|l| l["location"]["name"] == "Saudi Arabia").expect("Saudi Arabia is located");
    assert_eq!(saudi["locates"], "attack");
    assert_eq!((saudi["location"]["country_iso3"].as_str(), saudi["location"]["precision"].as_str()), (Some("SAU"), Some("country")));
}

#[test]
fn jsonl_documents_carry_their_own_report_dates() {
    let input = "{\"id\":\"a\",\"date\":\"2003-05-10T12:00:00Z\",\"text\":\"Iran accused the United States.\"}\n{\"id\":\"b\",\"text\":\"Iran accused the United States.\"}\n";
    let out = stdout(&run_with_stdin(&["code", "--input-format", "jsonl", "--date", "2016-03-06", "-"], input.as_bytes()));
    let events: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let date_of = |id: &str| events.iter().find(|e| e["doc_id"] == id).unwrap()["report_date"].clone();
    assert_eq!(date_of("a"), "2003-05-10");
    assert_eq!(date_of("b"), "2016-03-06");
}

#[test]
fn code_tsv_has_a_header_and_one_row_per_event() {
    let o = run_with_stdin(&["code", "--format", "tsv", "--date", "2020-01-01", "-"], b"Iran accused the United States. Greece welcomed Turkey.");
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("doc_id\tsentence\tevent_date\tsource\ttarget\tcode"), "{out}");
    assert!(lines.iter().any(|l| l.contains("\tIRN\tUSA\t112\t")), "{out}");
    assert!(lines[1..].iter().all(|l| l.split('\t').count() == 12), "{out}");
}

#[test]
fn non_english_and_verbless_text_code_nothing_and_do_not_fail() {
    let text = "Die Regierung in Teheran hat die Gespräche abgebrochen. Москва осудила удары. 北京表示反对。 — ... !!! 12345";
    let o = run_with_stdin(&["code", "--date", "2020-01-01", "-"], text.as_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run_with_stdin(&["code", "--date", "2020-01-01", "-"], "Iran , Iraq , Syria .".repeat(300).as_bytes());
    assert!(o.status.success());
}

#[test]
fn discourse_gold_set_floors() {
    // Our own 63-document gold set (data/eval/discourse.jsonl): floors a
    // little under the measured figures, so a regression in dating,
    // attribution or geolocation fails here.
    let out = stdout(&dyads().args(["eval-discourse", "--json"]).arg(repo().join("data/eval/discourse.jsonl")).output().unwrap());
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["documents"], 63);
    for (field, floor) in [("date_accuracy_when_found", 0.85), ("attribution_accuracy_when_found", 0.85), ("location_accuracy_when_found", 0.8)] {
        assert!(v[field].as_f64().unwrap() >= floor, "{field}: {v}");
    }
    assert!(v["events_found"].as_u64().unwrap() >= 40, "{v}");
}

/// PETRARCH discards a sentence that says "years ago"; dyads keeps its
/// event when it can date it (issue 15, item 9).
#[test]
fn a_sentence_about_years_ago_is_coded_and_dated_not_discarded() {
    let text = b"Russia invaded Georgia two years ago.\n";
    let out = stdout(&run_with_stdin(&["code", "--date", "2010-08-08", "-"], text));
    let events: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let invasion = events.iter().find(|e| e["source"] == "RUS" && e["target"] == "GEO").unwrap_or_else(|| panic!("no RUS -> GEO event in {out}"));
    assert!(invasion["event_date"].as_str().unwrap().starts_with("2008"), "dated two years back: {invasion}");
    // A time dyads cannot date still discards, as in PETRARCH: no event
    // dated to the report day that happened at some unknown time.
    for text in ["Years ago, Russia invaded Georgia.\n", "Months later, Russia invaded Georgia.\n"] {
        let out = stdout(&run_with_stdin(&["code", "--date", "2010-08-08", "-"], text.as_bytes()));
        assert!(out.trim().is_empty(), "{text}: {out}");
    }
}

/// `--role-only` codes a countryless role subject as GDELT does (a blank
/// country); without it such a subject codes nothing.
#[test]
fn role_only_codes_a_countryless_police_subject_only_when_asked() {
    let text = b"Police arrested the opposition leader.\n";
    let plain = stdout(&run_with_stdin(&["code", "--date", "2020-01-01", "-"], text));
    assert!(plain.trim().is_empty(), "{plain}");
    let out = stdout(&run_with_stdin(&["code", "--role-only", "--date", "2020-01-01", "-"], text));
    let events: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(events.iter().any(|e| e["source"] == "COP" && e["code"] == "173"), "{out}");
}
