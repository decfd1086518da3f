//! One coded event: the `Event` record with its evidence, the `Dyad` a
//! verb's rule produces before it becomes one, and the step between them.

use serde::Serialize;

use dyads_text::Doc;

use super::participants::Participant;
use super::{Attribution, Coder};
use crate::dating::EventDate;
use crate::dict::Loc;

/// Sentence numbers count from 1 wherever a user reads them.
fn one_based<S: serde::Serializer>(index: &usize, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(*index as u64 + 1)
}

/// One coded event with its evidence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Event {
    pub doc_id: String,
    /// The sentence's index in the document (`doc.sentences[sentence]`).
    /// Written 1-based in JSON, `"sentence": 1` for the first sentence, the
    /// number `dyads parse` writes in its `# sent_id` (CoNLL-U's convention).
    #[serde(serialize_with = "one_based")]
    pub sentence: usize,
    pub source: String,
    /// `null` for an event with no recipient ("the rebels declared a
    /// ceasefire", "X resigned"), as PLOVER and GDELT record them.
    pub target: Option<String>,
    pub code: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover: String,
    pub negated: bool,
    pub hypothetical: bool,
    pub source_text: String,
    pub target_text: Option<String>,
    pub trigger: String,
    pub source_span: [usize; 2],
    pub target_span: Option<[usize; 2]>,
    pub trigger_span: [usize; 2],
    pub report_date: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`: from a date in the text governing
    /// the event, else the report date.
    pub event_date: String,
    pub date_precision: crate::dating::Precision,
    /// Byte span of the date expression the event date came from (in an
    /// earlier sentence when the narrative dated this one).
    pub date_evidence: Option<[usize; 2]>,
    /// With `date_precision: "range"`: inclusive bounds, `null` when open.
    pub date_range: Option<[Option<String>; 2]>,
    /// The dictionary line that produced the code (`file:line`).
    pub rule: String,
    /// Who reports the event, original source first ("Zalmay Khalilzad"
    /// wrote, via "a new book", according to "The New York Times").
    pub attribution: Vec<Attribution>,
    /// Where it happened: a toponym in the event's clause ("met in Geneva").
    pub location: Option<crate::geo::Location>,
}

impl Event {
    /// What every coded event guarantees about the document it came from
    /// (`text`, `sentences` in it): spans are non-empty, inside the text and
    /// on UTF-8 boundaries, the trigger span holds the trigger, the sentence
    /// exists, and the code is a CAMEO code. Property tests and fuzz targets
    /// check it; a description of the first violation otherwise.
    pub fn check(&self, text: &str, sentences: usize) -> Result<(), String> {
        let spans = [("source", Some(self.source_span)), ("target", self.target_span), ("trigger", Some(self.trigger_span))];
        for (what, span) in spans.into_iter().filter_map(|(w, s)| Some((w, s?))) {
            let [a, b] = span;
            if !(a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)) {
                return Err(format!("{what} span {a}..{b} is not a slice of the text"));
            }
        }
        if text[self.trigger_span[0]..self.trigger_span[1]] != self.trigger {
            return Err(format!("trigger {:?} is not the text at its span", self.trigger));
        }
        if self.target.is_some() != self.target_span.is_some() || self.target.is_some() != self.target_text.is_some() {
            return Err("target, target_text and target_span are not all set or all null".into());
        }
        if self.sentence >= sentences {
            return Err(format!("sentence {} of {sentences}", self.sentence));
        }
        crate::Ontology::cameo().event(&self.code).map_err(|e| e.to_string())?;
        Ok(())
    }
}

/// A source, a target and a code: what a verb's rule makes of its
/// participants, before the negation policy and the document's dates,
/// attribution and location turn it into an `Event`.
#[derive(Debug, Clone)]
pub(super) struct Dyad {
    pub(super) source: Participant,
    /// `None`: the event has no recipient.
    pub(super) target: Option<Participant>,
    pub(super) code: String,
    pub(super) negated: bool,
    pub(super) hypothetical: bool,
    /// The dictionary line that produced the code.
    pub(super) rule: Loc,
}

/// Where a verb's dyads stand in the document, shared by all its events.
pub(super) struct Trigger<'a> {
    pub(super) doc: &'a Doc,
    pub(super) sentence: usize,
    /// The verb's token.
    pub(super) verb: usize,
    pub(super) when: &'a EventDate,
    pub(super) report_date: &'a str,
    pub(super) attribution: &'a [Attribution],
    pub(super) location: &'a Option<crate::geo::Location>,
}

impl Coder {
    /// The event of dyad `d` at `t`, with the CAMEO facts of its code.
    pub(super) fn event(&self, d: Dyad, t: &Trigger) -> Event {
        let Trigger { doc, sentence, verb: v, when, report_date, attribution, location } = *t;
        let Dyad { source: src, target: tgt, code, negated, hypothetical, rule: loc } = d;
        // Codes outside CAMEO (PETRARCH's internal ones in its validation
        // dictionaries, on request: `codes_outside_cameo`) pass through
        // without CAMEO facts.
        let info = self.ontology.event(&code).ok();
        let (root, quad_class, goldstein, plover) = match info {
            Some(i) => (i.root.clone(), i.quad_class, i.goldstein, i.plover.clone()),
            None => (code.chars().take(2).collect(), 0, 0.0, String::new()),
        };
        let span = |p: &Participant| [doc.start[p.start] as usize, doc.end[p.end - 1] as usize];
        let text = |p: &Participant| doc.text[span(p)[0]..span(p)[1]].to_string();
        Event {
            doc_id: doc.id.clone(),
            sentence,
            source: src.code.clone(),
            target: tgt.as_ref().map(|t| t.code.clone()),
            code,
            root,
            quad_class,
            goldstein,
            plover,
            negated,
            hypothetical,
            source_text: text(&src),
            target_text: tgt.as_ref().map(text),
            trigger: doc.form(v).to_string(),
            source_span: span(&src),
            target_span: tgt.as_ref().map(span),
            trigger_span: [doc.start[v] as usize, doc.end[v] as usize],
            report_date: report_date.to_string(),
            event_date: if when.tokens.is_some() { when.display() } else { report_date.to_string() },
            date_range: when.range_display(),
            date_precision: when.precision,
            date_evidence: when.tokens.map(|(a, b)| [doc.start[a] as usize, doc.end[b - 1] as usize]),
            rule: loc.to_string(),
            attribution: attribution.to_vec(),
            location: location.clone(),
        }
    }
}
