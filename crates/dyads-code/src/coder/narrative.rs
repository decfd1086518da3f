//! The narrative date: an earlier sentence's date that later sentences of
//! the same story inherit (GDELT would give them the report date).

use dyads_text::Doc;

use super::mentions::{Mention, MentionKind};
use super::Coder;
use crate::dating::EventDate;

/// What the document loop carries from sentence to sentence.
#[derive(Default)]
pub(super) struct Narrative {
    /// The last date expression of an earlier sentence.
    date: Option<EventDate>,
    /// Actors of the previous sentence when it carried a date: a past-tense
    /// sentence about them continues that passage ("... prior to the March
    /// 2003 invasion and got permission to meet with Zarif. Khalilzad told
    /// Zarif that ...").
    dated_actors: Vec<usize>,
}

/// What one sentence takes from the narrative before it.
pub(super) struct Inherited {
    /// The narrative date as it stood before this sentence.
    pub(super) date: Option<EventDate>,
    /// The sentence continues the previous, dated one (see
    /// `Narrative::dated_actors`), whatever its verbs.
    pub(super) continues_dated: bool,
}

impl Narrative {
    /// Moves the narrative past sentence `tokens` (with its `mentions` and
    /// its own date `own`, if any) and returns what the sentence inherits.
    pub(super) fn advance(&mut self, coder: &Coder, doc: &Doc, tokens: std::ops::Range<usize>, mentions: &[Mention], own: Option<EventDate>) -> Inherited {
        let inherited = self.date.clone();
        let actors_here: Vec<usize> = mentions.iter().filter_map(|m| if let MentionKind::Actor(a) = m.kind { Some(a) } else { None }).collect();
        let continues_dated = tokens.clone().any(|i| super::morph::finite_past(doc, i) && doc.head[i].is_none())
            && actors_here.iter().any(|a| self.dated_actors.contains(a) && coder.dicts.actors[*a].name.contains(' '));
        self.dated_actors = if own.is_some() || continues_dated { actors_here } else { Vec::new() };
        if let Some(d) = own {
            self.date = Some(d);
        }
        Inherited { date: inherited, continues_dated }
    }
}

/// Whether verb `v`'s sentence continues an earlier, dated passage rather
/// than reporting news of the report date: "then-" ("Then-Ambassador Zarif
/// agreed"), a past perfect, or a definite reference to talks, a meeting or
/// a deal already described ("Among the topics at the talks, ...").
pub(super) fn continues_narrative(doc: &Doc, range: std::ops::Range<usize>, v: usize) -> bool {
    const TOPICS: &[&str] = &["talks", "meeting", "meetings", "negotiations", "discussions", "visit", "summit", "deal", "agreement", "envoy", "diplomat"];
    for i in range.clone() {
        let w = doc.form(i);
        // "Then-Iranian": tokenized "Then" "-" (or "then-iranian" unsplit).
        if (w.eq_ignore_ascii_case("then") && i + 1 < range.end && doc.form(i + 1) == "-") || w.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("then-")) {
            return true;
        }
        if w.eq_ignore_ascii_case("the") && i + 1 < range.end && TOPICS.iter().any(|t| doc.form(i + 1).eq_ignore_ascii_case(t)) {
            return true;
        }
    }
    // Past perfect on the event's verb: "had agreed".
    (range.start..v).any(|i| doc.head[i] == Some(v as u32) && doc.form(i).eq_ignore_ascii_case("had") && doc.deprel[i].starts_with("aux"))
}
