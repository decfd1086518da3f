//! The dyads dictionary format: one readable line per fact, blocks by
//! indentation, ISO dates, and no positional tricks. It is what `dyads
//! convert-dict` writes from PETRARCH2 files and what ships in `data/dict/`.
//!
//! ```text
//! actor UNITED STATES                       # display name
//!   name UNITED STATES                      # phrases: words separated by spaces
//!   name AMERIC*                            # trailing * = the last word is a stem
//!   code USA                                # default code
//!   code USAGOV from 2001-01-20 to 2009-01-20
//!
//! agent GOVFRM                              # appended to the actor code
//!   name FOREIGN MINISTER
//! agent NGO before                          # put before the actor code
//!   name HUMAN RIGHTS BODY
//!
//! set NEGOTIATION                           # synset, used as &NEGOTIATION
//!   name TALKS
//!
//! block CONSULT code 040                    # verb block; 036:036 = both ways
//!   verb meet forms meets met meeting
//!   verb cordon particle off code ---
//!   pattern * (FOR &NEGOTIATION) => 036:036  # TABARI notation: pre-verb * post-verb
//!   pattern * ATTACK => 190 only report      # this verb of the block alone
//!
//! discard sentence WORLD CUP
//! discard story 5K RUN
//! ```

use std::fmt::Write as _;

use crate::calendar::parse_date;
use crate::dict::*;
use crate::petrarch;

fn fmt_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d / 10000, d / 100 % 100, d % 100)
}

pub(crate) fn fmt_code(c: &VerbCode) -> String {
    let one = |x: &Option<String>| x.clone().unwrap_or_else(|| "---".into());
    match &c.reverse {
        Some(_) => format!("{}:{}", c.forward.as_deref().unwrap_or(""), one(&c.reverse)),
        None => one(&c.forward),
    }
}

fn fmt_terms(np: &NounPhrase) -> String {
    let words: Vec<String> = np
        .iter()
        .map(|t| match t {
            Term::Word(w) => w.clone(),
            Term::Set(s) => format!("&{s}"),
        })
        .collect();
    if words.len() == 1 {
        words[0].clone()
    } else {
        format!("{{{}}}", words.join(" "))
    }
}

fn fmt_prep(p: &PrepPhrase) -> String {
    let mark = if p.target {
        " +"
    } else if p.skip {
        " ^"
    } else {
        ""
    };
    match &p.noun {
        Some(n) => format!("({} {}{mark})", p.preps.join("/"), fmt_terms(n)),
        None => format!("({}{mark})", p.preps.join("/")),
    }
}

fn fmt_pattern(p: &Pattern) -> String {
    let mut parts: Vec<String> = Vec::new();
    if p.reciprocal {
        parts.push("%".into());
    }
    if p.swap_roles {
        parts.push("+".into());
    }
    parts.extend(p.pre_nouns.iter().map(fmt_terms));
    parts.extend(p.pre_preps.iter().map(fmt_prep));
    parts.push("*".into());
    parts.extend(p.post_nouns.iter().map(fmt_terms));
    parts.extend(p.post_preps.iter().map(fmt_prep));
    if p.swap_roles {
        parts.push("$".into());
    }
    let only = p.only.as_ref().map_or(String::new(), |v| format!(" only {v}"));
    format!("{} => {}{only}", parts.join(" "), fmt_code(&p.code))
}

fn fmt_phrase(p: &Phrase) -> String {
    format!("{}{}", p.words.join(" "), if p.prefix { "*" } else { "" })
}

/// Writes all dictionaries in the native format, one section per kind.
pub fn write(d: &Dictionaries) -> String {
    let mut s = String::from("# dyads dictionaries, format 1 (see crates/dyads-code/src/native.rs)\n");
    for a in &d.actors {
        let _ = writeln!(s, "\nactor {}", a.name);
        for p in &a.phrases {
            let _ = writeln!(s, "  name {}", fmt_phrase(p));
        }
        for c in &a.codes {
            let _ = write!(s, "  code {}", c.code);
            if let Some(f) = c.from {
                let _ = write!(s, " from {}", fmt_date(f));
            }
            if let Some(t) = c.to {
                let _ = write!(s, " to {}", fmt_date(t));
            }
            s.push('\n');
        }
    }
    for g in &d.agents {
        let _ = writeln!(s, "\nagent {}{}", g.code, if g.prefix { " before" } else { "" });
        for p in &g.phrases {
            let _ = writeln!(s, "  name {}", fmt_phrase(p));
        }
    }
    let mut sets: Vec<_> = d.synsets.iter().collect();
    sets.sort_by(|a, b| a.0.cmp(b.0));
    for (name, members) in sets {
        let _ = writeln!(s, "\nset {name}");
        for m in members {
            let _ = writeln!(s, "  name {}", m.join(" "));
        }
    }
    for (b, block) in d.blocks.iter().enumerate() {
        let verbs: Vec<&Verb> = d.verbs.iter().filter(|v| v.block == b).collect();
        let code = verbs.first().map_or("---".to_string(), |v| fmt_code(&v.code));
        let _ = writeln!(s, "\nblock {} code {code}", if block.name.is_empty() { "-" } else { &block.name });
        for v in verbs {
            let _ = write!(s, "  verb {}", v.lemma);
            if let Some(p) = &v.particle {
                let _ = write!(s, " particle {p}");
            }
            if !v.forms.is_empty() {
                let _ = write!(s, " forms {}", v.forms.join(" "));
            }
            let _ = writeln!(s, " code {}", fmt_code(&v.code));
        }
        for p in &block.patterns {
            let _ = writeln!(s, "  pattern {}", fmt_pattern(p));
        }
    }
    for x in &d.discards {
        let _ = writeln!(s, "\ndiscard {} {}", if x.whole_story { "story" } else { "sentence" }, x.words.join(" "));
    }
    s
}

fn parse_phrase(s: &str) -> Phrase {
    let prefix = s.ends_with('*');
    let words = s.trim_end_matches('*').split_whitespace().map(super::fold_upper).collect();
    Phrase { words, prefix }
}

fn parse_iso(s: &str) -> Option<Date> {
    let digits: String = s.chars().filter(|c| *c != '-').collect();
    (digits.len() == 8).then(|| parse_date(&digits)).flatten()
}

enum Open {
    None,
    Actor,
    Agent,
    Set(String),
    Block(usize, VerbCode),
}

/// Reads the native format into `d`; problems go to `d.warnings` as
/// `file:line: reason`.
pub fn read(text: &str, file: &str, d: &mut Dictionaries) {
    let mut open = Open::None;
    for (i, raw) in text.lines().enumerate() {
        let loc = Loc { file: file.to_string(), line: i + 1 };
        let line = raw.split(" #").next().unwrap_or(raw);
        let line = if line.trim_start().starts_with('#') { "" } else { line };
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('\t');
        let t = line.trim();
        let (kw, rest) = t.split_once(' ').map_or((t, ""), |(a, b)| (a, b.trim()));
        let mut warn = |reason: String| d.warnings.push(DictError { loc: loc.clone(), reason });
        if !indented {
            open = match kw {
                "actor" => {
                    d.actors.push(Actor { name: rest.to_string(), phrases: vec![], codes: vec![], loc: loc.clone() });
                    Open::Actor
                }
                "agent" => {
                    let (code, prefix) = match rest.split_once(' ') {
                        Some((c, "before")) => (c, true),
                        Some((_, x)) => {
                            warn(format!("unexpected {x:?} after agent code"));
                            continue;
                        }
                        None => (rest, false),
                    };
                    d.agents.push(Agent { phrases: vec![], code: code.to_string(), prefix, loc: loc.clone() });
                    Open::Agent
                }
                "set" => {
                    d.synsets.entry(rest.to_uppercase()).or_default();
                    Open::Set(rest.to_uppercase())
                }
                "block" => {
                    let (name, code) = rest.rsplit_once(" code ").unwrap_or((rest, "---"));
                    match petrarch::verb_code(code) {
                        Ok(c) => {
                            d.blocks.push(VerbBlock { name: name.to_string(), patterns: vec![] });
                            Open::Block(d.blocks.len() - 1, c)
                        }
                        Err(e) => {
                            warn(e);
                            Open::None
                        }
                    }
                }
                "discard" => {
                    let (kind, words) = rest.split_once(' ').unwrap_or((rest, ""));
                    if !matches!(kind, "story" | "sentence") || words.is_empty() {
                        warn(format!("expected `discard story|sentence WORDS`, found {t:?}"));
                    } else {
                        d.discards.push(Discard {
                            words: words.split_whitespace().map(super::fold_upper).collect(),
                            whole_story: kind == "story",
                            loc: loc.clone(),
                        });
                    }
                    Open::None
                }
                _ => {
                    warn(format!("unknown entry {kw:?} (expected actor, agent, set, block or discard)"));
                    Open::None
                }
            };
            continue;
        }
        match (&open, kw) {
            (Open::Actor, "name") => d.actors.last_mut().unwrap().phrases.push(parse_phrase(rest)),
            (Open::Actor, "code") => {
                let mut parts = rest.split_whitespace();
                let code = parts.next().unwrap_or("").to_string();
                let mut dc = DatedCode { code, from: None, to: None };
                let mut ok = !dc.code.is_empty();
                while let Some(k) = parts.next() {
                    let v = parts.next().and_then(parse_iso);
                    match (k, v) {
                        ("from", Some(v)) => dc.from = Some(v),
                        ("to", Some(v)) => dc.to = Some(v),
                        _ => ok = false,
                    }
                }
                if ok {
                    d.actors.last_mut().unwrap().codes.push(dc);
                } else {
                    warn(format!("expected `code CODE [from YYYY-MM-DD] [to YYYY-MM-DD]`, found {t:?}"));
                }
            }
            (Open::Agent, "name") => d.agents.last_mut().unwrap().phrases.push(parse_phrase(rest)),
            (Open::Set(name), "name") => {
                let words = rest.split_whitespace().map(super::fold_upper).collect();
                d.synsets.get_mut(name).unwrap().push(words);
            }
            (Open::Block(b, block_code), "verb") => {
                let mut words = rest.split_whitespace();
                let lemma = words.next().unwrap_or("").to_lowercase();
                let mut v = Verb { lemma, particle: None, forms: vec![], code: block_code.clone(), block: *b, loc: loc.clone() };
                let mut field = "";
                for w in words {
                    match w {
                        "particle" | "forms" | "code" => field = w,
                        _ => match field {
                            "particle" => v.particle = Some(w.to_lowercase()),
                            "forms" => v.forms.push(w.to_lowercase()),
                            "code" => match petrarch::verb_code(w) {
                                Ok(c) => v.code = c,
                                Err(e) => warn(e),
                            },
                            _ => warn(format!("unexpected {w:?} in verb line")),
                        },
                    }
                }
                if v.lemma.is_empty() {
                    warn("verb without a lemma".into());
                } else {
                    d.verbs.push(v);
                }
            }
            (Open::Block(b, _), "pattern") => {
                let Some((body, code)) = rest.rsplit_once("=>") else {
                    warn("pattern without `=> CODE`".into());
                    continue;
                };
                // `=> 190 only report`: the pattern is that verb's alone.
                let (code, only) = match code.split_once(" only ") {
                    Some((c, v)) => (c, Some(v.trim().to_lowercase())),
                    None => (code, None),
                };
                if only.as_deref().is_some_and(|v| v.is_empty() || v.contains(' ')) {
                    warn("`only` names one verb".into());
                    continue;
                }
                match petrarch::verb_code(code).and_then(|c| petrarch::parse_pattern(body, c, loc.clone())) {
                    Ok(p) => d.blocks[*b].patterns.push(Pattern { only, ..p }),
                    Err(e) => warn(e),
                }
            }
            _ => warn(format!("{kw:?} does not belong here (indented lines follow an actor, agent, set or block)")),
        }
    }
    // A pattern scoped to a verb its block does not hold would never fire.
    for (b, block) in d.blocks.iter().enumerate() {
        for p in block.patterns.iter().filter(|p| p.loc.file == file) {
            if let Some(v) = p.only.as_deref().filter(|v| !d.verbs.iter().any(|x| x.block == b && x.lemma == *v)) {
                d.warnings.push(DictError { loc: p.loc.clone(), reason: format!("`only {v}`: block {} has no verb {v:?}", block.name) });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn petrarch_to_native_round_trip() {
        let mut p = Dictionaries::default();
        petrarch::read_actors("IRAN_ [IRN]\n+IRANIAN_\nZARIF_\n\t[IRNGOV >20130815]\n\t[IRNELI]\nARGENTIN [ARG]\n", "a", &mut p);
        petrarch::read_agents("FOREIGN_MINISTER [~GOVFRM]\nHUMAN_RIGHTS_BODY [NGO~]\n", "g", &mut p);
        petrarch::read_verbs("&NEGOTIATION\n+TALK\n--- CONSULT [040] ---\nMEET {MEETS MET}\n+CORDON_OFF [---]\n- % * [120]\n- * (FOR {PEACE &NEGOTIATION}) [036:036]\n- * PAYMENT [:061]\n", "v", &mut p);
        petrarch::read_discards("+5K RUN\nWORLD CUP\n", "d", &mut p);
        assert!(p.warnings.is_empty());
        let text = write(&p);
        let mut n = Dictionaries::default();
        read(&text, "native", &mut n);
        assert!(n.warnings.is_empty(), "{:?}\n{text}", n.warnings);
        assert_eq!(write(&n), text, "the format round-trips");
        assert_eq!(n.actors[1].code_at(20140101).unwrap().code, "IRNGOV");
        assert!(n.actors[2].phrases[0].prefix);
        assert!(n.agents[1].prefix);
        assert_eq!(n.verbs[1].particle.as_deref(), Some("off"));
        assert!(n.blocks[0].patterns[0].reciprocal);
        assert_eq!(n.blocks[0].patterns[2].code.reverse.as_deref(), Some("061"));
        assert!(n.discards[0].whole_story);
        assert!(text.contains("  code IRNGOV from 2013-08-15\n"), "{text}");
    }

    #[test]
    fn malformed_native_entries_name_their_line() {
        let mut d = Dictionaries::default();
        read("actor X\n  code USA from 2003\n  name X\nfrobnicate\n  name orphan\nblock B code 04-0\n", "n.txt", &mut d);
        let lines: Vec<usize> = d.warnings.iter().map(|w| w.loc.line).collect();
        assert_eq!(lines, [2, 4, 5, 6], "{:?}", d.warnings);
        assert!(d.warnings[0].to_string().starts_with("n.txt:2: expected `code CODE"));
    }
}
