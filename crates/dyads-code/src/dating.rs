//! Explicit event dates: "March 19, 2003", "May 2003", "in 2003" attached to
//! an event's verb (or to the clause it depends on, as in "The talks ended in
//! May 2003, when the administration accused Iran"). Without one, an event
//! keeps the report date. Relative expressions ("last week") are future work.

use dyads_text::Doc;

use crate::dict::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    /// No date in the text: the report date.
    Report,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    /// `yyyymmdd`; for month and year precision the middle of the period,
    /// which is what dated actor roles are resolved against.
    pub date: Date,
    pub precision: Precision,
    /// Token range of the date expression.
    pub tokens: Option<(usize, usize)>,
}

impl EventDate {
    pub fn report(date: Date) -> EventDate {
        EventDate { date, precision: Precision::Report, tokens: None }
    }

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` by precision.
    pub fn display(&self) -> String {
        let (y, m, d) = (self.date / 10000, self.date / 100 % 100, self.date % 100);
        match self.precision {
            Precision::Day | Precision::Report => format!("{y:04}-{m:02}-{d:02}"),
            Precision::Month => format!("{y:04}-{m:02}"),
            Precision::Year => format!("{y:04}"),
        }
    }
}

const MONTHS: [&str; 12] = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

fn month(form: &str) -> Option<u32> {
    let f = form.trim_end_matches('.').to_lowercase();
    if f.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| m.starts_with(&f) && (f.len() >= 3) && (f == *m || f.len() <= 4)).map(|i| i as u32 + 1)
}

fn year(form: &str) -> Option<u32> {
    (form.len() == 4 && form.bytes().all(|b| b.is_ascii_digit())).then(|| form.parse().ok()).flatten().filter(|y| (1800..=2100).contains(y))
}

fn day(form: &str) -> Option<u32> {
    let f = form.trim_end_matches(|c: char| c.is_alphabetic());
    (!f.is_empty() && f.len() <= 2).then(|| f.parse().ok()).flatten().filter(|d| (1..=31).contains(d))
}

/// A date expression starting at token `i`: (date, precision, end token).
fn date_at(doc: &Doc, i: usize, end: usize) -> Option<(Date, Precision, usize)> {
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

/// The date governing verb `v` of the sentence `range`: a date expression
/// among its dependents, else among those of the clause it hangs from.
pub fn event_date(doc: &Doc, range: std::ops::Range<usize>, v: usize, report: Date) -> EventDate {
    let mut found: Vec<(usize, Date, Precision, usize)> = Vec::new();
    let mut i = range.start;
    while i < range.end {
        if let Some((d, p, e)) = date_at(doc, i, range.end) {
            found.push((i, d, p, e));
            i = e;
        } else {
            i += 1;
        }
    }
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
        if let Some(&(s, d, p, e)) = found.iter().find(|(s, ..)| clause_of(*s) == cur) {
            return EventDate { date: d, precision: p, tokens: Some((s, e)) };
        }
        let r = doc.deprel[cur].split(':').next().unwrap_or("");
        match doc.head[cur] {
            Some(h) if matches!(r, "advcl" | "parataxis" | "conj" | "xcomp" | "ccomp" | "acl") => cur = h as usize,
            _ => break,
        }
    }
    EventDate::report(report)
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
    fn day_and_year_forms() {
        let d = parsed(&[("Iran", 2, "nsubj"), ("protested", 0, "root"), ("on", 4, "case"), ("March", 2, "obl"), ("19", 4, "nummod"), (",", 4, "punct"), ("2003", 4, "nmod")]);
        let e = event_date(&d, 0..d.len(), 1, 20160306);
        assert_eq!((e.display().as_str(), e.precision), ("2003-03-19", Precision::Day));
        let y = parsed(&[("Iran", 2, "nsubj"), ("protested", 0, "root"), ("in", 4, "case"), ("1999", 2, "obl")]);
        assert_eq!(event_date(&y, 0..4, 1, 20160306).display(), "1999");
    }
}
