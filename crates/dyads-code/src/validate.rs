//! PETRARCH validation records: a lenient reader (the files are XML-like but
//! not well-formed: `#` banners, bare `&`) and the comparison of coded events
//! with the expected ones.

use std::collections::BTreeSet;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Expected {
    pub source: String,
    pub target: String,
    pub code: String,
}

#[derive(Debug, Clone)]
pub struct Record {
    pub id: String,
    pub category: String,
    /// `yyyymmdd`
    pub date: String,
    pub evaluate: bool,
    pub text: String,
    /// The record's own CoNLL-U parse, if it has one.
    pub parse: Option<String>,
    pub expected: Vec<Expected>,
    pub line: usize,
}

/// The `<Environment>` block: dictionary file names and included categories.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub verbs: Option<String>,
    pub actors: Vec<String>,
    pub agents: Option<String>,
    pub discards: Option<String>,
    /// PETRARCH's internal coding ontology (negation arithmetic).
    pub pico: Option<String>,
    pub include: Vec<String>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn element(body: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let a = body.find(&open)? + open.len();
    let b = body[a..].find(&close)? + a;
    Some(body[a..b].to_string())
}

/// Reads all records; unreadable ones are returned as `(line, reason)`.
pub fn read_records(text: &str) -> (Environment, Vec<Record>, Vec<(usize, String)>) {
    let mut env = Environment::default();
    if let Some(e) = element(text, "Environment") {
        env.verbs = element(&e, "Verbfile").map(|s| s.trim().to_string());
        env.actors = element(&e, "Actorfile").map(|s| s.split(',').map(|x| x.trim().to_string()).collect()).unwrap_or_default();
        env.agents = element(&e, "Agentfile").map(|s| s.trim().to_string());
        env.discards = element(&e, "Discardfile").map(|s| s.trim().to_string());
        env.pico = element(&e, "PICOfile").map(|s| s.trim().to_string());
        env.include = element(&e, "Include").map(|s| s.split_whitespace().map(String::from).collect()).unwrap_or_default();
    }
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut pos = 0;
    while let Some(off) = text[pos..].find("<Sentence ") {
        let start = pos + off;
        let line = text[..start].matches('\n').count() + 1;
        let Some(tag_end) = text[start..].find('>').map(|e| start + e) else {
            errors.push((line, "unterminated <Sentence> tag".into()));
            break;
        };
        let tag = &text[start..tag_end];
        let Some(body_end) = text[tag_end..].find("</Sentence>").map(|e| tag_end + e) else {
            errors.push((line, "no </Sentence>".into()));
            break;
        };
        let body = &text[tag_end + 1..body_end];
        pos = body_end;
        let Some(raw_text) = element(body, "Text") else {
            errors.push((line, "record without <Text>".into()));
            continue;
        };
        let mut expected = Vec::new();
        let mut p = 0;
        while let Some(o) = body[p..].find("<EventCoding") {
            let s = p + o;
            let e = body[s..].find('>').map_or(body.len(), |e| s + e);
            let t = &body[s..e];
            match (attr(t, "sourcecode"), attr(t, "targetcode"), attr(t, "eventcode")) {
                (Some(source), Some(target), Some(code)) => expected.push(Expected { source, target, code }),
                // noevents, or an expected error (discarded story, bad parse): no events.
                _ if t.contains("noevents") || t.contains("error=") => {}
                _ => errors.push((line, format!("malformed EventCoding {t:?}"))),
            }
            p = e;
        }
        records.push(Record {
            id: attr(tag, "id").unwrap_or_else(|| format!("line{line}")),
            category: attr(tag, "category").unwrap_or_default(),
            date: attr(tag, "date").unwrap_or_default(),
            evaluate: attr(tag, "evaluate").is_none_or(|e| e != "false"),
            text: raw_text.split_whitespace().collect::<Vec<_>>().join(" "),
            parse: element(body, "Parse").map(|p| p.trim().to_string() + "\n"),
            expected,
            line,
        });
    }
    (env, records, errors)
}

/// Outcome of one record.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub id: String,
    pub category: String,
    pub passed: bool,
    pub expected: Vec<Expected>,
    pub coded: Vec<Expected>,
}

pub fn compare(record: &Record, coded: &[Expected]) -> Outcome {
    let exp: BTreeSet<&Expected> = record.expected.iter().collect();
    let got: BTreeSet<&Expected> = coded.iter().collect();
    Outcome {
        id: record.id.clone(),
        category: record.category.clone(),
        passed: exp == got,
        expected: record.expected.clone(),
        coded: got.into_iter().cloned().collect(),
    }
}

/// `{records, passed, failed, precision, recall}` over the evaluated records.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub records: usize,
    pub passed: usize,
    pub failed: usize,
    pub precision: f64,
    pub recall: f64,
}

pub fn summarize(outcomes: &[Outcome]) -> Summary {
    let (mut tp, mut fp, mut fnn) = (0usize, 0usize, 0usize);
    for o in outcomes {
        let exp: BTreeSet<&Expected> = o.expected.iter().collect();
        let got: BTreeSet<&Expected> = o.coded.iter().collect();
        tp += exp.intersection(&got).count();
        fp += got.difference(&exp).count();
        fnn += exp.difference(&got).count();
    }
    let passed = outcomes.iter().filter(|o| o.passed).count();
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Summary { records: outcomes.len(), passed, failed: outcomes.len() - passed, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fnn) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lenient_records() {
        let text = "# banner & stuff\n<Environment><Verbfile>v.txt</Verbfile><Actorfile>a.txt</Actorfile><Include>DEMO ACTOR</Include></Environment>\n<Sentence category=\"DEMO\" date=\"19950101\" id=\"DEMO-01\" evaluate=\"true\">\n<EventCoding eventcode=\"050\" sourcecode=\"ARN\" targetcode=\"GON\" />\n<Text>\nArnor restored ties\nwith Gondor.\n</Text>\n<Parse>\n1\tArnor\n</Parse></Sentence>\n<Sentence category=\"ACTOR\" id=\"X\" evaluate=\"false\"><EventCoding noevents=\"True\"/><Text>Nothing.</Text></Sentence>\n<Sentence id=\"broken\">no text</Sentence>";
        let (env, recs, errs) = read_records(text);
        assert_eq!(env.verbs.as_deref(), Some("v.txt"));
        assert_eq!(env.include, ["DEMO", "ACTOR"]);
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].text, "Arnor restored ties with Gondor.");
        assert_eq!(recs[0].expected, vec![Expected { source: "ARN".into(), target: "GON".into(), code: "050".into() }]);
        assert!(recs[0].parse.is_some() && recs[0].line == 3);
        assert!(!recs[1].evaluate && recs[1].expected.is_empty());
        assert_eq!(errs.len(), 1);
        let o = compare(&recs[1], &[Expected { source: "A".into(), target: "B".into(), code: "010".into() }]);
        assert!(!o.passed, "a false positive on a no-event record fails");
        let s = summarize(&[compare(&recs[0], &recs[0].expected.clone()), o]);
        assert_eq!((s.records, s.passed, s.failed), (2, 1, 1));
        assert_eq!(s.recall, 1.0);
        assert_eq!(s.precision, 0.5);
    }
}
