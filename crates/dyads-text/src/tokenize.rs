//! Rule-based tokenizer and sentence splitter for English news, following the
//! UD English-EWT (PTB-derived) conventions: clitics split (`do|n't`,
//! `Iran|'s`), hyphens and slashes between words split (`al|-|Ani`,
//! `and|/|or`) but kept inside numbers (`713-654-0365`, `11/28/2000`),
//! abbreviations and initials keep their period (`U.S.`, `Mr.`, `Jan.`),
//! URLs and e-mail addresses stay whole.
//!
//! Everything is a byte span into the original text; nothing is rewritten.
//! The work is linear in the input: every chunk is scanned a bounded number of
//! times, so a 50 MB line with no spaces costs the same per byte as prose.

use crate::doc::Doc;
use crate::sentences::split_sentences;

/// Limits applied while splitting; a sentence never grows past
/// `max_sentence_tokens` (it is cut there), which bounds the parser's work.
#[derive(Clone, Debug)]
pub struct TokenizerOptions {
    pub max_sentence_tokens: usize,
}

impl Default for TokenizerOptions {
    fn default() -> Self {
        TokenizerOptions { max_sentence_tokens: 250 }
    }
}

/// Abbreviations that keep their final period (lower-cased, without it).
/// Titles in [`TITLES`] never end a sentence; the others may.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpl", "sgt", "adm", "gov", "sen", "rep", "rev", "pres", "amb", "st", "sr", "jr",
    "messrs", "hon", "fr", "brig", "cmdr", "supt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues",
    "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "inc", "corp", "co", "ltd", "bros", "dept", "univ", "assn", "est", "vs", "etc", "no", "nos", "vol",
    "fig", "approx", "ft", "mt", "ave", "blvd", "rd", "al", "ca", "cf", "ed", "eds", "min", "max", "pp", "op", "mass", "calif", "fla", "ga", "ill", "tex",
    "va", "wash", "ariz", "colo", "conn", "del", "ind", "kan", "ky", "la", "md", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa",
    "tenn", "wis", "wyo",
];

/// Abbreviations that are followed by a name, so never end a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpl", "sgt", "adm", "gov", "sen", "rep", "rev", "pres", "amb", "st", "messrs", "hon",
    "fr", "brig", "cmdr", "supt", "no", "vs", "mt", "ft",
];

/// Emoticons are single tokens in EWT.
const EMOTICONS: &[&str] = &[":)", ":-)", ":(", ":-(", ";)", ";-)", ":P", ":p", ":D", ":-D", ":?", ":/", ":o", ":O", "<3", "^_^"];

/// Prefixes that EWT keeps attached through a hyphen ("e-mail", "co-workers").
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "co", "pre", "post", "non", "semi", "re", "pro", "multi", "mid", "ex", "anti", "sub", "socio", "vice", "un", "psycho", "counter", "inter", "intra",
    "over", "cross", "mini", "neo", "pseudo", "quasi", "ultra", "micro", "macro", "mis",
];

/// Contractions written without an apostrophe, split as UD English does
/// ("dont" -> "do" "nt"): (word, byte length of the first part).
const BARE_CONTRACTIONS: &[(&str, usize)] = &[
    ("dont", 2),
    ("doesnt", 4),
    ("didnt", 3),
    ("cant", 2),
    ("wont", 2),
    ("isnt", 2),
    ("arent", 3),
    ("wasnt", 3),
    ("werent", 4),
    ("havent", 4),
    ("hasnt", 3),
    ("hadnt", 3),
    ("couldnt", 5),
    ("shouldnt", 6),
    ("wouldnt", 5),
    ("im", 1),
    ("ive", 1),
    ("alot", 1),
    ("thats", 4),
    ("youre", 3),
    ("theyre", 4),
    ("whats", 4),
    ("lets", 3),
];

/// Characters that form one token when repeated ("****", "$$$", "<<", "==--").
fn is_run_char(c: char) -> bool {
    matches!(c, '*' | '=' | '-' | '~' | '_' | '+' | '#' | '$' | '<' | '>' | '^')
}

/// Length in bytes of a run of two or more run characters at the start of `s`.
fn decorative_run(s: &str) -> usize {
    let n: usize = s.chars().take_while(|&c| is_run_char(c)).map(|c| c.len_utf8()).sum();
    let first = s.chars().next().unwrap_or(' ');
    // A lone "-" or a "--" dash are handled elsewhere; a run of one character
    // kind or a mix of = and - is decoration.
    if n >= 2 && (s[..n].chars().all(|c| c == first) || s[..n].chars().all(|c| c == '=' || c == '-')) {
        n
    } else {
        0
    }
}

fn is_open_punct(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '“' | '‘' | '"' | '\'' | '`' | '«' | '<' | '>' | '*' | '„' | '-')
}

fn is_close_punct(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '”' | '’' | '"' | '\'' | ',' | ';' | ':' | '!' | '?' | '»' | '>' | '*' | '…')
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒')
}

/// A chunk is a maximal run of non-whitespace; `newlines` counts the line
/// breaks in the whitespace before it (two or more mark a paragraph).
struct Chunk {
    start: usize,
    end: usize,
    newlines_before: u32,
}

fn chunks(text: &str) -> impl Iterator<Item = Chunk> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let mut newlines = 0;
        while let Some(&(_, c)) = iter.peek() {
            if !c.is_whitespace() {
                break;
            }
            if c == '\n' {
                newlines += 1;
            }
            iter.next();
        }
        let &(start, _) = iter.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = iter.peek() {
            if c.is_whitespace() {
                break;
            }
            end = i + c.len_utf8();
            iter.next();
        }
        Some(Chunk { start, end, newlines_before: newlines })
    })
}

fn looks_like_url(s: &str) -> bool {
    let lower_prefix: String = s.chars().take(8).flat_map(|c| c.to_lowercase()).collect();
    lower_prefix.starts_with("http://") || lower_prefix.starts_with("https://") || lower_prefix.starts_with("www.") || lower_prefix.starts_with("ftp://")
}

fn looks_like_email(s: &str) -> bool {
    let s = s.trim_end_matches(|c: char| ".,;:!?)]\"'”’>".contains(c));
    let Some(at) = s.find('@') else { return false };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && local.chars().all(|c| c.is_alphanumeric() || "._%+-'".contains(c))
        && domain.chars().all(|c| c.is_alphanumeric() || ".-".contains(c))
}

/// Initials and dotted abbreviations: `U.S.`, `i.e.`, `p.m.`, `W.`.
fn is_dotted_initials(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 2 || b[b.len() - 1] != b'.' {
        return false;
    }
    let mut expect_letter = true;
    for &x in b {
        if expect_letter {
            if !x.is_ascii_alphabetic() {
                return false;
            }
        } else if x != b'.' {
            return false;
        }
        expect_letter = !expect_letter;
    }
    expect_letter
}

pub(crate) fn is_abbreviation(word_with_period: &str) -> bool {
    if is_dotted_initials(word_with_period) {
        return true;
    }
    let w = &word_with_period[..word_with_period.len() - 1];
    if w.is_empty() || w.len() > 8 || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let lower = w.to_ascii_lowercase();
    // "no." is far more often the word "no" than "No. 5".
    if lower == "no" || lower == "nos" {
        return w.starts_with('N') && w[1..].bytes().all(|b| b.is_ascii_lowercase());
    }
    ABBREVIATIONS.contains(&lower.as_str())
}

pub(crate) fn is_title(word_with_period: &str) -> bool {
    let w = word_with_period.trim_end_matches('.').to_ascii_lowercase();
    TITLES.contains(&w.as_str())
}

/// Pushes the spans of one chunk's tokens onto `out`.
fn split_chunk(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    // Leading punctuation, one token per mark (except runs like `` or ***).
    let mut lo = start;
    while lo < end {
        let rest = &text[lo..end];
        let c = rest.chars().next().unwrap();
        if looks_like_url(rest) || looks_like_email(rest) {
            // Keep the address whole but leave trailing sentence punctuation out.
            let trimmed = rest.trim_end_matches(|c: char| ".,;:!?)]\"'”’>".contains(c));
            let trimmed_end = lo + trimmed.len();
            out.push((lo, trimmed_end));
            split_trailing_punct(text, trimmed_end, end, out);
            return;
        }
        if let Some(e) =
            EMOTICONS.iter().find(|e| rest.starts_with(**e) && (rest.len() == e.len() || !rest[e.len()..].starts_with(|c: char| c.is_alphanumeric())))
        {
            out.push((lo, lo + e.len()));
            lo += e.len();
            continue;
        }
        let run =
            if rest.starts_with("``") || rest.starts_with("..") { rest.bytes().take_while(|&b| b == rest.as_bytes()[0]).count() } else { decorative_run(rest) };
        if run > 0 {
            out.push((lo, lo + run));
            lo += run;
            continue;
        }
        if (is_open_punct(c) || is_dash(c) || c == '…')
            && !(is_apostrophe(c) && apostrophe_starts_word(&rest[c.len_utf8()..]))
            && !(c == '<' && rest.starts_with("<3"))
        {
            out.push((lo, lo + c.len_utf8()));
            lo += c.len_utf8();
        } else {
            break;
        }
    }
    if lo >= end {
        return;
    }
    // Trailing punctuation, collected right to left.
    let mut hi = end;
    let mut trailing: Vec<(usize, usize)> = Vec::new();
    loop {
        let core = &text[lo..hi];
        let Some(c) = core.chars().next_back() else { break };
        if let Some(e) = EMOTICONS.iter().find(|e| core.len() > e.len() && core.ends_with(**e)) {
            trailing.push((hi - e.len(), hi));
            hi -= e.len();
            continue;
        }
        if is_run_char(c) && c != '-' {
            let n: usize = core.chars().rev().take_while(|&x| is_run_char(x)).map(|x| x.len_utf8()).sum();
            if n >= 2 && n < core.len() && decorative_run(&core[core.len() - n..]) == n {
                trailing.push((hi - n, hi));
                hi -= n;
                continue;
            }
        }
        if c == '.' || c == '!' || c == '?' {
            // A run of sentence-final marks is one token ("...", "?!", ".?").
            let run_start = core.trim_end_matches(['.', '!', '?']).len();
            let run_len = core.len() - run_start;
            if run_start == 0 {
                break;
            }
            if c == '.' && run_len == 1 && ends_with_abbreviation(core) {
                break;
            }
            trailing.push((lo + run_start, hi));
            hi = lo + run_start;
            continue;
        }
        if is_close_punct(c) || is_dash(c) {
            let len = c.len_utf8();
            if core.len() == len {
                break;
            }
            // "''" closing quote is one token.
            if core.ends_with("''") && core.len() > 2 {
                trailing.push((hi - 2, hi));
                hi -= 2;
                continue;
            }
            trailing.push((hi - len, hi));
            hi -= len;
            continue;
        }
        break;
    }
    split_core(text, lo, hi, out);
    out.extend(trailing.into_iter().rev());
}

/// `'s`, `'90s`, `'em`: an apostrophe that belongs to the following word.
fn apostrophe_starts_word(rest: &str) -> bool {
    let lower = rest.to_ascii_lowercase();
    lower == "s" || lower == "em" || lower == "tis" || (rest.len() >= 2 && rest.bytes().take(2).all(|b| b.is_ascii_digit()))
}

fn ends_with_abbreviation(core: &str) -> bool {
    // Only the last hyphen/slash-separated piece matters ("ex-Gen.").
    let piece = core.rsplit(['-', '/', '(']).next().unwrap_or(core);
    is_abbreviation(piece)
}

fn split_trailing_punct(text: &str, lo: usize, hi: usize, out: &mut Vec<(usize, usize)>) {
    let mut i = lo;
    while i < hi {
        let c = text[i..hi].chars().next().unwrap();
        let mut j = i + c.len_utf8();
        if c == '.' || c == '!' || c == '?' {
            while j < hi && matches!(text.as_bytes()[j], b'.' | b'!' | b'?') {
                j += 1;
            }
        }
        out.push((i, j));
        i = j;
    }
}

const CLITICS: &[&str] = &["'s", "'re", "'ve", "'ll", "'d", "'m"];

/// Splits the inside of a chunk: clitics, hyphens and slashes between words,
/// currency and percent signs, internal dashes and ellipses.
fn split_core(text: &str, lo: usize, hi: usize, out: &mut Vec<(usize, usize)>) {
    if lo >= hi {
        return;
    }
    let core = &text[lo..hi];
    // Contractions that UD splits without an apostrophe.
    let lower = core.to_lowercase();
    for &(word, cut) in [("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3), ("outta", 3)].iter().chain(BARE_CONTRACTIONS) {
        if lower == word {
            out.push((lo, lo + cut));
            out.push((lo + cut, hi));
            return;
        }
    }
    // "w/", "b/c", "w/o": letter-slash abbreviations stay whole.
    if core.len() <= 3
        && core.as_bytes().get(1) == Some(&b'/')
        && core.as_bytes()[0].is_ascii_alphabetic()
        && core.as_bytes().get(2).is_none_or(|b| b.is_ascii_alphabetic())
    {
        out.push((lo, hi));
        return;
    }
    // n't
    if let Some(p) = find_suffix_ci(core, &["n't", "n’t"]) {
        if p > 0 && core[..p].chars().all(|c| c.is_alphabetic()) {
            split_core(text, lo, lo + p, out);
            out.push((lo + p, hi));
            return;
        }
    }
    // 's 're 've 'll 'd 'm (straight or curly apostrophe)
    for clitic in CLITICS {
        let curly = clitic.replace('\'', "’");
        if let Some(p) = find_suffix_ci(core, &[clitic, &curly]) {
            if p > 0 && core[..p].chars().next_back().is_some_and(|c| c.is_alphanumeric()) {
                split_core(text, lo, lo + p, out);
                out.push((lo + p, hi));
                return;
            }
        }
    }
    // Plural possessive: "students'"
    if core.len() > 1 && (core.ends_with('\'') || core.ends_with('’')) {
        let a = core.chars().next_back().unwrap().len_utf8();
        split_core(text, lo, hi - a, out);
        out.push((hi - a, hi));
        return;
    }
    // Currency sign before an amount: "$50" -> "$" "50" (hashtags stay whole).
    if let Some(c) = core.chars().next().filter(|c| matches!(c, '$' | '£' | '€' | '¥')) {
        if core.len() > c.len_utf8() {
            out.push((lo, lo + c.len_utf8()));
            split_core(text, lo + c.len_utf8(), hi, out);
            return;
        }
    }
    // Percent sign after a number.
    if core.len() > 1 && core.ends_with('%') {
        split_core(text, lo, hi - 1, out);
        out.push((hi - 1, hi));
        return;
    }
    // Internal separators.
    let mut piece_start = 0;
    let mut i = 0;
    let mut emitted = false;
    while i < core.len() {
        let c = core[i..].chars().next().unwrap();
        let clen = c.len_utf8();
        let prev = core[..i].chars().next_back();
        let next = core[i + clen..].chars().next();
        let both_digits = prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let sep_len = if core[i..].starts_with("--") {
            core[i..].bytes().take_while(|&b| b == b'-').count()
        } else if core[i..].starts_with("...") {
            core[i..].bytes().take_while(|&b| b == b'.').count()
        } else if is_dash(c) || c == '…' {
            clen
        } else if (c == '-' || c == '/') && i > 0 && next.is_some() && !both_digits {
            let keep_prefix =
                c == '-' && piece_start == 0 && HYPHEN_PREFIXES.iter().any(|p| core[..i].eq_ignore_ascii_case(p)) && next.is_some_and(|n| n.is_alphabetic());
            if keep_prefix {
                0
            } else {
                clen
            }
        } else if (c == ',' || c == ';') && i > 0 && next.is_some() && !both_digits {
            clen
        } else if c == '(' || c == ')' || c == '"' || c == '[' || c == ']' {
            if i > 0 || next.is_some() {
                clen
            } else {
                0
            }
        } else {
            0
        };
        if sep_len > 0 {
            if i > piece_start {
                split_core(text, lo + piece_start, lo + i, out);
            }
            out.push((lo + i, lo + i + sep_len));
            i += sep_len;
            piece_start = i;
            emitted = true;
            continue;
        }
        i += clen;
    }
    if emitted {
        if piece_start < core.len() {
            // The remainder may still end in a period of its own.
            split_chunk(text, lo + piece_start, hi, out);
        }
        return;
    }
    out.push((lo, hi));
}

/// "No." is the abbreviation of "number" only before a number ("No. 10
/// Downing Street"); elsewhere it is the word "No" ending a sentence ("No.
/// Keys?"), and its period is a token of its own.
fn split_number_sign_no(text: &str, spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(spans.len());
    for (k, &(s, e)) in spans.iter().enumerate() {
        let form = &text[s..e];
        let before_number = spans.get(k + 1).is_some_and(|&(ns, _)| text[ns..].starts_with(|c: char| c.is_ascii_digit() || c == '#'));
        if matches!(form, "No." | "Nos.") && !before_number {
            out.push((s, e - 1));
            out.push((e - 1, e));
        } else {
            out.push((s, e));
        }
    }
    out
}

fn find_suffix_ci(s: &str, suffixes: &[&str]) -> Option<usize> {
    for suf in suffixes {
        if s.len() > suf.len() {
            let p = s.len() - suf.len();
            if s.is_char_boundary(p) && s[p..].eq_ignore_ascii_case(suf) {
                return Some(p);
            }
        }
    }
    None
}

/// Tokenizes and sentence-splits `text` into a new [`Doc`].
pub fn tokenize(id: impl Into<String>, text: impl Into<String>) -> Doc {
    tokenize_with(id, text, &TokenizerOptions::default())
}

pub fn tokenize_with(id: impl Into<String>, text: impl Into<String>, opts: &TokenizerOptions) -> Doc {
    let mut doc = Doc::new(id, text);
    let mut spans = Vec::new();
    // Token index at which a paragraph break (blank line) forces a boundary.
    let mut hard_breaks = Vec::new();
    {
        let text = doc.text.as_str();
        for chunk in chunks(text) {
            if chunk.newlines_before >= 2 && !spans.is_empty() {
                hard_breaks.push(spans.len());
            }
            split_chunk(text, chunk.start, chunk.end, &mut spans);
        }
    }
    spans.retain(|&(s, e)| e > s);
    let spans = split_number_sign_no(&doc.text, spans);
    for &(s, e) in &spans {
        doc.push_token(s, e);
    }
    split_sentences(&mut doc, &hard_breaks, opts);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let d = tokenize("t", s);
        (0..d.len()).map(|i| d.form(i).to_string()).collect()
    }

    fn sents(s: &str) -> Vec<String> {
        let d = tokenize("t", s);
        d.sentences.iter().map(|x| d.text[d.sentence_span(x)].to_string()).collect()
    }

    #[test]
    fn clitics_and_quotes() {
        assert_eq!(toks("Iran's envoy didn't say \"no.\""), ["Iran", "'s", "envoy", "did", "n't", "say", "\"", "no", ".", "\""]);
        assert_eq!(toks("We’re sure it won’t"), ["We", "’re", "sure", "it", "wo", "n’t"]);
        assert_eq!(toks("the students' books"), ["the", "students", "'", "books"]);
        assert_eq!(toks("I cannot go"), ["I", "can", "not", "go"]);
        assert_eq!(toks("“Yes,” he said."), ["“", "Yes", ",", "”", "he", "said", "."]);
    }

    #[test]
    fn abbreviations_keep_periods() {
        assert_eq!(toks("Mr. Zarif met U.S. officials on Jan. 5."), ["Mr.", "Zarif", "met", "U.S.", "officials", "on", "Jan.", "5", "."]);
        assert_eq!(toks("Gen. Tommy Franks"), ["Gen.", "Tommy", "Franks"]);
        assert_eq!(toks("at 5 p.m. today"), ["at", "5", "p.m.", "today"]);
    }

    #[test]
    fn hyphens_slashes_numbers() {
        assert_eq!(toks("al-Qaeda's long-term plan"), ["al", "-", "Qaeda", "'s", "long", "-", "term", "plan"]);
        assert_eq!(toks("call 713-654-0365 on 11/28/2000"), ["call", "713-654-0365", "on", "11/28/2000"]);
        assert_eq!(toks("and/or $1,500.50 or 35%"), ["and", "/", "or", "$", "1,500.50", "or", "35", "%"]);
        assert_eq!(toks("3.5 million"), ["3.5", "million"]);
    }

    #[test]
    fn dashes() {
        assert_eq!(toks("talks—secret ones—began"), ["talks", "—", "secret", "ones", "—", "began"]);
        assert_eq!(toks("talks -- secret"), ["talks", "--", "secret"]);
    }

    #[test]
    fn urls_and_email() {
        assert_eq!(toks("See https://example.org/a?b=1."), ["See", "https://example.org/a?b=1", "."]);
        assert_eq!(toks("Write to carol.st.clair@enron.com, please"), ["Write", "to", "carol.st.clair@enron.com", ",", "please"]);
    }

    #[test]
    fn sentence_splitting() {
        assert_eq!(sents("Mr. Bush spoke. Iran replied! Did it? Yes."), ["Mr. Bush spoke.", "Iran replied!", "Did it?", "Yes."]);
        assert_eq!(sents("He lives in the U.S. The talks ended."), ["He lives in the U.S.", "The talks ended."]);
        assert_eq!(sents("\"We agreed.\" He left."), ["\"We agreed.\"", "He left."]);
        assert_eq!(sents("A headline\n\nThe body text"), ["A headline", "The body text"]);
        assert_eq!(sents("Gen. Franks arrived."), ["Gen. Franks arrived."]);
    }

    #[test]
    fn no_is_a_number_sign_only_before_a_number() {
        assert_eq!(toks("He lives at No. 10 Downing Street."), ["He", "lives", "at", "No.", "10", "Downing", "Street", "."]);
        assert_eq!(sents("No. Keys? No. Not really."), ["No.", "Keys?", "No.", "Not really."]);
    }

    #[test]
    fn quotes_opening_the_next_sentence_and_citation_marks() {
        assert_eq!(sents("He said it was over. \"We tried,\" he said."), ["He said it was over.", "\"We tried,\" he said."]);
        assert_eq!(sents("\"We agreed.\" He left."), ["\"We agreed.\"", "He left."]);
        assert_eq!(
            sents("He entered Harrow in 1801. [6] An undistinguished student, he left."),
            ["He entered Harrow in 1801. [6]", "An undistinguished student, he left."]
        );
    }

    #[test]
    fn short_lines_without_final_punctuation_are_headings() {
        let body = "Almost half of all Australian primary school children are mildly iodine deficient, researchers say.";
        let text = format!("Children suffering from iodine deficiency\nThursday, February 23, 2006\n{body}");
        assert_eq!(sents(&text), ["Children suffering from iodine deficiency", "Thursday, February 23, 2006", body]);
        // Text hard-wrapped at 60 columns: a line break is not a boundary.
        let wrapped = "The foreign ministers of the two countries met on Tuesday in\nGeneva and talked about the plan. Talks with the Foreign\nMinister of Iran begin soon.";
        assert_eq!(sents(wrapped).len(), 2, "{:?}", sents(wrapped));
    }

    #[test]
    fn datelines() {
        assert_eq!(sents("WASHINGTON (AP) — The United States and Iran held talks."), ["WASHINGTON (AP) —", "The United States and Iran held talks."]);
        assert_eq!(sents("BEIRUT, Lebanon -- Fighting resumed."), ["BEIRUT, Lebanon --", "Fighting resumed."]);
    }

    #[test]
    fn offsets_round_trip_and_empty_input() {
        let text = "  Zarif’s “envoy” met—briefly—in Geneva.\n\nNext… ok ";
        let d = tokenize("t", text);
        d.check().unwrap();
        for i in 0..d.len() {
            assert!(!d.form(i).trim().is_empty());
            assert_eq!(d.form(i), &text[d.start[i] as usize..d.end[i] as usize]);
        }
        let e = tokenize("e", "");
        assert!(e.is_empty() && e.sentences.is_empty());
        assert!(tokenize("w", " \n\t ").is_empty());
    }

    #[test]
    fn long_run_without_spaces_is_bounded() {
        let text = "a-".repeat(200_000);
        let d = tokenize("t", text);
        d.check().unwrap();
        assert!(d.sentences.iter().all(|s| s.tokens.len() <= 250));
    }
}
