//! The dictionary self-test and the real-news scorer, end to end.

use std::path::{Path, PathBuf};
use std::process::Command;

fn dyads() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyads"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Pass rate per frame from `dyads self-test` output.
fn rates(out: &str) -> Vec<(String, f64)> {
    out.lines()
        .filter_map(|l| {
            let pct = l.trim_end().strip_suffix('%')?.rsplit(' ').next()?.parse().ok()?;
            Some((l.split("  ").next()?.trim().to_string(), pct))
        })
        .collect()
}

#[test]
fn every_verb_entry_codes_itself_in_plain_frames() {
    let out = dyads().args(["self-test", "--show-failures"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let rates = rates(&text);
    assert_eq!(rates.len(), 7, "{text}");
    // Floors at today's figures (docs/evaluation.md): a change that loses
    // entries fails here, with the failing entries (file:line) listed above.
    for (frame, pct) in &rates {
        let floor = match frame.as_str() {
            "active past" => 100.0,
            "passive with agent" => 97.0,
            "dateline" | "time after subject" => 99.5,
            _ => 98.5,
        };
        assert!(*pct >= floor, "{frame}: {pct}% < {floor}%\n{text}");
    }
    // The entries the issue found silent now fire.
    for v in ["kill", "attack", "blame", "kidnap", "fine", "rebuke", "overran", "forgave", "dug", "tore", "bound", "reinvited", "forbade"] {
        let line = text.lines().find(|l| l.contains(&format!("Russia {v}")) && l.contains("[active past]"));
        assert!(line.is_none(), "{v}: {line:?}");
    }
}

#[test]
fn a_frame_name_that_does_not_exist_is_refused() {
    let out = dyads().args(["self-test", "--frame", "sideways"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("active-past"));
}

#[test]
fn the_scorer_reports_on_the_dev_gold_or_says_what_is_missing() {
    let text = repo().join("../shared/news/dev-sentences.jsonl");
    if !text.exists() {
        eprintln!("skipped: {} is missing (news text is test input only and not shipped)", text.display());
        return;
    }
    let gold = repo().join("data/eval/news-dev.gold.jsonl");
    let out = dyads().args(["eval-events", "--json", "--gold"]).arg(&gold).arg("--text").arg(&text).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sentences"], 404);
    assert!(v["country_root"]["gold"].as_u64().unwrap() > 150, "{v}");
    assert!(v["no_event_fire_rate"].as_f64().unwrap() <= 0.05, "{v}");
}

#[test]
fn a_bad_gold_line_stops_the_scorer_naming_file_and_line() {
    let dir = std::env::temp_dir().join(format!("dyads-gold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gold = dir.join("g.jsonl");
    let text = dir.join("t.jsonl");
    std::fs::write(&gold, "{\"id\":\"a\",\"events\":[]}\n{\"id\":\"b\",\"events\":[{\"source\":\"USA\"}]}\n").unwrap();
    std::fs::write(&text, "{\"id\":\"a\",\"date\":\"2020-01-01\",\"text\":\"Rain fell.\"}\n").unwrap();
    let out = dyads().arg("eval-events").arg("--gold").arg(&gold).arg("--text").arg(&text).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("g.jsonl:2:"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_act_without_a_recipient_has_a_null_target_unless_one_is_required() {
    let code = |extra: &[&str]| {
        let mut c = dyads();
        c.args(["code", "-", "--date", "2020-01-01"]).args(extra).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"Syrian rebels attacked on Sunday.").unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let events: Vec<serde_json::Value> = code(&[]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(events.iter().any(|e| e["target"].is_null() && e["root"] == "19" && e["target_span"].is_null()), "{events:?}");
    assert_eq!(code(&["--require-target"]), "");
}

/// Code `text` (one document) and return its events.
fn events_of(text: &str) -> Vec<serde_json::Value> {
    let mut c = dyads();
    c.args(["code", "-", "--date", "2019-06-01"]).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn accents_fold_and_a_reported_pronoun_is_its_speaker() {
    // "Calderón" in the text and "CALDERÓN" in the dictionary, then the
    // surname alone without its accent; "he" is the speaker, not Obama,
    // the person named last.
    let events = events_of("Mexican President Felipe Calderón met Barack Obama on Monday. Calderon said he was hopeful about the talks.");
    assert!(events.iter().any(|e| e["source"] == "MEXGOV" && e["code"] == "040"), "{events:?}");
    let hopeful = events.iter().find(|e| e["code"] == "013").unwrap_or_else(|| panic!("{events:?}"));
    assert!(hopeful["source"].as_str().unwrap().starts_with("MEX"), "{hopeful}");
}

#[test]
fn he_after_a_person_the_dictionaries_do_not_know_is_not_the_last_known_one() {
    // "He" is Ahmed Mohamed, whom no dictionary knows, not Obama; with no
    // one in between, "he" is Obama.
    let criticism = |text: &str| events_of(text).into_iter().filter(|e| e["target"] == "IRN").count();
    assert_eq!(criticism("President Barack Obama praised the student on Monday. Ahmed Mohamed thanked his teachers. He criticized Iran on Tuesday."), 0);
    assert_eq!(criticism("President Barack Obama praised the student on Monday. He criticized Iran on Tuesday."), 1);
}

#[test]
fn a_region_named_with_america_is_not_the_united_states() {
    // "America" alone is the US; inside a region's name it is not.
    let events = events_of("Brazil sent aid to Latin America. Brazil sent aid to America.");
    let targets: Vec<_> = events.iter().filter(|e| e["source"] == "BRA").map(|e| e["target"].as_str().unwrap_or("-").to_string()).collect();
    assert_eq!(targets, ["LAM", "USA"], "{events:?}");
}

#[test]
fn a_title_case_colon_dateline_sets_the_country_of_a_titled_unknown_person() {
    // "New Delhi:" opens the story: it is no actor, and the vice president
    // the dictionary has no code for at this date is India's, by his title.
    let events = events_of("New Delhi: Vice President M Venkaiah Naidu on Monday appealed for calm.");
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!((events[0]["source"].as_str(), events[0]["code"].as_str()), (Some("INDGOV"), Some("020")));
    // A former holder's title is no evidence of a role now.
    assert!(events_of("New Delhi: Former Vice President M Venkaiah Naidu on Monday appealed for calm.").is_empty());
    // Without the dateline the country is unknown; a place the sentence
    // names is where a titled stranger went, not whose he is.
    assert!(events_of("Vice President M Venkaiah Naidu on Monday appealed for calm.").is_empty());
    assert!(events_of("Prime Minister Janez Kovac arrived in Bergamo on Monday and appealed for calm.").is_empty());
    // A speaker's label is no dateline place ("Obama" is also a small town in Japan).
    assert!(events_of("Obama: Police arrested dozens of protesters.").is_empty());
    assert!(!events_of("New Delhi: Police arrested dozens of protesters.").is_empty());
}

#[test]
fn rules_of_real_news_hold_in_frames_that_should_and_should_not_fire() {
    // (sentence, expected (source, target or "-", code) events, exactly).
    type Dyad = (&'static str, &'static str, &'static str);
    let frames: &[(&str, &[Dyad])] = &[
        // Ending a state is no act of it; ending a visit says it was made.
        ("The United States ended its sanctions on Sudan.", &[]),
        ("Trump cancelled his summit with Kim Jong Un.", &[]),
        // A compound's noun still matches a pattern when nothing else does.
        ("The United States froze aid payments to Ukraine.", &[("USA", "UKR", "162")]),
        // "wound" the verb, though "wind down" lists "wound".
        ("A Syrian rebel wound two Turkish soldiers.", &[("SYRREB", "TURMIL", "180")]),
        // Civilians visiting are visitors; only going home is no visit.
        ("Sudanese civilian leaders visited Ethiopia.", &[("SDNCVL", "ETH", "042"), ("ETH", "SDNCVL", "043")]),
        // A schedule is an intent.
        ("Trump is scheduled to meet Xi Jinping in Osaka.", &[("USAGOV", "CHNGOV", "036")]),
        // A nationality on the attack is no place of the dying.
        ("Two soldiers died in an Israeli air strike.", &[("ISR", "-", "195")]),
        // "the country" is the one named as such, else the speaker's, never
        // where he speaks.
        ("Erdogan, in Moscow on Tuesday, said the country's invasion of northern Syria was defensive.", &[("TUR", "SYR", "192")]),
        // A country in a person's name is none; "Rep." is a legislator's
        // title; two legislators named apart are a dyad.
        ("Ohio Rep. Jim Jordan criticized Nancy Pelosi on Tuesday.", &[("USALEG", "USALEG", "111")]),
        ("Michael Jordan praised Obama.", &[]),
        // Georgia before a US title is the state.
        ("Georgia Governor Brian Kemp criticized Russia.", &[("USAGOV", "RUS", "111")]),
        // Force "at" a country is aimed at it; a refused meeting is a rejection.
        ("North Korea fired a ballistic missile at Japan.", &[("PRK", "JPN", "190")]),
        ("Russia refused to meet Ukrainian negotiators in Istanbul.", &[("RUS", "UKR", "125")]),
    ];
    for (text, want) in frames {
        let got: Vec<(String, String, String)> = events_of(text)
            .iter()
            .map(|e| (e["source"].as_str().unwrap().to_string(), e["target"].as_str().unwrap_or("-").to_string(), e["code"].as_str().unwrap().to_string()))
            .collect();
        let want: Vec<(String, String, String)> = want.iter().map(|(s, t, c)| (s.to_string(), t.to_string(), c.to_string())).collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn a_headline_repeated_as_the_first_line_is_coded_once() {
    let text = "Report: Iran, Iraq met in Geneva\n\nReport: Iran, Iraq met in Geneva\n© Getty\n\nIran and Iraq met again on Monday, officials said.";
    let events = events_of(text);
    let mut sentences: Vec<u64> = events.iter().map(|e| e["sentence"].as_u64().unwrap()).collect();
    sentences.dedup();
    assert_eq!(sentences.len(), 2, "the headline and the story's own sentence: {events:?}");
}
