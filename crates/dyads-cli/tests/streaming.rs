//! `dyads code` streams: a multi-megabyte input is coded document by
//! document (plain text in windows) with the output of coding each document
//! on its own, and `--max-doc-bytes` skips what is larger (exit status 3).

use std::process::Command;

use dyads_pipeline::Pipeline;

fn dyads() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyads"))
}

const SENTENCES: [&str; 5] = [
    "The United States accused Iran of harboring al Qaeda fighters.",
    "Russia threatened Ukraine with sanctions over the gas dispute.",
    "Police arrested dozens of opposition supporters in Cairo.",
    "The European Union urged both sides to resume talks.",
    "Nothing happened.",
];

fn paragraph(i: usize) -> String {
    (0..4).map(|k| SENTENCES[(i * 7 + k * 3) % 5]).collect::<Vec<_>>().join(" ")
}

#[test]
fn a_large_jsonl_input_codes_as_its_documents_one_by_one() {
    let dir = std::env::temp_dir().join(format!("dyads-test-{}-stream-jsonl", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let docs: Vec<(String, String)> =
        (0..2400).map(|i| (format!("d{i}"), [paragraph(i), paragraph(i + 1), paragraph(i + 2)].join("\n\n") + " " + &"x ".repeat(i % 300))).collect();
    let file = dir.join("docs.jsonl");
    let body: String = docs.iter().map(|(id, text)| serde_json::json!({ "id": id, "date": "2016-03-06", "text": text }).to_string() + "\n").collect();
    assert!(body.len() > 2_000_000, "{}", body.len());
    std::fs::write(&file, &body).unwrap();
    let o = dyads().arg("code").arg(&file).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let p = Pipeline::embedded().unwrap();
    let mut expected = String::new();
    for (id, text) in &docs {
        for e in p.code_text(id, text.clone(), "2016-03-06").unwrap().events {
            expected.push_str(&serde_json::to_string(&e).unwrap());
            expected.push('\n');
        }
    }
    assert!(expected.lines().count() > 5000);
    assert!(String::from_utf8(o.stdout).unwrap() == expected, "streamed output differs from coding each document");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_large_text_document_is_coded_in_windows_with_whole_document_offsets() {
    let dir = std::env::temp_dir().join(format!("dyads-test-{}-stream-text", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text: String = (0..12000).map(|i| paragraph(i) + "\n\n").collect();
    assert!(text.len() > 2 << 20, "more than two windows: {}", text.len());
    let file = dir.join("big.txt");
    std::fs::write(&file, &text).unwrap();
    let o = dyads().arg("code").arg(&file).args(["--date", "2016-03-06"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let events: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // Every paragraph is four sentences; sentences count from 1 in the whole document.
    let n_sentences = 12000 * 4;
    let mut last = 0;
    for e in &events {
        let [a, b] = [e["trigger_span"][0].as_u64().unwrap() as usize, e["trigger_span"][1].as_u64().unwrap() as usize];
        assert_eq!(&text[a..b], e["trigger"].as_str().unwrap(), "{e}");
        let s = e["sentence"].as_u64().unwrap() as usize;
        assert!(s >= last && s <= n_sentences, "{e}");
        last = s;
        // The sentence number names the sentence holding the trigger.
        let para = text[..a].matches("\n\n").count();
        assert!((para * 4 + 1..=para * 4 + 4).contains(&s), "sentence {s} is not in paragraph {para}: {e}");
        assert_eq!(e["doc_id"], "big");
    }
    assert!(events.iter().any(|e| e["trigger_span"][0].as_u64().unwrap() > 2 << 20), "events from a later window");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn documents_over_max_doc_bytes_are_skipped_with_exit_3() {
    let dir = std::env::temp_dir().join(format!("dyads-test-{}-stream-limit", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("docs.jsonl");
    let big = SENTENCES[0].repeat(40);
    let lines = [SENTENCES[0], &big, SENTENCES[1]].map(|t| serde_json::json!({ "date": "2016-03-06", "text": t }).to_string()).join("\n");
    std::fs::write(&file, lines).unwrap();
    let o = dyads().arg("code").arg(&file).args(["--max-doc-bytes", "1000"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains(&format!("docs.jsonl:2: skipped: document too large: {} bytes (limit 1000; raise --max-doc-bytes)", big.len())), "{err}");
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("\"code\""))
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc_id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>(),
        ["docs-1", "docs-3"]
    );
    let text = dir.join("big.txt");
    std::fs::write(&text, &big).unwrap();
    let o = dyads().arg("code").arg(&text).args(["--max-doc-bytes", "1000", "--date", "2016-03-06"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains(&format!("big.txt: skipped: document too large: {} bytes (limit 1000; raise --max-doc-bytes)", big.len())), "{err}");
    assert!(o.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
