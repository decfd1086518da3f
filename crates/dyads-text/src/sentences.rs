//! Sentence splitting over the tokens of a [`Doc`]: a boundary after final
//! punctuation (and the quotes, brackets and citation marks that close on
//! it) when the next token can start a sentence (a capital, a digit, a
//! quote, a bracket, a dash), after an abbreviation that may end one when a
//! typical sentence starter follows (never after "e.g."), at paragraph
//! breaks, and after a short line without final punctuation (a headline, a
//! dateline on its own line, a section heading, a caption).
//!
//! A line break the writer chose (the next word would have fitted on the
//! line: [`deliberate_break`]) also ends a sentence after final punctuation
//! whatever follows, and after a colon or semicolon before a sentence
//! starter (a block, a list item); an endnote number at such a line end
//! stays with its sentence. Breaks made by hard-wrapping never count.

use crate::doc::{Doc, Sentence};
use crate::front_matter;
use crate::tokenize::{is_abbreviation, is_title, TokenizerOptions};

fn is_sentence_final(form: &str) -> bool {
    !form.is_empty() && form.bytes().all(|b| matches!(b, b'.' | b'!' | b'?')) || form == "…"
}

fn is_closing_after_final(form: &str) -> bool {
    matches!(form, "\"" | "'" | "”" | "’" | "''" | ")" | "]" | "»")
}

/// A straight quote with a space before it and none after opens the next
/// sentence (`... countries. "I suspect`), it does not close this one.
fn opens_next(doc: &Doc, j: usize) -> bool {
    matches!(doc.form(j), "\"" | "'") && j > 0 && doc.start[j] > doc.end[j - 1] && j + 1 < doc.len() && doc.start[j + 1] == doc.end[j]
}

/// Tokens of a citation mark at `j` (`[17]`, `[a]`, `[citation needed]`),
/// which belongs to the sentence before it; 0 if there is none.
fn citation_len(doc: &Doc, j: usize) -> usize {
    if doc.form(j) != "[" {
        return 0;
    }
    let close = (j + 1..doc.len().min(j + 5)).find(|&k| doc.form(k) == "]");
    match close {
        Some(k) if k > j + 1 && (j + 1..k).all(|m| doc.form(m).chars().all(|c| c.is_alphanumeric() || c == ',')) => k - j + 1,
        _ => 0,
    }
}

/// Lines at most this long can be a heading of their own...
const HEADING_MAX_BYTES: usize = 100;

/// ...when also under 3/5 of the longest line of the document: in text
/// hard-wrapped at 72 columns a line of 50 is a wrapped sentence going on,
/// in text with one paragraph per line it is a heading.
fn is_heading_line(line: &str, longest_line: usize) -> bool {
    let len = line.trim().len();
    len > 0 && len <= HEADING_MAX_BYTES && len * 5 < longest_line * 3
}

/// Whether a line ends between tokens `i - 1` and `i` and the line of `i - 1`
/// reads as a heading.
fn heading_ends_before(doc: &Doc, i: usize, longest_line: usize) -> bool {
    let (prev_end, next_start) = (doc.end[i - 1] as usize, doc.start[i] as usize);
    if !doc.text[prev_end..next_start].contains('\n') {
        return false;
    }
    let prev_start = doc.start[i - 1] as usize;
    let line_start = doc.text[..prev_start].rfind('\n').map_or(0, |k| k + 1);
    is_heading_line(&doc.text[line_start..prev_end], longest_line)
}

/// The width text is wrapped at: its longest line with a space in it (a URL
/// or a rule of dashes on a line of its own is no wrapped prose), in chars.
fn wrap_width(text: &str) -> usize {
    text.split('\n').map(str::trim).filter(|l| l.contains(' ')).map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Whether a line ends between tokens `i - 1` and `i` by the writer's choice,
/// not by wrapping: the next line's first word would have fitted on the line
/// before. In text with one paragraph per line every break is deliberate; in
/// text hard-wrapped at 72 columns only those that end a paragraph, a list
/// item or a heading are.
fn deliberate_break(doc: &Doc, i: usize, wrap_width: usize) -> bool {
    let (prev_end, next_start) = (doc.end[i - 1] as usize, doc.start[i] as usize);
    if !doc.text[prev_end..next_start].contains('\n') {
        return false;
    }
    let line_start = doc.text[..prev_end].rfind('\n').map_or(0, |k| k + 1);
    let line = doc.text[line_start..prev_end].trim().chars().count();
    let next_word = doc.text[next_start..].split(char::is_whitespace).next().map_or(0, |w| w.chars().count());
    line + 1 + next_word <= wrap_width
}

/// An endnote number after a sentence's final mark, on the same line and at
/// the end of a line the writer broke ("... minority rights. 4" / "Even
/// though ..."): it belongs to the sentence before.
fn endnote_number(doc: &Doc, j: usize, wrap_width: usize) -> bool {
    let form = doc.form(j);
    form.len() <= 2
        && form.bytes().all(|b| b.is_ascii_digit())
        && !doc.text[doc.end[j - 1] as usize..doc.start[j] as usize].contains('\n')
        && (j + 1 == doc.len() || deliberate_break(doc, j + 1, wrap_width))
}

fn starts_sentence_like(form: &str) -> bool {
    let Some(c) = form.chars().next() else { return false };
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\'' | '‘' | '(' | '[' | '`' | '-' | '—' | '–' | '*' | '•')
}

/// Words that start sentences and are rarely names: after an abbreviation
/// that may end a sentence ("in the U.S. The ..."), these signal a boundary.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "But",
    "And",
    "His",
    "Her",
    "Their",
    "Its",
    "There",
    "On",
    "At",
    "After",
    "As",
    "For",
    "If",
    "When",
    "While",
    "Some",
    "Many",
    "Officials",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
];

/// Abbreviations that introduce what follows ("e.g. The Programming
/// Historian"), so never end a sentence before a sentence starter.
fn introduces_example(form: &str) -> bool {
    ["e.g.", "i.e.", "cf.", "viz."].iter().any(|a| form.eq_ignore_ascii_case(a))
}

pub(crate) fn split_sentences(doc: &mut Doc, hard_breaks: &[usize], opts: &TokenizerOptions) {
    let n = doc.len();
    let longest_line = doc.text.split('\n').map(str::len).max().unwrap_or(0);
    let wrap_width = wrap_width(&doc.text);
    let mut boundaries = Vec::new();
    let mut hb = hard_breaks.iter().peekable();
    let mut sent_start = 0;
    let mut i = 0;
    while i < n {
        let mut at_block = i == 0;
        if hb.peek().is_some_and(|&&b| b == i) {
            hb.next();
            at_block = true;
            if i > sent_start {
                boundaries.push(i);
                sent_start = i;
            }
        } else if i > sent_start && !is_sentence_final(doc.form(i - 1)) && starts_sentence_like(doc.form(i)) && heading_ends_before(doc, i, longest_line) {
            boundaries.push(i);
            sent_start = i;
            at_block = true;
        } else if i > sent_start && matches!(doc.form(i - 1), ":" | ";") && starts_sentence_like(doc.form(i)) && deliberate_break(doc, i, wrap_width) {
            // A line ending in a colon or semicolon introduces a block
            // ("... my fellow citizens:" / "To a few of us") or ends a list
            // item ("... research activities;" / "Get feedback from ...").
            boundaries.push(i);
            sent_start = i;
        } else if i > sent_start && front_matter::dateline(doc, i, n, false).is_some_and(|fm| fm.agency.is_some()) {
            // A wire dateline inside a run of text ("... meet on Mideast
            // conflict WASHINGTON (CNN) -- President Bush said"): scraped
            // copy glues the headline to the story; the dateline ends it.
            boundaries.push(i);
            sent_start = i;
            at_block = true;
        }
        if i == sent_start {
            // Front matter becomes a sentence of its own so the parser sees
            // clean prose, and is recorded so its names are never actors.
            if let Some(fm) = front_matter::dateline(doc, i, n, at_block).or_else(|| front_matter::credit(doc, i, n)) {
                let e = fm.tokens.end;
                doc.front_matter.push(fm);
                boundaries.push(e);
                sent_start = e;
                i = e;
                continue;
            }
        }
        let form = doc.form(i);
        let mut end_here = false;
        let mut j = i + 1;
        if is_sentence_final(form) {
            loop {
                let next_break = hb.peek().map(|&&b| b);
                let not_break = |j: usize| next_break != Some(j);
                if j < n && is_closing_after_final(doc.form(j)) && !opens_next(doc, j) && not_break(j) {
                    j += 1;
                } else if j < n && citation_len(doc, j) > 0 && not_break(j) {
                    j += citation_len(doc, j);
                } else if j < n && endnote_number(doc, j, wrap_width) && not_break(j) {
                    j += 1;
                } else {
                    break;
                }
            }
            end_here = j >= n || starts_sentence_like(doc.form(j)) || form.len() > 1 && form != "..";
            if form == "..." && j < n && !starts_sentence_like(doc.form(j)) {
                end_here = false;
            }
            // Final punctuation at the end of a line the writer broke ends
            // the sentence whatever starts the next ("... integrity." /
            // "— NORTON I", "sounds exciting." / "want to go ...").
            end_here = end_here || j < n && deliberate_break(doc, j, wrap_width);
        } else if form.len() > 1 && form.ends_with('.') && is_abbreviation(form) && !is_title(form) && !introduces_example(form) {
            end_here = j < n && SENTENCE_STARTERS.contains(&doc.form(j));
        }
        if !end_here && j - sent_start >= opts.max_sentence_tokens {
            end_here = true;
        }
        if end_here && j < n {
            boundaries.push(j);
            sent_start = j;
        }
        i = j;
    }
    let mut start = 0;
    for b in boundaries {
        if b > start {
            doc.sentences.push(Sentence { tokens: start..b, id: None });
            start = b;
        }
    }
    if start < n {
        doc.sentences.push(Sentence { tokens: start..n, id: None });
    }
}

#[cfg(test)]
mod tests {
    use crate::tokenize::tokenize;

    fn sents(s: &str) -> Vec<String> {
        let d = tokenize("t", s);
        d.sentences.iter().map(|x| d.text[d.sentence_span(x)].to_string()).collect()
    }

    #[test]
    fn example_abbreviations_do_not_end_a_sentence() {
        let text = "It lists teaching material (e.g. The Programming Historian) and more.";
        assert_eq!(sents(text), [text]);
        assert_eq!(sents("Use a tool, i.e. The one we built."), ["Use a tool, i.e. The one we built."]);
        assert_eq!(sents("He lives in the U.S. The talks ended."), ["He lives in the U.S.", "The talks ended."]);
    }

    /// A paragraph on a line of its own, longer than the lines after it, as
    /// in text with one paragraph per line.
    const PARAGRAPH: &str = "The proclamation was printed in the newspapers of the city, and the people who read it were amused, and some of them were \
                             moved, and a few of them wrote to the editors to say that the city had found the ruler it deserved.";

    #[test]
    fn final_punctuation_at_a_deliberate_line_break_ends_a_sentence() {
        let text = format!("{PARAGRAPH}\nConfidence is said to exist in our stability and integrity.\n— NORTON I, Emperor of the United States.");
        assert_eq!(sents(&text), [PARAGRAPH, "Confidence is said to exist in our stability and integrity.", "— NORTON I, Emperor of the United States."]);
        let text = format!("{PARAGRAPH}\nThat sounds exciting.\nwant to go to dinner with me before you go?");
        assert_eq!(sents(&text)[1..], ["That sounds exciting.", "want to go to dinner with me before you go?"]);
        // Hard-wrapped text: the next word would not have fitted, the line
        // break is the wrapper's and the sentence goes on.
        let wrapped = "The ministers met on Tuesday in Geneva and agreed on the text of the 2.\nversion of the plan, which was published on Wednesday by the two sides\nafter talks that lasted all night in the old hotel.";
        assert_eq!(sents(wrapped).len(), 1, "{:?}", sents(wrapped));
    }

    #[test]
    fn a_dash_after_final_punctuation_starts_a_sentence() {
        let text = "Confidence is said to exist in our stability and integrity. — NORTON I, Emperor of the United States.";
        assert_eq!(sents(text), ["Confidence is said to exist in our stability and integrity.", "— NORTON I, Emperor of the United States."]);
        assert_eq!(sents("The vote was close. – Reuters"), ["The vote was close.", "– Reuters"]);
        assert_eq!(sents("He lives in the U.S. — and works there.").len(), 1);
    }

    #[test]
    fn an_endnote_number_at_the_end_of_a_line_belongs_to_the_sentence_before() {
        let text =
            format!("{PARAGRAPH}\nIf they were a minority, they would be protected due to minority rights. 4\nEven though the number is small, it grows.");
        assert_eq!(
            sents(&text)[1..],
            ["If they were a minority, they would be protected due to minority rights. 4", "Even though the number is small, it grows."]
        );
        // Within a line, or on a line of its own, a number starts a sentence.
        assert_eq!(sents("The vote was close. 12 members abstained."), ["The vote was close.", "12 members abstained."]);
        assert_eq!(sents(&format!("{PARAGRAPH}\nThe vote was close.\n12\nmembers abstained."))[1], "The vote was close.");
    }

    #[test]
    fn a_line_ending_in_a_colon_or_semicolon_before_a_capital_ends_a_sentence() {
        // Lines too long to be headings.
        let opening = "Mr. President, Mr. Chief Justice, Senator Hatfield, Mr. Mondale, Senator Baker, Speaker O'Neill, and my fellow citizens:";
        let text = format!("{PARAGRAPH}\n{opening}\nTo a few of us here today this is a solemn occasion.");
        assert_eq!(sents(&text), [PARAGRAPH, opening, "To a few of us here today this is a solemn occasion."]);
        let list = format!("{PARAGRAPH}\nCompare the existing teaching material related to the field with the taxonomy of research activities;\nGet feedback.");
        assert_eq!(sents(&list).len(), 3, "{:?}", sents(&list));
        // Within a line, or before a lower-case word, the sentence goes on.
        assert_eq!(sents("He said: The talks are over.").len(), 1);
        assert_eq!(sents(&format!("{PARAGRAPH}\nThe talks failed;\nnevertheless, the envoys stayed in Geneva.")).len(), 2);
        // Hard-wrapped text: the wrapper broke the line.
        let wrapped = "The communique named three countries that had taken part in the talks:\nFrance, Germany and Italy, whose envoys met in Geneva on Tuesday to agree.";
        assert_eq!(sents(wrapped).len(), 1, "{:?}", sents(wrapped));
    }
}
