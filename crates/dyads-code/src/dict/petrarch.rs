//! Readers for PETRARCH2/TABARI dictionary files: `.actors`, `.agents`,
//! verb dictionaries (synsets, verb blocks, patterns) and discard lists.
//! See PETRARCH2's `docs/dictionaries.rst` for the formats.
//!
//! Every malformed entry becomes a [`DictError`] naming file and line; the
//! reader always goes on to the end so that all problems are reported at once.

use crate::calendar::parse_date;
use crate::dict::*;

fn strip_comment(line: &str) -> &str {
    let cut = line.find('#').unwrap_or(line.len());
    line[..cut].trim_end()
}

fn is_xml_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("<!") || t.starts_with("-->")
}

/// The content lines of a dictionary file as (1-based line number, text
/// without comments, trimmed), skipping blank and `<!-- -->` lines.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter(|(_, raw)| !is_xml_comment(raw)).map(|(i, raw)| (i + 1, strip_comment(raw).trim())).filter(|(_, t)| !t.is_empty())
}

/// Splits a TABARI phrase (`PRESIDENT_GEORGE_W._BUSH`, `HAMAS WING`) into
/// upper-case words; a trailing `_` means "exact", otherwise the last word
/// may be a stem.
pub fn phrase(s: &str) -> Phrase {
    let s = s.trim();
    let exact = s.ends_with('_');
    let words = s.split(['_', ' ']).filter(|w| !w.is_empty()).map(super::fold_upper).collect();
    Phrase { words, prefix: !exact }
}

/// `[CODE]`, `[CODE >date]`, `[CODE <date]`, `[CODE date-date]`.
fn dated_code(inner: &str) -> Result<DatedCode, String> {
    let inner = inner.trim();
    let code_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let code = inner[..code_end].to_string();
    if code.is_empty() {
        return Err("empty code in [...]".into());
    }
    let mut dc = DatedCode { code, from: None, to: None };
    // The restriction may be written with spaces: "< 950601", "19950601 - 19990815".
    let restriction: String = inner[code_end..].split_whitespace().collect();
    if !restriction.is_empty() {
        let r = restriction.as_str();
        let bad = || format!("bad date restriction {r:?}");
        if let Some(d) = r.strip_prefix('>') {
            dc.from = Some(parse_date(d).ok_or_else(bad)?);
        } else if let Some(d) = r.strip_prefix('<') {
            dc.to = Some(parse_date(d).ok_or_else(bad)?);
        } else if let Some((a, b)) = r.split_once('-') {
            dc.from = Some(parse_date(a).ok_or_else(bad)?);
            dc.to = Some(parse_date(b).ok_or_else(bad)?);
        } else {
            return Err(bad());
        }
    }
    Ok(dc)
}

/// Reads a `.actors` file into `dicts.actors`.
pub fn read_actors(text: &str, file: &str, dicts: &mut Dictionaries) {
    let loc = |line: usize| Loc { file: file.to_string(), line };
    let mut current: Option<Actor> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if is_xml_comment(raw) {
            continue;
        }
        // ';' also starts a comment in CountryInfo-generated files.
        let line = strip_comment(raw);
        let line = &line[..line.find(';').unwrap_or(line.len())];
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(['\t', ' ']);
        let t = line.trim();
        if indented && t.starts_with('[') {
            let Some(actor) = current.as_mut() else {
                dicts.warnings.push(DictError { loc: loc(n), reason: "date restriction before any actor".into() });
                continue;
            };
            // Usually one [CODE restriction] per line; some lines hold several.
            for group in t.split('[').filter(|g| !g.trim().is_empty()) {
                match group.trim().strip_suffix(']').ok_or_else(|| "unclosed [".to_string()).and_then(dated_code) {
                    Ok(dc) => actor.codes.push(dc),
                    Err(reason) => dicts.warnings.push(DictError { loc: loc(n), reason }),
                }
            }
            continue;
        }
        if let Some(syn) = t.strip_prefix('+') {
            match current.as_mut() {
                Some(actor) => {
                    let (p, code) = split_code(syn);
                    actor.phrases.push(phrase(p));
                    if let Some(c) = code {
                        match dated_code(c) {
                            Ok(dc) => actor.codes.push(dc),
                            Err(reason) => dicts.warnings.push(DictError { loc: loc(n), reason }),
                        }
                    }
                }
                None => dicts.warnings.push(DictError { loc: loc(n), reason: "synonym before any actor".into() }),
            }
            continue;
        }
        if let Some(a) = current.take() {
            dicts.actors.push(a);
        }
        let (p, code) = split_code(t);
        let ph = phrase(p);
        if ph.words.is_empty() {
            dicts.warnings.push(DictError { loc: loc(n), reason: format!("no phrase in {t:?}") });
            continue;
        }
        let mut actor = Actor { name: ph.words.join(" "), phrases: vec![ph], codes: Vec::new(), loc: loc(n) };
        if let Some(c) = code {
            match dated_code(c) {
                Ok(dc) => actor.codes.push(dc),
                Err(reason) => dicts.warnings.push(DictError { loc: loc(n), reason }),
            }
        }
        current = Some(actor);
    }
    if let Some(a) = current {
        dicts.actors.push(a);
    }
}

/// `PHRASE [CODE]` -> (`PHRASE`, `Some("CODE")`); the code may be absent.
fn split_code(s: &str) -> (&str, Option<&str>) {
    match (s.find('['), s.rfind(']')) {
        (Some(a), Some(b)) if b > a => (s[..a].trim(), Some(s[a + 1..b].trim())),
        _ => (s.trim(), None),
    }
}

/// Reads an `.agents` file into `dicts.agents`.
pub fn read_agents(text: &str, file: &str, dicts: &mut Dictionaries) {
    let loc = |line: usize| Loc { file: file.to_string(), line };
    let mut subst: Vec<(String, Vec<String>)> = Vec::new();
    for (n, t) in content_lines(text) {
        let is_definition = t.starts_with('!') && t[1..].find('!').is_some_and(|e| t[e + 2..].trim_start().starts_with('='));
        if is_definition {
            if let Some((name, list)) = t.split_once('=') {
                subst.push((name.trim().to_string(), list.split(',').map(|x| x.trim().to_uppercase()).filter(|x| !x.is_empty()).collect()));
            } else {
                dicts.warnings.push(DictError { loc: loc(n), reason: format!("substitution marker without '=': {t:?}") });
            }
            continue;
        }
        // PHRASE {PLURAL} [~CODE]; some files close the code with '}'.
        let Some(open) = t.find('[') else {
            dicts.warnings.push(DictError { loc: loc(n), reason: format!("agent without [code]: {t:?}") });
            continue;
        };
        let close = t[open..].find([']', '}']).map(|c| open + c);
        let Some(close) = close else {
            dicts.warnings.push(DictError { loc: loc(n), reason: "unclosed [".into() });
            continue;
        };
        let code_raw = t[open + 1..close].trim();
        let (code, prefix) = if let Some(c) = code_raw.strip_prefix('~') {
            (c.to_string(), false)
        } else if let Some(c) = code_raw.strip_suffix('~') {
            (c.to_string(), true)
        } else {
            dicts.warnings.push(DictError { loc: loc(n), reason: format!("agent code {code_raw:?} has no '~'") });
            continue;
        };
        let head = t[..open].trim();
        let (base, plurals) = match (head.find('{'), head.find('}')) {
            (Some(a), Some(b)) if b > a => (head[..a].trim(), Some(head[a + 1..b].trim())),
            _ => (head, None),
        };
        // Expand !MARKER! substitutions.
        let mut bases = vec![base.to_string()];
        for (name, list) in &subst {
            if base.contains(name.as_str()) {
                bases = list.iter().map(|x| base.replace(name.as_str(), x)).collect();
            }
        }
        let mut phrases = Vec::new();
        for b in &bases {
            let mut p = phrase(b);
            p.prefix = false;
            if p.words.is_empty() {
                continue;
            }
            let substituted = bases.len() > 1;
            match plurals {
                Some("") => {}
                Some(pl) => phrases.extend(pl.split_whitespace().map(|x| Phrase { prefix: false, ..phrase(x) })),
                None if !substituted => {
                    let mut pw = p.words.clone();
                    let last = pw.pop().unwrap();
                    pw.push(plural(&last));
                    phrases.push(Phrase { words: pw, prefix: false });
                }
                None => {}
            }
            phrases.push(p);
        }
        if phrases.is_empty() {
            dicts.warnings.push(DictError { loc: loc(n), reason: format!("agent without phrase: {t:?}") });
            continue;
        }
        dicts.agents.push(Agent { phrases, code, prefix, loc: loc(n) });
    }
}

/// Reads a discard list into `dicts.discards`.
pub fn read_discards(text: &str, file: &str, dicts: &mut Dictionaries) {
    for (n, t) in content_lines(text) {
        let (whole_story, rest) = match t.strip_prefix('+') {
            Some(r) => (true, r),
            None => (false, t),
        };
        let words: Vec<String> = rest.split([' ', '_']).filter(|w| !w.is_empty()).map(super::fold_upper).collect();
        if !words.is_empty() {
            dicts.discards.push(Discard { words, whole_story, loc: Loc { file: file.to_string(), line: n } });
        }
    }
}

/// `[040]`, `[036:036]`, `[:020]`, `[---]`.
pub(crate) fn verb_code(s: &str) -> Result<VerbCode, String> {
    let s = s.trim();
    let one = |x: &str| -> Result<Option<String>, String> {
        let x = x.trim();
        if x.is_empty() || x == "---" {
            Ok(None)
        } else if x.chars().all(|c| c.is_ascii_alphanumeric()) {
            Ok(Some(x.to_string()))
        } else {
            Err(format!("bad event code {x:?}"))
        }
    };
    match s.split_once(':') {
        Some((a, b)) => Ok(VerbCode { forward: one(a)?, reverse: one(b)? }),
        None => Ok(VerbCode { forward: one(s)?, reverse: None }),
    }
}

fn term(word: &str) -> Term {
    match word.strip_prefix('&') {
        Some(set) => Term::Set(set.to_uppercase()),
        None => Term::Word(super::fold_upper(word.trim_end_matches('_'))),
    }
}

/// Tokenizes a pattern body: words, `{...}` noun phrases, `(...)` prepositional
/// phrases and the `*` verb marker.
#[derive(Debug)]
enum Piece {
    Star,
    Compound,
    /// `+`: the target stands here.
    TargetMark,
    /// `$`: the source stands here.
    SourceMark,
    Noun(NounPhrase),
    Prep(PrepPhrase),
}

fn pattern_pieces(body: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut rest = body.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('*') {
            out.push(Piece::Star);
            rest = r.trim_start();
        } else if let Some(r) = rest.strip_prefix('{') {
            let end = r.find('}').ok_or("unclosed {")?;
            let np: NounPhrase = r[..end].split_whitespace().map(term).collect();
            out.push(Piece::Noun(np));
            rest = r[end + 1..].trim_start();
        } else if let Some(r) = rest.strip_prefix('(') {
            let end = r.find(')').ok_or("unclosed (")?;
            let inner = r[..end].trim();
            let (prep, noun) = match inner.split_once(char::is_whitespace) {
                Some((p, n)) => (p, Some(n.trim())),
                None => (inner, None),
            };
            // TABARI markers inside the phrase: `+` marks the target, `$` the
            // source, `^` a skipped word; none constrains the noun.
            let target = noun.is_some_and(|n| n.split_whitespace().any(|w| w == "+"));
            let skip = noun.is_some_and(|n| n.split_whitespace().any(|w| w == "^") && n.split_whitespace().all(|w| matches!(w, "^" | "$" | "%")));
            let noun = noun
                .map(|n| n.trim_start_matches('{').trim_end_matches('}'))
                .map(|n| n.split_whitespace().filter(|w| !matches!(*w, "+" | "$" | "^" | "%")).map(term).collect::<NounPhrase>())
                .filter(|n| !n.is_empty());
            out.push(Piece::Prep(PrepPhrase { preps: prep.split('/').map(|p| p.to_uppercase()).collect(), noun, target, skip }));
            rest = r[end + 1..].trim_start();
        } else {
            let end = rest.find(|c: char| c.is_whitespace() || "{(*".contains(c)).unwrap_or(rest.len());
            let word = &rest[..end.max(1)];
            // TABARI markers: % asks for a compound actor (coded both ways);
            // $ source and + target say where the roles stand; ^ skips a word.
            if word == "%" {
                out.push(Piece::Compound);
            } else if word == "+" {
                out.push(Piece::TargetMark);
            } else if word == "$" {
                out.push(Piece::SourceMark);
            } else if word != "^" {
                out.push(Piece::Noun(vec![term(word)]));
            }
            rest = rest[end.max(1)..].trim_start();
        }
    }
    Ok(out)
}

pub(crate) fn parse_pattern(body: &str, code: VerbCode, loc: Loc) -> Result<Pattern, String> {
    let pieces = pattern_pieces(body)?;
    let star = pieces.iter().position(|p| matches!(p, Piece::Star)).ok_or("pattern without '*'")?;
    let mut pat =
        Pattern { pre_nouns: vec![], pre_preps: vec![], post_nouns: vec![], post_preps: vec![], reciprocal: false, swap_roles: false, only: None, code, loc };
    for (i, p) in pieces.into_iter().enumerate() {
        match p {
            Piece::Star if i != star => return Err("more than one '*'".into()),
            Piece::Star => {}
            Piece::Compound => pat.reciprocal = true,
            // Only the reversed layout changes anything: target before the
            // verb, source after it.
            Piece::TargetMark => pat.swap_roles |= i < star,
            Piece::SourceMark => pat.swap_roles |= i > star,
            Piece::Noun(n) if i < star => pat.pre_nouns.push(n),
            Piece::Noun(n) => pat.post_nouns.push(n),
            Piece::Prep(pp) if i < star => pat.pre_preps.push(pp),
            Piece::Prep(pp) => pat.post_preps.push(pp),
        }
    }
    Ok(pat)
}

/// Reads a PETRARCH2 verb dictionary (CAMEO.2.0.txt format).
pub fn read_verbs(text: &str, file: &str, dicts: &mut Dictionaries) {
    let loc = |line: usize| Loc { file: file.to_string(), line };
    let mut synset: Option<(String, bool)> = None;
    let mut block: Option<(usize, VerbCode)> = None;
    for (n, t) in content_lines(text) {
        let mut warn = |reason: String| dicts.warnings.push(DictError { loc: loc(n), reason });
        if let Some(name) = t.strip_prefix('&') {
            let name = name.trim();
            let no_plural = name.ends_with('_');
            synset = Some((name.trim_end_matches('_').to_uppercase(), no_plural));
            dicts.synsets.entry(name.trim_end_matches('_').to_uppercase()).or_default();
            continue;
        }
        if let (Some(member), Some((name, no_plural))) = (t.strip_prefix('+'), synset.as_ref()) {
            if block.is_none() {
                let exact = member.ends_with('_');
                let words: Vec<String> = member.split(['_', ' ']).filter(|w| !w.is_empty()).map(super::fold_upper).collect();
                if words.is_empty() {
                    warn("empty synset member".into());
                    continue;
                }
                let list = dicts.synsets.get_mut(name).unwrap();
                if !exact && !no_plural && !words[0].starts_with(['&', '(']) {
                    let mut pw = words.clone();
                    let last = pw.pop().unwrap();
                    pw.push(plural(&last));
                    list.push(pw);
                }
                list.push(words);
                continue;
            }
        }
        if t.starts_with("---") {
            synset = None;
            let inner = t.trim_matches('-').trim();
            let (name, code) = split_code(inner);
            let code = match code.map(verb_code).transpose() {
                Ok(c) => c.unwrap_or(VerbCode { forward: None, reverse: None }),
                Err(reason) => {
                    warn(reason);
                    VerbCode { forward: None, reverse: None }
                }
            };
            dicts.blocks.push(VerbBlock { name: name.to_string(), patterns: Vec::new() });
            block = Some((dicts.blocks.len() - 1, code));
            continue;
        }
        if t.starts_with('~') {
            continue; // transformations: not used by the dependency coder
        }
        let Some((b, block_code)) = block.clone() else {
            synset = None;
            warn(format!("entry outside any verb block: {t:?}"));
            continue;
        };
        synset = None;
        if let Some(body) = t.strip_prefix('-') {
            let (body, code) = split_code(body);
            let Some(code) = code else {
                warn("pattern without [code]".into());
                continue;
            };
            match verb_code(code).and_then(|c| parse_pattern(body, c, loc(n))) {
                Ok(p) => dicts.blocks[b].patterns.push(p),
                Err(reason) => warn(reason),
            }
            continue;
        }
        // A verb line: WORD {FORMS} [CODE]
        let (head, code) = split_code(t);
        let code = match code.map(verb_code).transpose() {
            Ok(c) => c.unwrap_or_else(|| block_code.clone()),
            Err(reason) => {
                warn(reason);
                continue;
            }
        };
        let (word, forms) = match (head.find('{'), head.find('}')) {
            (Some(a), Some(e)) if e > a => (head[..a].trim(), head[a + 1..e].split_whitespace().collect::<Vec<_>>()),
            (Some(_), _) => {
                warn("unclosed {".into());
                continue;
            }
            _ => (head.trim(), vec![]),
        };
        if word.is_empty() || word.contains(char::is_whitespace) {
            warn(format!("bad verb {word:?}"));
            continue;
        }
        // Phrasal verbs: the word marked '+' is the verb, the rest a particle.
        let parts: Vec<&str> = word.split('_').filter(|w| !w.is_empty()).collect();
        let Some(&first) = parts.first() else {
            // Found by the petrarch_dict fuzz target: "_" alone panicked.
            warn(format!("bad verb {word:?}: no word"));
            continue;
        };
        let verb_part = parts.iter().find(|p| p.starts_with('+')).copied().unwrap_or(first);
        let particle = parts.iter().find(|p| **p != verb_part).map(|p| p.trim_start_matches('+').to_lowercase());
        let lemma = verb_part.trim_start_matches('+').to_lowercase();
        let forms = forms
            .iter()
            .filter_map(|f| f.split('_').find(|p| p.starts_with('+')).or_else(|| f.split('_').next()))
            .map(|f| f.trim_start_matches('+').to_lowercase())
            .collect();
        dicts.verbs.push(Verb { lemma, particle, forms, code, block: b, loc: loc(n) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verb_of_underscores_is_reported_not_a_panic() {
        let mut d = Dictionaries::default();
        read_verbs("--- ACCUSE [112] ---\n_\n__ [112]\nACCUSE\n", "v.txt", &mut d);
        let msgs: Vec<String> = d.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].contains("v.txt:2") && msgs[1].contains("v.txt:3"), "{msgs:?}");
        assert_eq!(d.verbs.len(), 1);
    }

    #[test]
    fn actors_with_dates_synonyms_and_errors() {
        let text = "# c\nIRAN_ [IRN]\n+IRANIAN_\n+TEHRAN\n\nMOHAMMAD_JAVAD_ZARIF_ ; CountryInfo.txt\n\t[IRNGOV >20130815]\n\t[IRNELI]\nBROKEN [USA 2003]\n";
        let mut d = Dictionaries::default();
        read_actors(text, "a.txt", &mut d);
        assert_eq!(d.actors.len(), 3);
        assert_eq!(d.actors[0].phrases.len(), 3);
        assert!(!d.actors[0].phrases[0].prefix && d.actors[0].phrases[2].prefix);
        let zarif = &d.actors[1];
        assert_eq!(zarif.code_at(20030501).unwrap().code, "IRNELI");
        assert_eq!(zarif.code_at(20150101).unwrap().code, "IRNGOV");
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].to_string(), "a.txt:9: bad date restriction \"2003\"");
    }

    #[test]
    fn agents_plurals_and_substitutions() {
        let text =
            "!PERSON! = MAN, MEN, WOMAN\nFOREIGN_MINISTER [~GOVFRM]\nPOLICE {} [~COP]\nCONGRESS!PERSON! [~LEG]\nHUMAN_RIGHTS_BODY [NGO~]\nBAD_AGENT [GOV]\n";
        let mut d = Dictionaries::default();
        read_agents(text, "g.txt", &mut d);
        assert_eq!(d.agents.len(), 4);
        let words = |a: &Agent| a.phrases.iter().map(|p| p.words.join(" ")).collect::<Vec<_>>();
        assert_eq!(words(&d.agents[0]), ["FOREIGN MINISTERS", "FOREIGN MINISTER"]);
        assert_eq!(words(&d.agents[1]), ["POLICE"]);
        assert_eq!(words(&d.agents[2]), ["CONGRESSMAN", "CONGRESSMEN", "CONGRESSWOMAN"]);
        assert!(d.agents[3].prefix);
        assert_eq!(d.warnings[0].loc.line, 6);
    }

    #[test]
    fn check_reports_unknown_codes_and_conflicting_patterns() {
        let mut d = Dictionaries::default();
        read_verbs("--- MEET [040] ---\nMEET\n- * (FOR TALKS) [036]\n- * (FOR TALKS) [043]\n- * PEACE [999]\n", "v.txt", &mut d);
        let problems: Vec<String> = d.check(crate::Ontology::cameo()).iter().map(|e| e.to_string()).collect();
        assert_eq!(problems, ["v.txt:5: unknown CAMEO event code \"999\"", "v.txt:4: pattern conflicts with v.txt:3 (same pattern, different code)"]);
        let mut d = Dictionaries::default();
        read_verbs("--- GREET [051] ---\nGREET\n--- HAIL [050] ---\nGREET\nHAIL\n", "v.txt", &mut d);
        let problems: Vec<String> = d.check(crate::Ontology::cameo()).iter().map(|e| e.to_string()).collect();
        assert_eq!(problems, ["v.txt:2: verb entry never fires: v.txt:4 is a later entry for the same verb"]);
        // The shipped dictionaries: every code is in the ontology (which
        // adds CAMEO 2.0's 176, 1213, 1952 to GDELT's table), and the
        // conflicting duplicate patterns inherited from CAMEO.2.0.txt are counted.
        let shipped = crate::default_dictionaries().check(crate::Ontology::cameo());
        let conflicts = shipped.iter().filter(|e| e.reason.contains("conflicts")).count();
        assert_eq!(conflicts, 138);
        let dead: Vec<String> = shipped.iter().filter(|e| e.reason.contains("never fires")).map(|e| e.to_string()).collect();
        assert!(dead.is_empty(), "{dead:#?}");
        let mut unknown: Vec<String> = shipped.iter().filter_map(|e| e.reason.strip_prefix("unknown CAMEO event code ").map(String::from)).collect();
        unknown.sort();
        unknown.dedup();
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn verbs_blocks_patterns_synsets() {
        let text = "&NEGOTIATION\n+TALK\n+DIALOGUE_\n--- CONSULT [040] ---\nMEET {MEETS MET MEETING}\nCONFER\n- * (FOR TALKS) [036:036] # MEET\n- * (WITH {SENIOR LEADERS}) [036]\n- * &NEGOTIATION [:043]\n+CORDON_OFF [---]\n- * broken [999\n- no star [040]\n";
        let mut d = Dictionaries::default();
        read_verbs(text, "v.txt", &mut d);
        assert_eq!(d.synsets["NEGOTIATION"], vec![vec!["TALKS".to_string()], vec!["TALK".into()], vec!["DIALOGUE".into()]]);
        assert_eq!(d.verbs.len(), 3);
        assert_eq!(d.verbs[0].lemma, "meet");
        assert_eq!(d.verbs[0].forms, ["meets", "met", "meeting"]);
        assert_eq!(d.verbs[0].code.forward.as_deref(), Some("040"));
        assert_eq!(d.verbs[2].lemma, "cordon");
        assert_eq!(d.verbs[2].particle.as_deref(), Some("off"));
        assert!(d.verbs[2].code.is_null());
        let pats = &d.blocks[0].patterns;
        assert_eq!(pats.len(), 3);
        assert_eq!(pats[0].post_preps[0].preps, ["FOR"]);
        assert_eq!(pats[0].code, VerbCode { forward: Some("036".into()), reverse: Some("036".into()) });
        assert_eq!(pats[1].post_preps[0].noun.as_ref().unwrap().len(), 2);
        assert_eq!(pats[2].post_nouns[0], vec![Term::Set("NEGOTIATION".into())]);
        assert_eq!(pats[2].code.forward, None);
        let lines: Vec<usize> = d.warnings.iter().map(|w| w.loc.line).collect();
        assert_eq!(lines, [11, 12]);
    }
}
