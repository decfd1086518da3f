//! CoNLL-U reader and writer: the door for parses made by UDPipe, Stanza,
//! spaCy or a treebank, and the format `dyads parse` writes.
//!
//! Reading rebuilds a document text from the word forms (honouring
//! `SpaceAfter=No`, one sentence per line, a blank line at `# newpar`) so that
//! the [`Doc`] offset invariant holds for external parses too. FEATS are
//! kept; UD v1 relation names are read as their UD v2 names
//! ([`ud2_relation`]), so whoever made the parse, the coder sees one
//! vocabulary.

use std::fmt;
use std::io::{self, Write};

use crate::doc::{Doc, Sentence, Upos};

/// A malformed line, reported as `name:line: reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluError {
    pub source: String,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for ConlluError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.source, self.line, self.reason)
    }
}

impl std::error::Error for ConlluError {}

/// One gold word as read from a file, before it is placed in a `Doc`.
struct Word<'a> {
    form: &'a str,
    lemma: &'a str,
    upos: &'a str,
    xpos: &'a str,
    feats: &'a str,
    head: usize,
    deprel: &'a str,
    space_after: bool,
    /// Index of the multiword token this word belongs to, if any.
    mwt: Option<usize>,
}

struct Mwt<'a> {
    form: &'a str,
    space_after: bool,
}

#[derive(Default)]
struct PendingSentence<'a> {
    id: Option<String>,
    words: Vec<Word<'a>>,
    mwts: Vec<Mwt<'a>>,
    /// (first, last) word ids (1-based) of the currently open multiword token.
    open_mwt: Option<(usize, usize)>,
    first_line: usize,
}

fn field<'a>(cols: &[&'a str], i: usize) -> &'a str {
    cols.get(i).copied().unwrap_or("_")
}

/// Reads CoNLL-U text. Documents are split at `# newdoc`; without such
/// comments the whole input is one document named `source`.
pub fn read_conllu(input: &str, source: &str) -> Result<Vec<Doc>, ConlluError> {
    let err = |line: usize, reason: String| ConlluError { source: source.to_string(), line, reason };
    let mut docs: Vec<Doc> = Vec::new();
    let mut doc = Doc::new(source, String::new());
    let mut doc_has_id = false;
    let mut sent = PendingSentence::default();
    let mut new_paragraph = false;

    for (lineno0, raw) in input.split('\n').enumerate() {
        let lineno = lineno0 + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if !sent.words.is_empty() {
                finish_sentence(&mut doc, std::mem::take(&mut sent), new_paragraph).map_err(|r| err(lineno, r))?;
                new_paragraph = false;
            } else {
                sent = PendingSentence::default();
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(rest) = comment.strip_prefix("newdoc") {
                if !doc.is_empty() || doc_has_id {
                    docs.push(std::mem::replace(&mut doc, Doc::new(source, String::new())));
                }
                let id = rest.trim_start().strip_prefix("id").map(|r| r.trim_start_matches([' ', '=']).trim());
                if let Some(id) = id.filter(|s| !s.is_empty()) {
                    doc.id = id.to_string();
                }
                doc_has_id = true;
            } else if comment.starts_with("newpar") {
                new_paragraph = true;
            } else if let Some(rest) = comment.strip_prefix("sent_id") {
                sent.id = Some(rest.trim_start_matches([' ', '=']).trim().to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(lineno, format!("expected 10 tab-separated columns, found {}", cols.len())));
        }
        if sent.words.is_empty() && sent.mwts.is_empty() {
            sent.first_line = lineno;
        }
        let id = cols[0];
        let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        if id.contains('.') {
            continue; // empty node of enhanced UD: not part of the basic tree
        }
        if let Some((a, b)) = id.split_once('-') {
            let (a, b) = match (a.parse::<usize>(), b.parse::<usize>()) {
                (Ok(a), Ok(b)) if a >= 1 && b >= a => (a, b),
                _ => return Err(err(lineno, format!("bad multiword token range {id:?}"))),
            };
            if a != sent.words.len() + 1 {
                return Err(err(lineno, format!("multiword token {id} does not start at word {}", sent.words.len() + 1)));
            }
            sent.mwts.push(Mwt { form: cols[1], space_after });
            sent.open_mwt = Some((a, b));
            continue;
        }
        let n: usize = id.parse().map_err(|_| err(lineno, format!("bad word id {id:?}")))?;
        if n != sent.words.len() + 1 {
            return Err(err(lineno, format!("word id {n} out of sequence (expected {})", sent.words.len() + 1)));
        }
        if cols[1].is_empty() {
            return Err(err(lineno, "empty FORM".to_string()));
        }
        let head = match cols[6] {
            "_" => usize::MAX,
            h => h.parse().map_err(|_| err(lineno, format!("bad HEAD {h:?}")))?,
        };
        let mwt = match sent.open_mwt {
            Some((a, b)) if n >= a && n <= b => {
                if n == b {
                    sent.open_mwt = None;
                }
                Some(sent.mwts.len() - 1)
            }
            _ => None,
        };
        sent.words.push(Word {
            form: cols[1],
            lemma: field(&cols, 2),
            upos: field(&cols, 3),
            xpos: field(&cols, 4),
            feats: field(&cols, 5),
            head,
            deprel: field(&cols, 7),
            space_after,
            mwt,
        });
    }
    if !sent.words.is_empty() {
        let last = input.split('\n').count();
        finish_sentence(&mut doc, sent, new_paragraph).map_err(|r| err(last, r))?;
    }
    if !doc.is_empty() || docs.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}

/// Appends a finished sentence to `doc`, extending its text.
fn finish_sentence(doc: &mut Doc, sent: PendingSentence<'_>, new_paragraph: bool) -> Result<(), String> {
    let nwords = sent.words.len();
    for (i, w) in sent.words.iter().enumerate() {
        if w.head != usize::MAX && w.head > nwords {
            return Err(format!("sentence starting at line {}: word {} has HEAD {} beyond the sentence's {} words", sent.first_line, i + 1, w.head, nwords));
        }
    }
    // A head cycle is not a parse: the coder walks heads up to the root.
    for start in 0..nwords {
        let mut w = start;
        let mut steps = 0;
        while let Some(h) = sent.words[w].head.checked_sub(1).filter(|&h| h < nwords) {
            w = h;
            steps += 1;
            if steps > nwords {
                return Err(format!("sentence starting at line {}: word {} is on a HEAD cycle", sent.first_line, start + 1));
            }
        }
    }
    if !doc.text.is_empty() {
        doc.text.push_str(if new_paragraph { "\n\n" } else { "\n" });
    }
    let first = doc.len();
    let mut i = 0;
    while i < nwords {
        let w = &sent.words[i];
        if let Some(m) = w.mwt {
            // All words of this multiword token.
            let j = (i..nwords).take_while(|&k| sent.words[k].mwt == Some(m)).last().unwrap() + 1;
            let mwt = &sent.mwts[m];
            let base = doc.text.len();
            doc.text.push_str(&clean_form(mwt.form));
            let concat: String = sent.words[i..j].iter().map(|w| w.form).collect();
            let mut off = base;
            for w in &sent.words[i..j] {
                let k = if concat == mwt.form {
                    let k = doc.push_token(off, off + w.form.len());
                    off += w.form.len();
                    k
                } else {
                    doc.push_token(base, doc.text.len())
                };
                annotate(doc, k, w, first);
            }
            if mwt.space_after && j < nwords {
                doc.text.push(' ');
            }
            i = j;
            continue;
        }
        let start = doc.text.len();
        doc.text.push_str(&clean_form(w.form));
        let k = doc.push_token(start, doc.text.len());
        annotate(doc, k, w, first);
        if w.space_after && i + 1 < nwords {
            doc.text.push(' ');
        }
        i += 1;
    }
    doc.sentences.push(Sentence { tokens: first..doc.len(), id: sent.id });
    Ok(())
}

/// Forms may legally contain spaces; tabs and newlines would break the text.
fn clean_form(form: &str) -> std::borrow::Cow<'_, str> {
    if form.contains(['\t', '\n', '\r']) {
        form.replace(['\t', '\n', '\r'], " ").into()
    } else {
        form.into()
    }
}

/// The UD v2 name of a dependency relation: UD v1 names (`dobj`,
/// `nsubjpass`, `csubjpass`, `auxpass`, `nmod:agent`, `neg`) are renamed,
/// every other name is returned as it is.
pub fn ud2_relation(deprel: &str) -> &str {
    match deprel {
        "dobj" => "obj",
        "nsubjpass" => "nsubj:pass",
        "csubjpass" => "csubj:pass",
        "auxpass" => "aux:pass",
        "nmod:agent" => "obl:agent",
        "neg" => "advmod",
        r => r,
    }
}

fn annotate(doc: &mut Doc, k: usize, w: &Word<'_>, sent_first: usize) {
    let keep = |s: &str| if s == "_" { String::new() } else { s.to_string() };
    doc.upos[k] = Upos::parse(w.upos).unwrap_or(Upos::X);
    doc.xpos[k] = keep(w.xpos);
    doc.feats[k] = keep(w.feats);
    doc.lemma[k] = keep(w.lemma);
    doc.deprel[k] = keep(ud2_relation(w.deprel));
    doc.head[k] = match w.head {
        0 | usize::MAX => None,
        h => Some((sent_first + h - 1) as u32),
    };
}

/// Writes `doc` as CoNLL-U, with `# sent_id` and `# text` for every sentence.
pub fn write_conllu<W: Write>(doc: &Doc, out: &mut W) -> io::Result<()> {
    if !doc.id.is_empty() {
        writeln!(out, "# newdoc id = {}", doc.id)?;
    }
    for (k, s) in doc.sentences.iter().enumerate() {
        match &s.id {
            Some(id) => writeln!(out, "# sent_id = {id}")?,
            None if doc.id.is_empty() => writeln!(out, "# sent_id = {}", k + 1)?,
            None => writeln!(out, "# sent_id = {}-{}", doc.id, k + 1)?,
        }
        let text = &doc.text[doc.sentence_span(s)];
        writeln!(out, "# text = {}", text.split_whitespace().collect::<Vec<_>>().join(" "))?;
        for i in s.tokens.clone() {
            let form = doc.form(i).replace(['\t', '\n', '\r'], " ");
            let or_blank = |x: &str| if x.is_empty() { "_".to_string() } else { x.replace(['\t', '\n'], " ") };
            let head = match doc.head[i] {
                Some(h) if s.tokens.contains(&(h as usize)) => h as usize - s.tokens.start + 1,
                _ => 0,
            };
            let (head, deprel) = if doc.deprel[i].is_empty() { ("_".to_string(), "_".to_string()) } else { (head.to_string(), doc.deprel[i].clone()) };
            let space_after = i + 1 >= s.tokens.end || doc.start[i + 1] > doc.end[i];
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}",
                i - s.tokens.start + 1,
                form,
                or_blank(&doc.lemma[i]),
                doc.upos[i],
                or_blank(&doc.xpos[i]),
                or_blank(&doc.feats[i]),
                head,
                deprel,
                if space_after { "_" } else { "SpaceAfter=No" }
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# text = Iran didn't attack.\n1\tIran\tIran\tPROPN\tNNP\t_\t4\tnsubj\t_\t_\n2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tattack\tattack\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_offsets_and_tree() {
        let docs = read_conllu(SAMPLE, "x.conllu").unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        d.check().unwrap();
        assert_eq!(d.id, "d1");
        assert_eq!(d.text, "Iran didn't attack.");
        let forms: Vec<_> = (0..d.len()).map(|i| d.form(i)).collect();
        assert_eq!(forms, ["Iran", "did", "n't", "attack", "."]);
        assert_eq!(d.head[0], Some(3));
        assert_eq!(d.head[3], None);
        assert_eq!(d.deprel[3], "root");
        assert_eq!(d.upos[0], Upos::Propn);
        assert_eq!(d.lemma[2], "not");
    }

    #[test]
    fn round_trips_through_writer() {
        let d = &read_conllu(SAMPLE, "x").unwrap()[0];
        let mut out = Vec::new();
        write_conllu(d, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("# text = Iran didn't attack."));
        assert!(text.contains("4\tattack\tattack\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No"));
        let again = &read_conllu(&text, "y").unwrap()[0];
        assert_eq!(again.head, d.head);
        assert_eq!(again.deprel, d.deprel);
        assert_eq!(again.text, d.text);
    }

    #[test]
    fn feats_are_read_and_written_back() {
        let text = "1\tIran\tIran\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_\n2\tattacked\tattack\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
        let d = &read_conllu(text, "f").unwrap()[0];
        d.check().unwrap();
        assert_eq!(d.feats, ["Number=Sing", "Mood=Ind|Tense=Past|VerbForm=Fin", ""]);
        assert_eq!(d.feat(1, "VerbForm"), Some("Fin"));
        assert_eq!(d.feat(1, "Tense"), Some("Past"));
        assert_eq!(d.feat(1, "Number"), None);
        assert_eq!(d.feat(2, "Number"), None);
        let mut out = Vec::new();
        write_conllu(d, &mut out).unwrap();
        let written = String::from_utf8(out).unwrap();
        assert!(written.contains("2\tattacked\tattack\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\tSpaceAfter=No\n"), "{written}");
        assert!(written.contains("3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"), "{written}");
        assert_eq!(read_conllu(&written, "g").unwrap()[0].feats, d.feats);
    }

    #[test]
    fn ud_v1_relations_are_read_as_v2() {
        let rows = [
            ("Gondor", "nsubjpass"),
            ("was", "auxpass"),
            ("not", "neg"),
            ("attacked", "root"),
            ("by", "case"),
            ("Arnor", "nmod:agent"),
            ("that", "mark"),
            ("hit", "csubjpass"),
            ("Osgiliath", "dobj"),
        ];
        let heads = [4, 4, 4, 0, 6, 4, 8, 4, 8];
        let text: String =
            rows.iter().zip(heads).enumerate().map(|(i, ((f, r), h))| format!("{}\t{f}\t_\tX\t_\t_\t{h}\t{r}\t_\t_\n", i + 1)).collect::<String>() + "\n";
        let d = &read_conllu(&text, "v1").unwrap()[0];
        assert_eq!(d.deprel, ["nsubj:pass", "aux:pass", "advmod", "root", "case", "obl:agent", "mark", "csubj:pass", "obj"]);
        assert_eq!(ud2_relation("obl:tmod"), "obl:tmod");
        assert_eq!(ud2_relation("nmod"), "nmod");
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let bad = "1\tIran\tIran\tPROPN\tNNP\t_\t0\troot\t_\n";
        let e = read_conllu(bad, "bad.conllu").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.to_string().starts_with("bad.conllu:1: expected 10"));
        let bad_head = "# c\n1\tIran\tIran\tPROPN\tNNP\t_\t7\troot\t_\t_\n\n";
        let e = read_conllu(bad_head, "h.conllu").unwrap_err();
        assert!(e.to_string().contains("HEAD 7"), "{e}");
        let bad_id = "x\tIran\tIran\tPROPN\tNNP\t_\t0\troot\t_\t_\n";
        assert_eq!(read_conllu(bad_id, "i").unwrap_err().line, 1);
    }

    #[test]
    fn empty_input_gives_empty_doc() {
        let docs = read_conllu("", "e").unwrap();
        assert!(docs.iter().all(|d| d.is_empty()));
    }

    #[test]
    fn a_head_cycle_is_an_error_naming_the_line() {
        // Found by the conllu fuzz target: the coder looped forever on it.
        let text = "# sent_id = 1\n1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tmet\tmeet\tVERB\tVBD\t_\t1\tacl\t_\t_\n\n";
        let e = read_conllu(text, "c.conllu").unwrap_err().to_string();
        assert!(e.contains("c.conllu") && e.contains("cycle"), "{e}");
    }
}
