//! News front matter: what wire copy puts before its prose. Datelines
//! ("WASHINGTON, March 1 (Xinhua) --", "GENEVA (21 March 2014) -",
//! "Pretoria -", "CAIRO:"), photo credits ("Fethi Belaid, AFP |") and
//! "Story highlights" are found at tokenization, made sentences of their own
//! (so the parser sees clean prose) and recorded on the [`Doc`], so the coder
//! never takes their names for actors, and can still use the dateline's
//! place as a location hint and its agency as a source.

use std::ops::Range;

use crate::Doc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrontKind {
    Dateline,
    Credit,
    Highlights,
}

/// One piece of front matter: token ranges into the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatter {
    pub kind: FrontKind,
    pub tokens: Range<usize>,
    /// The dateline's place ("WASHINGTON", "Montreal, Canada").
    pub place: Option<Range<usize>>,
    /// The news agency it names ("Reuters", "Xinhua").
    pub agency: Option<Range<usize>>,
}

/// Agencies and photo services that datelines and credits name.
const AGENCIES: &[&str] = &[
    "AP",
    "AFP",
    "Reuters",
    "Xinhua",
    "UPI",
    "dpa",
    "DPA",
    "EPA",
    "IANS",
    "PTI",
    "ANI",
    "IRNA",
    "TASS",
    "Tass",
    "Anadolu",
    "Bernama",
    "Kyodo",
    "Yonhap",
    "EFE",
    "ANSA",
    "KUNA",
    "WAM",
    "SPA",
    "MENA",
    "Sputnik",
    "Interfax",
    "Getty",
    "Bloomberg",
    "AAP",
    "CNN",
    "BBC",
    "IPS",
    "SANA",
];

const MONTHS: &[&str] = &[
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_dash(f: &str) -> bool {
    matches!(f, "—" | "--" | "–" | "-" | "---")
}

fn is_agency(f: &str) -> bool {
    AGENCIES.contains(&f)
}

fn capitalized(f: &str) -> bool {
    f.chars().next().is_some_and(char::is_uppercase)
}

fn all_caps(f: &str) -> bool {
    f.chars().filter(|c| c.is_alphabetic()).count() >= 3 && f.chars().all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\''))
}

/// What may follow front matter: the start of a sentence.
fn prose_starts(doc: &Doc, i: usize, to: usize) -> bool {
    i < to && doc.form(i).chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“'‘(".contains(c))
}

/// A place name: up to four capitalized words, e.g. "NEW YORK", "BEN-GURION
/// AIRPORT", "Cape Town", "Jackson, Miss." (the region after a comma).
fn place_end(doc: &Doc, from: usize, to: usize) -> usize {
    let mut i = from;
    while i < to && i < from + 6 {
        let f = doc.form(i);
        let word = capitalized(f) && !is_agency(f) && !MONTHS.contains(&f.trim_end_matches('.'));
        // "BEN-GURION": a hyphen inside a name, not a dateline's dash.
        let inner_hyphen = f == "-" && i > from && attached(doc, i) && i + 1 < to && attached(doc, i + 1);
        if !(word || inner_hyphen) {
            break;
        }
        i += 1;
    }
    i
}

/// Token `i` opens a quotation.
fn opens_quote(doc: &Doc, i: usize, to: usize) -> bool {
    i < to && matches!(doc.form(i), "\"" | "“" | "'" | "‘")
}

/// Token `i` follows the previous one with no space between.
fn attached(doc: &Doc, i: usize) -> bool {
    doc.start[i] == doc.end[i - 1]
}

/// A dateline starting at token `from` (the first of a sentence); `at_block`
/// says it opens the document or a paragraph, where a title-case place
/// followed by a dash is a dateline too ("Pretoria - ...").
pub fn dateline(doc: &Doc, from: usize, to: usize, at_block: bool) -> Option<FrontMatter> {
    let shouting = all_caps(doc.form(from));
    if !shouting && !at_block {
        return None;
    }
    let mut i = place_end(doc, from, to);
    if i == from {
        return None;
    }
    let mut place = from..i;
    let mut agency = None;
    // ", Region", ", Month Day", "(Agency)", "(21 March 2014)", in any order.
    let mut steps = 0;
    while i < to && steps < 4 {
        steps += 1;
        let f = doc.form(i);
        if f == "," && i + 1 < to {
            let j = i + 1;
            if MONTHS.contains(&doc.form(j).trim_end_matches('.')) {
                // ", March 1", ", Jan. 3": the month, then its day.
                i = j + 1;
                while i < to && i < j + 4 && doc.form(i).bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                    i += 1;
                }
                continue;
            }
            let e = place_end(doc, j, to);
            if e == j || e - j > 3 {
                return None;
            }
            place = place.start..e;
            i = e;
        } else if f == "(" {
            let close = (i + 1..to.min(i + 8)).find(|&k| doc.form(k) == ")")?;
            agency = agency.or_else(|| (i + 1..close).find(|&k| is_agency(doc.form(k))).map(|k| k..k + 1));
            i = close + 1;
        } else {
            break;
        }
    }
    if i >= to {
        return None;
    }
    let f = doc.form(i);
    // A title-case place with a colon opens the document only ("New Delhi:
    // Vice President Naidu asked ...", the Indian press's dateline). A
    // speaker's label in that place ("Netanyahu: Iran will ...") is front
    // matter too: the words after it are what the label names, never its
    // clause, so its name must not become their subject. Not before a
    // quotation ("Christina Oguz: \"To work ...\"" stays prose, as does any
    // later "Name:", a transcript's speaker).
    let title_colon = f == ":" && !shouting && from == 0 && place.len() <= 3 && i == place.end && attached(doc, i) && !opens_quote(doc, i + 1, to);
    let terminated = is_dash(f) || (f == ":" && shouting) || title_colon;
    // Otherwise a title-case place needs the dash and a block start.
    if !terminated || (!shouting && !is_dash(f) && !title_colon) || !prose_starts(doc, i + 1, to) {
        return None;
    }
    Some(FrontMatter { kind: FrontKind::Dateline, tokens: from..i + 1, place: Some(place), agency })
}

/// A photo credit before the prose: a name and an agency ending in "|" or
/// "/" ("Fethi Belaid, AFP |", "Photo: Reuters |"), or "Story highlights".
pub fn credit(doc: &Doc, from: usize, to: usize) -> Option<FrontMatter> {
    if doc.form(from).eq_ignore_ascii_case("story") && to > from + 1 && doc.form(from + 1).eq_ignore_ascii_case("highlights") {
        return Some(FrontMatter { kind: FrontKind::Highlights, tokens: from..from + 2, place: None, agency: None });
    }
    let bar = (from + 1..to.min(from + 10)).find(|&k| doc.form(k) == "|")?;
    let agency = (from..bar).rev().find(|&k| is_agency(doc.form(k)) || doc.form(k) == "Images")?;
    let names_only = (from..bar).all(|k| capitalized(doc.form(k)) || matches!(doc.form(k), "," | "/" | ":" | "."));
    (names_only && prose_starts(doc, bar + 1, to)).then(|| FrontMatter {
        kind: FrontKind::Credit,
        tokens: from..bar + 1,
        place: None,
        agency: Some(agency..agency + 1),
    })
}

#[cfg(test)]
mod tests {
    use crate::{tokenize, FrontKind};

    fn front(text: &str) -> Vec<(FrontKind, String, Option<String>, Option<String>)> {
        let d = tokenize("t", text);
        let words = |r: &std::ops::Range<usize>| d.text[d.start[r.start] as usize..d.end[r.end - 1] as usize].to_string();
        d.front_matter.iter().map(|f| (f.kind, words(&f.tokens), f.place.as_ref().map(words), f.agency.as_ref().map(words))).collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn wire_datelines_in_their_usual_shapes() {
        use FrontKind::Dateline;
        assert_eq!(
            front("WASHINGTON, March 1 (Xinhua) -- The United States demanded talks."),
            [(Dateline, "WASHINGTON, March 1 (Xinhua) --".into(), s("WASHINGTON"), s("Xinhua"))]
        );
        assert_eq!(
            front("GENEVA (21 March 2014) - The UN rapporteur called for an inquiry."),
            [(Dateline, "GENEVA (21 March 2014) -".into(), s("GENEVA"), None)]
        );
        assert_eq!(front("GENEVA (Reuters) - Iran met Russia."), [(Dateline, "GENEVA (Reuters) -".into(), s("GENEVA"), s("Reuters"))]);
        assert_eq!(front("CAIRO: Egypt accused Israel."), [(Dateline, "CAIRO:".into(), s("CAIRO"), None)]);
        assert_eq!(front("New Delhi: Calling for reform, Vice President Naidu asked civil servants."), [(Dateline, "New Delhi:".into(), s("New Delhi"), None)]);
        assert_eq!(front("Pretoria - Zimbabwean President Robert Mugabe arrived."), [(Dateline, "Pretoria -".into(), s("Pretoria"), None)]);
        assert_eq!(front("Montreal, Canada – As the mayor, he had seen it."), [(Dateline, "Montreal, Canada –".into(), s("Montreal, Canada"), None)]);
        assert_eq!(front("ALGIERS, Jan 3 (Reuters) - The death toll rose."), [(Dateline, "ALGIERS, Jan 3 (Reuters) -".into(), s("ALGIERS"), s("Reuters"))]);
        assert_eq!(front("BEN-GURION AIRPORT, Israel (Reuters) - Pope Benedict spoke.")[0].2, s("BEN-GURION AIRPORT, Israel"));
    }

    #[test]
    fn a_wire_dateline_after_a_glued_headline_starts_the_story() {
        let d = tokenize("t", "Bush, King Abdullah meet on Mideast conflict WASHINGTON (CNN) -- President Bush said Thursday he is furious.");
        let words = |r: &std::ops::Range<usize>| d.text[d.start[r.start] as usize..d.end[r.end - 1] as usize].to_string();
        let sentences: Vec<String> = d.sentences.iter().map(|s| words(&s.tokens)).collect();
        assert_eq!(sentences, ["Bush, King Abdullah meet on Mideast conflict", "WASHINGTON (CNN) --", "President Bush said Thursday he is furious."]);
        assert_eq!(d.front_matter.len(), 1);
        // Capitals without an agency in the run of a sentence stay prose.
        let d = tokenize("t", "Officials of NATO - the alliance - met in GENEVA - Swiss capital - today.");
        assert_eq!(d.sentences.len(), 1);
        assert!(d.front_matter.is_empty());
    }

    #[test]
    fn prose_that_only_looks_like_a_dateline_is_left_alone() {
        assert!(front("Christina Oguz: \"To work in Afghanistan, you need to be an optimist.\"").is_empty());
        // A title-case label with a colon only opens a document.
        assert!(front("The talks ended. New Delhi: India protested.").is_empty());
        assert!(front("Officials in New Delhi: the capital protested.").is_empty());
        assert!(front("Development director David Tudor said: \"We can't.\"").is_empty());
        assert!(front("Iran and Iraq - old enemies - met in Geneva.").is_empty());
        assert!(front("The talks ended. Then Russia - angry - left.").is_empty());
    }

    #[test]
    fn credits_and_highlights() {
        assert_eq!(front("Fethi Belaid, AFP | Police fired tear gas.")[0].0, FrontKind::Credit);
        assert_eq!(front("Fethi Belaid, AFP | Police fired tear gas.")[0].3, s("AFP"));
        assert_eq!(front("Story highlights The president met rebels.")[0].0, FrontKind::Highlights);
    }

    #[test]
    fn front_matter_is_a_sentence_of_its_own() {
        let d = tokenize("t", "GENEVA (21 March 2014) - The UN rapporteur called for an inquiry.");
        assert_eq!(d.sentences.len(), 2);
        assert_eq!(d.front_matter[0].tokens, d.sentences[0].tokens);
    }
}
