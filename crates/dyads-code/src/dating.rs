//! Explicit event dates: "March 19, 2003", "May 2003", "in 2003" attached to
//! an event's verb (or to the clause it depends on, as in "The talks ended in
//! May 2003, when the administration accused Iran"), or relative ones
//! resolved against the report date ("on Tuesday", "yesterday", "last
//! month", "two years ago", "earlier this month", "March 19"), or anchored
//! ranges ("prior to the March 2003 invasion", "before the Iraq war": a
//! range ending the day before, from a date in the phrase or a table of
//! well-known events). Without one, an event keeps the report date, unless
//! the document's narrative dates it (see `Coder::code`).

use dyads_text::Doc;

use crate::calendar::{days, from_days, iso_day, Date};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    /// Within the seven days around the date ("last week").
    Week,
    Month,
    Year,
    /// No date in the text: the report date.
    Report,
    /// Bounded by an anchor ("prior to the March 2003 invasion"): see `range`.
    Range,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    /// `yyyymmdd`; for month and year precision the middle of the period,
    /// which is what dated actor roles are resolved against.
    pub date: Date,
    pub precision: Precision,
    /// Token range of the date expression.
    pub tokens: Option<(usize, usize)>,
    /// With `Precision::Range`: inclusive bounds (`None`: open).
    pub range: Option<(Option<Date>, Option<Date>)>,
}

impl EventDate {
    pub fn report(date: Date) -> EventDate {
        EventDate { date, precision: Precision::Report, tokens: None, range: None }
    }

    /// The range bounds as `YYYY-MM-DD` strings.
    pub fn range_display(&self) -> Option<[Option<String>; 2]> {
        self.range.map(|(a, b)| [a.map(iso_day), b.map(iso_day)])
    }

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` by precision.
    pub fn display(&self) -> String {
        let (y, m, d) = (self.date / 10000, self.date / 100 % 100, self.date % 100);
        match self.precision {
            Precision::Day | Precision::Week | Precision::Report | Precision::Range => format!("{y:04}-{m:02}-{d:02}"),
            Precision::Month => format!("{y:04}-{m:02}"),
            Precision::Year => format!("{y:04}"),
        }
    }
}

const MONTHS: [&str; 12] = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/// A month name or abbreviation ("March", "Mar.", "Sept"), any case.
fn month(form: &str) -> Option<u32> {
    let f = form.trim_end_matches('.').as_bytes();
    if f.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.len() >= f.len() && m.as_bytes()[..f.len()].eq_ignore_ascii_case(f) && (f.len() == m.len() || f.len() <= 4))
        .map(|i| i as u32 + 1)
}

/// Whether a date expression may start at this word (a number, a month, a
/// weekday or one of the words the matchers below start with): scanning a
/// sentence runs the full matchers, which lower-case their words, only there.
fn may_start_date(form: &str) -> bool {
    const STARTS: &[&str] =
        &["prior", "ahead", "before", "until", "till", "after", "since", "following", "in", "yesterday", "today", "tonight", "last", "this", "earlier"];
    // Rust's integer parsing takes a leading '+': "+5" is a number to them.
    form.as_bytes().first().is_some_and(|b| b.is_ascii_digit() || *b == b'+')
        || month(form).is_some()
        || STARTS.iter().chain(&WEEKDAYS).chain(&NUMBER_WORDS).any(|w| w.eq_ignore_ascii_case(form))
}

fn year(form: &str) -> Option<u32> {
    (form.len() == 4 && form.bytes().all(|b| b.is_ascii_digit())).then(|| form.parse().ok()).flatten().filter(|y| (1800..=2100).contains(y))
}

fn day(form: &str) -> Option<u32> {
    let f = form.trim_end_matches(|c: char| c.is_alphabetic());
    (!f.is_empty() && f.len() <= 2).then(|| f.parse().ok()).flatten().filter(|d| (1..=31).contains(d))
}

fn add_months(d: Date, delta: i64) -> Date {
    let months = (d / 10000) as i64 * 12 + (d / 100 % 100) as i64 - 1 + delta;
    (months.div_euclid(12) * 10000 + (months.rem_euclid(12) + 1) * 100 + 15) as Date
}

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

const NUMBER_WORDS: [&str; 10] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

fn number_word(f: &str) -> Option<i64> {
    f.parse().ok().filter(|n| (1..=100).contains(n)).or_else(|| NUMBER_WORDS.iter().position(|w| f.eq_ignore_ascii_case(w)).map(|i| i as i64 + 1))
}

/// A month (and maybe day) without a year: the latest such date not after
/// the report.
fn in_report_year(m: u32, d: u32, report: Date) -> Date {
    let this = report / 10000 * 10000 + m * 100 + d;
    if this > report {
        this - 10000
    } else {
        this
    }
}

/// A date expression relative to the report date, starting at token `i`.
fn relative_at(doc: &Doc, i: usize, end: usize, report: Date) -> Option<(Date, Precision, usize)> {
    if report == 0 {
        return None;
    }
    let f = |k: usize| if k < end { doc.form(k).to_lowercase() } else { String::new() };
    let w = f(i);
    if let Some(wd) = WEEKDAYS.iter().position(|d| *d == w) {
        // The latest such weekday on or before the report date.
        let r = days(report);
        let back = (r + 3 - wd as i64).rem_euclid(7);
        return Some((from_days(r - back), Precision::Day, i + 1));
    }
    match w.as_str() {
        "yesterday" => return Some((from_days(days(report) - 1), Precision::Day, i + 1)),
        "today" | "tonight" => return Some((report, Precision::Day, i + 1)),
        "last" | "this" | "earlier" => {
            let (k, this) = if w == "earlier" && f(i + 1) == "this" { (i + 2, true) } else { (i + 1, w != "last") };
            return match (f(k).as_str(), this) {
                ("week", false) => Some((from_days(days(report) - 7), Precision::Week, k + 1)),
                ("week", true) => Some((report, Precision::Week, k + 1)),
                ("month", false) => Some((add_months(report, -1), Precision::Month, k + 1)),
                ("month", true) => Some((report / 100 * 100 + 15, Precision::Month, k + 1)),
                ("year", false) => Some(((report / 10000 - 1) * 10000 + 701, Precision::Year, k + 1)),
                ("year", true) => Some((report / 10000 * 10000 + 701, Precision::Year, k + 1)),
                _ => None,
            };
        }
        _ => {}
    }
    // N days/weeks/months/years ago
    if let (Some(n), true) = (number_word(&w), f(i + 2) == "ago") {
        let unit = f(i + 1);
        let unit = unit.trim_end_matches('s');
        let r = days(report);
        return match unit {
            "day" => Some((from_days(r - n), Precision::Day, i + 3)),
            "week" => Some((from_days(r - 7 * n), Precision::Week, i + 3)),
            "month" => Some((add_months(report, -n), Precision::Month, i + 3)),
            "year" => Some((((report / 10000) as i64 - n) as Date * 10000 + 701, Precision::Year, i + 3)),
            _ => None,
        };
    }
    // March 19 / in March (no year)
    if let Some(m) = month(doc.form(i)) {
        if let Some(d) = day(&f(i + 1)) {
            if year(&f(i + 2)).is_none() && year(&f(i + 3)).is_none() {
                return Some((in_report_year(m, d, report), Precision::Day, i + 2));
            }
        } else if year(&f(i + 1)).is_none() && i > 0 && matches!(doc.form(i - 1).to_lowercase().as_str(), "in" | "since" | "until" | "early" | "late" | "mid") {
            return Some((in_report_year(m, 15, report), Precision::Month, i + 1));
        }
    }
    None
}

/// A date expression starting at token `i`: (date, precision, end token).
fn date_at(doc: &Doc, i: usize, end: usize, report: Date) -> Option<(Date, Precision, usize)> {
    absolute_at(doc, i, end).or_else(|| relative_at(doc, i, end, report))
}

fn absolute_at(doc: &Doc, i: usize, end: usize) -> Option<(Date, Precision, usize)> {
    let f = |k: usize| if k < end { doc.form(k) } else { "" };
    if let Some(m) = month(f(i)) {
        // March 19, 2003 / March 19 2003
        if let Some(d) = day(f(i + 1)) {
            let k = if f(i + 2) == "," { i + 3 } else { i + 2 };
            if let Some(y) = year(f(k)) {
                return Some((y * 10000 + m * 100 + d, Precision::Day, k + 1));
            }
        }
        // May 2003
        if let Some(y) = year(f(i + 1)) {
            return Some((y * 10000 + m * 100 + 15, Precision::Month, i + 2));
        }
        return None;
    }
    // 19 March 2003
    if let (Some(d), Some(m)) = (day(f(i)), month(f(i + 1))) {
        if let Some(y) = year(f(i + 2)) {
            return Some((y * 10000 + m * 100 + d, Precision::Day, i + 3));
        }
    }
    // in 2003
    if let Some(y) = year(f(i)) {
        let prev = if i > 0 { doc.form(i - 1).to_lowercase() } else { String::new() };
        if matches!(prev.as_str(), "in" | "during" | "since" | "until" | "by") {
            return Some((y * 10000 + 701, Precision::Year, i + 1));
        }
    }
    None
}

/// Well-known events that news text dates other events against ("prior to
/// the Iraq war"): lower-case word sequences (as tokenized: "U.S.-led" is
/// "u.s. - led") and their day. Data, not logic: `data/anchors.tsv`.
fn anchors() -> &'static [(Vec<String>, Date)] {
    static ANCHORS: std::sync::OnceLock<Vec<(Vec<String>, Date)>> = std::sync::OnceLock::new();
    ANCHORS.get_or_init(|| {
        include_str!("../../../data/anchors.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (phrase, date) = l.split_once('\t')?;
                let date: Date = date.trim().replace('-', "").parse().ok()?;
                Some((phrase.split_whitespace().map(str::to_string).collect(), date))
            })
            .collect()
    })
}

/// An anchored bound starting at token `i` ("prior to X", "before X",
/// "ahead of X", "until X", "after X", "since X" where X holds a date or a
/// known event): (the range, precision Range, end token).
fn anchored_at(doc: &Doc, i: usize, end: usize, report: Date) -> Option<(EventDate, usize)> {
    let f = |k: usize| if k < end { doc.form(k).to_lowercase() } else { String::new() };
    let (before, start) = match f(i).as_str() {
        "prior" if f(i + 1) == "to" => (true, i + 2),
        "ahead" if f(i + 1) == "of" => (true, i + 2),
        "before" | "until" | "till" => (true, i + 1),
        "after" | "since" | "following" => (false, i + 1),
        "in" if f(i + 1) == "the" && matches!(f(i + 2).as_str(), "run-up" | "lead-up" | "runup") && f(i + 3) == "to" => (true, i + 4),
        _ => return None,
    };
    // The anchor phrase: up to the next clause boundary, at most 10 tokens.
    let mut stop = start;
    while stop < end && stop < start + 10 && !matches!(doc.form(stop), "," | ";" | ":" | "." | "and" | "when" | "that" | "which") {
        stop += 1;
    }
    let words: Vec<String> = (start..stop).map(f).collect();
    let known = anchors().iter().find(|(p, _)| words.windows(p.len()).any(|w| w == p.as_slice())).map(|a| a.1);
    let explicit = (start..stop).find_map(|k| absolute_at(doc, k, stop).map(|(d, p, e)| (d, p, k, e)));
    let (bound, precision_day) = match (known, explicit) {
        // A known event agrees with the text's month: take its day.
        (Some(k), Some((d, _, _, _))) if k / 100 == d / 100 || k / 10000 == d / 10000 => (k, true),
        (_, Some((d, p, _, e))) => {
            // "the March 2003 invasion": the date modifies an event noun, so
            // the event may fall anywhere in that month.
            let modifier = e < stop && matches!(doc.upos[e], dyads_text::Upos::Noun | dyads_text::Upos::Propn);
            match (p, before, modifier) {
                (Precision::Day, _, _) => (d, true),
                (Precision::Month, true, true) => (last_of_month(d), false),
                (Precision::Month, true, false) => (from_days(days(d / 100 * 100 + 1) - 1), false),
                (Precision::Month, false, _) => (d / 100 * 100 + 1, false),
                (_, true, _) => ((d / 10000) * 10000 + 101, false),
                (_, false, _) => ((d / 10000) * 10000 + 1231, false),
            }
        }
        (Some(k), None) => (k, true),
        (None, None) => return None,
    };
    let _ = report; // anchors are absolute; kept for relative anchors later
    let range = if before {
        // Strictly before a known day; up to the bound otherwise.
        let end_day = if precision_day { from_days(days(bound) - 1) } else { bound };
        (None, Some(end_day))
    } else {
        let start_day = if precision_day { from_days(days(bound) + 1) } else { bound };
        (Some(start_day), None)
    };
    let date = range.1.or(range.0).unwrap_or(bound);
    Some((EventDate { date, precision: Precision::Range, tokens: Some((i, stop)), range: Some(range) }, stop))
}

fn last_of_month(d: Date) -> Date {
    let next = add_months(d / 100 * 100 + 15, 1) / 100 * 100 + 1;
    from_days(days(next) - 1)
}

/// The date expressions of the sentence `range`, left to right, each with
/// its first token: absolute ("May 2003"), relative to the report date
/// ("last week") or anchored ("prior to the Iraq war").
pub fn date_expressions(doc: &Doc, range: std::ops::Range<usize>, report: Date) -> Vec<(usize, EventDate)> {
    let mut found = Vec::new();
    let mut i = range.start;
    while i < range.end {
        if !may_start_date(doc.form(i)) {
            i += 1;
        } else if let Some((ed, e)) = anchored_at(doc, i, range.end, report) {
            found.push((i, ed));
            i = e;
        } else if let Some((d, p, e)) = date_at(doc, i, range.end, report) {
            found.push((i, EventDate { date: d, precision: p, tokens: Some((i, e)), range: None }));
            i = e;
        } else {
            i += 1;
        }
    }
    found
}

/// The date governing verb `v` of the sentence `range`: a date expression
/// among its dependents, else among those of the clause it hangs from.
pub fn event_date(doc: &Doc, range: std::ops::Range<usize>, v: usize, report: Date) -> EventDate {
    event_date_among(doc, &date_expressions(doc, range, report), v, report)
}

/// `event_date` over the sentence's `date_expressions`, computed once for
/// all the verbs of a sentence.
pub fn event_date_among(doc: &Doc, found: &[(usize, EventDate)], v: usize, report: Date) -> EventDate {
    if found.is_empty() {
        return EventDate::report(report);
    }
    // The clause each date expression belongs to: the nearest verb above it.
    let clause_of = |mut t: usize| {
        for _ in 0..12 {
            match doc.head[t] {
                Some(h) if is_clause(doc, h as usize) || doc.head[h as usize].is_none() => return h as usize,
                Some(h) => t = h as usize,
                None => return t,
            }
        }
        t
    };
    let mut cur = v;
    for _ in 0..4 {
        if let Some((_, ed)) = found.iter().find(|(s, _)| clause_of(*s) == cur) {
            return ed.clone();
        }
        let r = doc.deprel[cur].split(':').next().unwrap_or("");
        match doc.head[cur] {
            Some(h) if matches!(r, "advcl" | "parataxis" | "conj" | "xcomp" | "ccomp" | "acl") => cur = h as usize,
            _ => break,
        }
    }
    EventDate::report(report)
}

/// The last date expression of a sentence (absolute, relative or anchored),
/// whatever clause it sits in: what later sentences of the same story
/// inherit. Relative expressions resolving to the report date itself
/// ("today") do not count.
pub fn sentence_date(doc: &Doc, range: std::ops::Range<usize>, report: Date) -> Option<EventDate> {
    sentence_date_among(&date_expressions(doc, range, report), report)
}

/// `sentence_date` over the sentence's `date_expressions`.
pub fn sentence_date_among(found: &[(usize, EventDate)], report: Date) -> Option<EventDate> {
    found.iter().rev().map(|(_, ed)| ed).find(|ed| ed.range.is_some() || ed.date != report).cloned()
}

fn is_clause(doc: &Doc, t: usize) -> bool {
    matches!(doc.upos[t], dyads_text::Upos::Verb | dyads_text::Upos::Aux)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(rows: &[(&str, usize, &str)]) -> Doc {
        let mut s = String::new();
        for (i, (f, h, r)) in rows.iter().enumerate() {
            let u = if *r == "root" || r.starts_with("advcl") || *r == "parataxis" { "VERB" } else { "NOUN" };
            s.push_str(&format!("{}\t{f}\t_\t{u}\t_\t_\t{h}\t{r}\t_\t_\n", i + 1));
        }
        s.push('\n');
        dyads_text::read_conllu(&s, "t").unwrap().pop().unwrap()
    }

    #[test]
    fn dates_in_the_governing_clause() {
        // The talks ended in May 2003 , when officials accused Iran
        let d = parsed(&[
            ("talks", 2, "nsubj"),
            ("ended", 0, "root"),
            ("in", 4, "case"),
            ("May", 2, "obl"),
            ("2003", 4, "nmod:tmod"),
            (",", 9, "punct"),
            ("when", 9, "advmod"),
            ("officials", 9, "nsubj"),
            ("accused", 2, "advcl"),
            ("Iran", 9, "obj"),
        ]);
        let e = event_date(&d, 0..d.len(), 8, 20160306);
        assert_eq!((e.display().as_str(), e.precision), ("2003-05", Precision::Month));
        assert_eq!(e.tokens, Some((3, 5)));
        let none = parsed(&[("Iran", 2, "nsubj"), ("protested", 0, "root")]);
        let e = event_date(&none, 0..2, 1, 20160306);
        assert_eq!((e.display().as_str(), e.precision), ("2016-03-06", Precision::Report));
    }

    #[test]
    fn relative_dates_against_the_report_date() {
        // Report date: Wednesday 2016-03-09.
        let at = |rows: &[(&str, usize, &str)], v: usize| {
            let d = parsed(rows);
            let e = event_date(&d, 0..d.len(), v, 20160309);
            (e.display(), e.precision)
        };
        let verb = |w: &'static str| vec![("Iran", 2, "nsubj"), ("protested", 0, "root"), (w, 2, "obl")];
        assert_eq!(at(&verb("Tuesday"), 1), ("2016-03-08".into(), Precision::Day));
        assert_eq!(at(&verb("Wednesday"), 1), ("2016-03-09".into(), Precision::Day));
        assert_eq!(at(&verb("Thursday"), 1), ("2016-03-03".into(), Precision::Day));
        assert_eq!(at(&verb("yesterday"), 1), ("2016-03-08".into(), Precision::Day));
        let two = [("Iran", 2, "nsubj"), ("protested", 0, "root"), ("two", 4, "nummod"), ("years", 5, "obl:npmod"), ("ago", 2, "advmod")];
        assert_eq!(at(&two, 1), ("2014".into(), Precision::Year));
        let last = [("Iran", 2, "nsubj"), ("protested", 0, "root"), ("last", 4, "amod"), ("month", 2, "obl:tmod")];
        assert_eq!(at(&last, 1), ("2016-02".into(), Precision::Month));
        let dec = [("Iran", 2, "nsubj"), ("protested", 0, "root"), ("on", 4, "case"), ("December", 2, "obl"), ("20", 4, "nummod")];
        assert_eq!(at(&dec, 1), ("2015-12-20".into(), Precision::Day));
        assert_eq!(from_days(days(20000229)), 20000229);
        assert_eq!(days(19700101), 0);
    }

    #[test]
    fn anchored_ranges() {
        // held talks prior to the U.S. - led war in Iraq
        let d = parsed(&[
            ("Iran", 2, "nsubj"),
            ("held", 0, "root"),
            ("talks", 2, "obj"),
            ("prior", 10, "case"),
            ("to", 4, "fixed"),
            ("the", 10, "det"),
            ("U.S.", 9, "compound"),
            ("-", 9, "punct"),
            ("led", 10, "amod"),
            ("war", 2, "obl"),
            ("in", 12, "case"),
            ("Iraq", 10, "nmod"),
        ]);
        let e = event_date(&d, 0..d.len(), 1, 20160306);
        assert_eq!(e.precision, Precision::Range);
        assert_eq!(e.range_display().unwrap(), [None, Some("2003-03-19".to_string())]);
        assert_eq!(e.display(), "2003-03-19");
        // before the March 2003 invasion of Iraq: the known day agrees with the month
        let d = parsed(&[
            ("Iran", 2, "nsubj"),
            ("met", 0, "root"),
            ("before", 7, "case"),
            ("the", 7, "det"),
            ("March", 7, "compound"),
            ("2003", 5, "nummod"),
            ("invasion", 2, "obl"),
            ("of", 9, "case"),
            ("Iraq", 7, "nmod"),
        ]);
        assert_eq!(event_date(&d, 0..d.len(), 1, 20160306).range_display().unwrap()[1].as_deref(), Some("2003-03-19"));
        // before the March 2003 elections (no known event): up to the end of March
        let d = parsed(&[
            ("Iran", 2, "nsubj"),
            ("met", 0, "root"),
            ("before", 7, "case"),
            ("the", 7, "det"),
            ("March", 7, "compound"),
            ("2003", 5, "nummod"),
            ("elections", 2, "obl"),
        ]);
        assert_eq!(event_date(&d, 0..d.len(), 1, 20160306).range_display().unwrap()[1].as_deref(), Some("2003-03-31"));
        // since May 2003: a range starting then
        let d = parsed(&[("Iran", 2, "nsubj"), ("refused", 0, "root"), ("since", 4, "case"), ("May", 2, "obl"), ("2003", 4, "nummod")]);
        assert_eq!(event_date(&d, 0..d.len(), 1, 20160306).range_display().unwrap(), [Some("2003-05-01".to_string()), None]);
    }

    #[test]
    fn day_and_year_forms() {
        let d = parsed(&[
            ("Iran", 2, "nsubj"),
            ("protested", 0, "root"),
            ("on", 4, "case"),
            ("March", 2, "obl"),
            ("19", 4, "nummod"),
            (",", 4, "punct"),
            ("2003", 4, "nmod"),
        ]);
        let e = event_date(&d, 0..d.len(), 1, 20160306);
        assert_eq!((e.display().as_str(), e.precision), ("2003-03-19", Precision::Day));
        let y = parsed(&[("Iran", 2, "nsubj"), ("protested", 0, "root"), ("in", 4, "case"), ("1999", 2, "obl")]);
        assert_eq!(event_date(&y, 0..4, 1, 20160306).display(), "1999");
    }
}
