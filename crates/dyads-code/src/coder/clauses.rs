//! Clause readings that change what a verb's event is, or whether it is
//! one: negation, modality and intent (read up a chain of control verbs),
//! control itself (which verb of "agreed to meet" codes), and the passive.

use dyads_text::Upos;

use super::event::Dyad;
use super::morph::{finite_past, past_participle};
use super::no_code::NoCode;
use super::roles::Subject;
use super::{one_of, Coder, SentenceCtx};
use crate::dict::VerbCode;

const NEGATORS: &[&str] = &["not", "n't", "never", "no", "nt"];
/// Auxiliaries that make an action hypothetical. "will" is not among them:
/// a future action is still coded as that action (PETRARCH does the same).
const MODALS: &[&str] = &["would", "could", "might", "may", "should", "can", "ca"];
/// Auxiliaries of the future: "will meet", "won't attend", "shall sign".
const FUTURE: &[&str] = &["will", "wo", "shall", "'ll", "’ll"];
/// Predicates whose infinitive is scheduled, not done: "is due to meet",
/// "is set to sign". Not "about to": PETRARCH codes "is about to restore
/// ties" as the act, imminent (its validation record DEMO-01).
const SCHEDULED: &[&str] = &["due", "set", "scheduled", "slated", "poised"];
/// Predicates that only guess at their infinitive: "is likely to
/// criticize", "is expected to sign" is someone's forecast, not an act.
const LIKELY: &[&str] = &["likely", "unlikely", "expected", "possible", "probable", "bound"];
/// Control verbs whose complement is not done: "refused to meet",
/// "declined to comment", "failed to reach a deal".
const NOT_DOING: &[&str] = &["refuse", "decline", "fail", "neglect", "avoid"];
/// Conjunctions after which English puts a future act in the present: "when
/// Trump meets Xi", "once the deal is signed", "before he visits Iran".
const TIME_CLAUSE: &[&str] = &["when", "once", "until", "before", "after", "whenever"];
/// Nouns of a plan or readiness whose infinitive is not yet an act.
const INTENT_NOUNS: &[&str] = &[
    "plan",
    "willingness",
    "readiness",
    "intention",
    "bid",
    "attempt",
    "effort",
    "decision",
    "pledge",
    "promise",
    "vow",
    "threat",
    "offer",
    "proposal",
    "determination",
    "resolve",
    "commitment",
];

/// Verbs that deny what their complement says happened.
const DENYING: &[&str] = &["deny", "refute", "dismiss", "reject", "rebut"];
/// Nouns whose "that" clause is a claim ("reports that", "allegations that").
const CLAIM_NOUNS: &[&str] = &[
    "report",
    "reports",
    "claim",
    "claims",
    "allegation",
    "allegations",
    "accusation",
    "accusations",
    "rumour",
    "rumours",
    "rumor",
    "rumors",
    "suggestion",
    "suggestions",
    "charge",
    "charges",
];

const INTENT_VERBS: &[&str] = &["agree", "promise", "pledge", "plan", "intend", "offer", "vow", "decide", "expect", "hope", "want", "seek", "aim", "prepare"];

/// Maps a material/consultative code to "express intent to ..." (03x) and a
/// conflict code to "threaten ..." (13x): what a modal or an intent verb
/// turns an action into.
fn intent_code(code: &str) -> Option<&'static str> {
    Some(match code.get(..2)? {
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => "035",
        "14" => "133",
        "15" => "138",
        "16" => "131",
        "17" => "137",
        "18" => "1383",
        "19" => "1384",
        "20" => "1385",
        _ => return None,
    })
}

/// What refusing an act is: rejecting a meeting (125), an agreement
/// (127), cooperation or aid (121), or refusing to yield (124: release
/// 1243, de-escalate 1246, ease sanctions 1241).
fn refusal_code(code: &str) -> Option<&'static str> {
    Some(match code {
        c if c.starts_with("084") => "1243",
        c if c.starts_with("087") => "1246",
        c if c.starts_with("081") => "1241",
        c => match c.get(..2)? {
            "04" => "125",
            "05" => "127",
            "06" | "07" => "121",
            "08" => "124",
            _ => return None,
        },
    })
}

/// How a verb's clause presents its action.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Mood {
    /// "did not attack", "agreed not to fire".
    pub(super) negated: bool,
    /// Under a modal or a condition: "would attack", "if ... attacks".
    pub(super) hypothetical: bool,
    /// Under an intent or threat verb: "agreed to meet", "threatened to attack".
    pub(super) intended: bool,
    /// In the future: "will meet", "said it will tackle".
    pub(super) future: bool,
    /// Someone's forecast: "is likely to attack". Hypothetical, but not
    /// the actor's own threat or intent, so its code stays the act's.
    pub(super) forecast: bool,
    /// Refused or declined: "refused to meet" is a rejection (12x) where
    /// CAMEO has one, else not done.
    pub(super) refused: bool,
}

impl Mood {
    /// Settles the mood against the act's code and rewrites the code to
    /// what the clause reports: the intent or threat of an act not done,
    /// the rejection of a refused one. `future_as_act` is PETRARCH's
    /// convention ("will meet" is the meeting).
    pub(super) fn settle(&mut self, code: &mut VerbCode, future_as_act: bool) {
        if !future_as_act {
            self.settle_future(code);
        }
        self.settle_intent(code);
        self.settle_refusal(code);
        // A forecast is someone else's guess, no threat of the actor's.
        if (self.hypothetical && !self.forecast) || self.intended {
            as_intent(code);
        }
    }

    /// What a future act is, once its code is known: an announced act that
    /// CAMEO has an intent for ("will meet" 036, "will attack" 138) is that
    /// intent, a fact of the announcement; one it has none for ("will
    /// propose", "will criticize") has not happened, so it is hypothetical.
    fn settle_future(&mut self, code: &VerbCode) {
        if !self.future || self.hypothetical || self.intended {
            return;
        }
        if code.forward.as_deref().and_then(intent_code).is_some() {
            self.intended = true;
        } else {
            self.hypothetical = true;
        }
    }

    /// What an intended act is, once its code is known: one CAMEO has an
    /// intent or a threat for is that intent (`as_intent`); one it has
    /// none for ("pledged to challenge", "vowed to criticize") has not
    /// happened, so it is hypothetical. An intent or threat already (03x,
    /// 13x) stays one.
    fn settle_intent(&mut self, code: &VerbCode) {
        let forward = code.forward.as_deref().unwrap_or("");
        if self.intended && !self.hypothetical && intent_code(forward).is_none() && !forward.starts_with("03") && !forward.starts_with("13") {
            self.hypothetical = true;
        }
    }

    /// What a refused act is, once its code is known: the rejection of it,
    /// one way, where CAMEO has one ("refused to meet" 125); else it is
    /// not done.
    fn settle_refusal(&mut self, code: &mut VerbCode) {
        if !self.refused {
            return;
        }
        match code.forward.as_deref().and_then(refusal_code) {
            Some(r) => *code = VerbCode { forward: Some(r.to_string()), reverse: None },
            None => self.negated = true,
        }
    }
}

/// A hypothetical or intended action codes as the intent or threat of it
/// (`intent_code`), in both directions of the verb's code.
fn as_intent(code: &mut VerbCode) {
    for c in [&mut code.forward, &mut code.reverse].into_iter().flatten() {
        if let Some(i) = intent_code(c) {
            *c = i.to_string();
        }
    }
}

impl<'a> SentenceCtx<'a> {
    /// An infinitival complement: `xcomp`, or an `advcl` introduced by "to"
    /// (parsers disagree on "agreed to resume talks").
    pub(super) fn is_complement(&self, v: usize) -> bool {
        match self.base(v) {
            "xcomp" => true,
            "advcl" => self.kids(v, &["mark"]).iter().any(|&m| self.doc.form(m).eq_ignore_ascii_case("to")),
            _ => false,
        }
    }

    fn is_negated(&self, v: usize) -> bool {
        self.children[v].iter().any(|&c| {
            let r = self.base(c);
            // "no longer wants", "no more supports": "no" under the adverb.
            let no_longer =
                r == "advmod" && one_of(self.doc.form(c), &["longer", "more"]) && self.children[c].iter().any(|&k| self.doc.form(k).eq_ignore_ascii_case("no"));
            ((r == "advmod" || r == "aux") && one_of(self.doc.form(c), NEGATORS)) || no_longer
        })
    }

    fn is_modal(&self, v: usize) -> bool {
        self.kids(v, &["aux"]).iter().any(|&c| one_of(self.doc.form(c), MODALS))
            || self.kids(v, &["mark"]).iter().any(|&c| self.doc.form(c).eq_ignore_ascii_case("if"))
    }

    fn is_future(&self, v: usize) -> bool {
        self.kids(v, &["aux"]).iter().any(|&c| one_of(self.doc.form(c), FUTURE))
    }

    /// An infinitive that a noun of intent governs: "plans to attack
    /// Israel", "his willingness to reach an agreement", also when the
    /// parser hangs it from the verb whose object that noun is ("announced
    /// plans [to attack]"). The act is intended, not done.
    fn of_an_intent_noun(&self, v: usize) -> bool {
        let to = self.kids(v, &["mark"]).iter().any(|&m| self.doc.form(m).eq_ignore_ascii_case("to"));
        let Some(h) = self.doc.head[v].map(|h| h as usize) else { return false };
        if !to {
            return false;
        }
        let intent_noun = |n: usize| self.doc.upos[n] == Upos::Noun && one_of(&self.lower(n), INTENT_NOUNS);
        match self.base(v) {
            "acl" => intent_noun(h),
            "advcl" | "xcomp" => self.kids(h, &["obj"]).into_iter().any(|o| o < v && intent_noun(o)),
            _ => false,
        }
    }

    /// A present-tense verb of a time clause ("when Trump meets Xi"): news
    /// reports what happened in the past tense, so the present there is a
    /// future act.
    fn present_of_a_time_clause(&self, v: usize) -> bool {
        self.base(v) == "advcl"
            && self.doc.feat(v, "Tense") == Some("Pres")
            && self.doc.feat(v, "VerbForm") == Some("Fin")
            && self.kids(v, &["mark", "advmod"]).iter().any(|&m| m < v && one_of(self.doc.form(m), TIME_CLAUSE))
            // and its main clause says what will then be: a headline's
            // present ("Iran vows revenge after the US kills its general")
            // is a past act.
            && self.doc.head[v].is_some_and(|h| self.is_future(h as usize) || self.is_modal(h as usize))
    }

    /// The mood of verb `v`: its own negation and modality, and those of
    /// the verbs controlling it ("did not agree to meet").
    pub(super) fn mood(&self, v: usize) -> Mood {
        let future = self.is_future(v) || self.present_of_a_time_clause(v);
        let mut mood = Mood { negated: self.is_negated(v), hypothetical: self.is_modal(v), intended: self.of_an_intent_noun(v), future, ..Default::default() };
        // "denied reports that it had supplied weapons", "dismissed
        // allegations that it attacked": the content of a claim someone
        // denies is negated like a denied clause's.
        let of_a_denied_claim = matches!(self.base(v), "acl" | "ccomp")
            && self.doc.head[v].is_some_and(|n| {
                let n = n as usize;
                one_of(&self.lower(n), CLAIM_NOUNS) && self.base(n) == "obj" && self.doc.head[n].is_some_and(|d| one_of(&self.lower(d as usize), DENYING))
            });
        // "denied that it attacked", with the clause (or "reports that
        // ..." parsed so) the denial's complement.
        let denied_clause = self.base(v) == "ccomp" && self.doc.head[v].is_some_and(|d| one_of(&self.lower(d as usize), DENYING));
        mood.negated |= of_a_denied_claim || denied_clause;
        let mut cur = v;
        // A clause hung from the sentence's root noun is that predicate's
        // complement: "Mugabe may be among the guests to celebrate" is as
        // uncertain as the being among them. Not its negation: "Iran is not
        // the only country to condemn the strike" says Iran condemned it.
        let of_root_noun = |c: usize| self.rel(c) == "acl" && self.hangs_from_root(c);
        let (mut ruled_out, mut left_open) = (false, false);
        while self.is_complement(cur) || of_root_noun(cur) {
            let Some(h) = self.doc.head[cur] else { break };
            let through_noun = of_root_noun(cur);
            cur = h as usize;
            mood.hypothetical |= self.is_modal(cur);
            mood.future |= self.is_future(cur);
            let lemma = self.lower(cur);
            // "ruled out sending troops" is not done; "refused to rule out
            // sending troops", "did not rule out" leave it open.
            let rules_out =
                lemma == "exclude" || (lemma == "rule" && self.kids(cur, &["compound:prt"]).iter().any(|&p| self.doc.form(p).eq_ignore_ascii_case("out")));
            let not_doing = !through_noun && one_of(&lemma, NOT_DOING);
            if ruled_out || rules_out {
                left_open |= (!through_noun && (self.is_negated(cur) || one_of(&lemma, DENYING))) || not_doing;
            } else {
                mood.negated |= !through_noun && self.is_negated(cur);
                // "denied that it attacked", "denied attacking": what is
                // denied is not reported as done.
                mood.negated |= !through_noun && one_of(&lemma, DENYING);
                // "refused to meet", "failed to reach a deal": not done; a
                // refusal may be a rejection (`settle_refusal`).
                let refusing = not_doing && one_of(&lemma, &["refuse", "decline"]);
                mood.negated |= not_doing && !refusing;
                mood.refused |= refusing;
            }
            ruled_out |= rules_out;
            mood.intended |= INTENT_VERBS.contains(&lemma.as_str()) || lemma == "threaten";
            // "is likely to criticize": a forecast, with its copula.
            let forecast = one_of(self.doc.form(cur), LIKELY) && !self.kids(cur, &["cop", "aux", "aux:pass"]).is_empty();
            mood.hypothetical |= forecast;
            mood.forecast |= forecast;
            // "is scheduled to meet": the form, with its copula or auxiliary
            // ("rebels set out to capture" is no schedule).
            mood.future |= one_of(self.doc.form(cur), SCHEDULED) && !self.kids(cur, &["cop", "aux", "aux:pass"]).is_empty();
        }
        if ruled_out {
            mood.hypothetical |= left_open;
            mood.negated |= !left_open;
        }
        mood
    }

    /// Whether `c`'s head is the root of its sentence.
    fn hangs_from_root(&self, c: usize) -> bool {
        self.doc.head[c].is_some_and(|h| self.doc.head[h as usize].is_none())
    }

    /// Whether another verb codes instead of `v`. Subject control ("agreed to
    /// meet"): the complement is the event, the control verb does not code
    /// itself. Object control ("urged Eriador to respond"): the urging is the
    /// event, and the urged action has not happened, so it codes nothing.
    pub(super) fn coded_elsewhere(&self, v: usize) -> Option<NoCode> {
        let object_control = |x: usize| self.doc.head[x].is_some_and(|h| self.controlled_object(h as usize).is_some());
        // Only an xcomp is controlled: a purpose clause ("bought arms to
        // attack Y", "... are about to restore ties") keeps its own subject.
        if self.base(v) == "xcomp" && object_control(v) {
            return Some(NoCode::ObjectControlled);
        }
        // Nor a "to" clause the parser hung as an adverbial from a verb that
        // asks through a preposition: "called on police chiefs ... to crack
        // down" (asking with an object, "bought arms to attack", may be a
        // purpose).
        let asked_through_preposition =
            |x: usize| self.doc.head[x].is_some_and(|h| self.kids(h as usize, &["obj", "iobj"]).is_empty() && self.controlled_object(h as usize).is_some());
        if self.base(v) == "advcl" && self.is_complement(v) && asked_through_preposition(v) {
            return Some(NoCode::ObjectControlled);
        }
        // "accused Turkey of violating its airspace", "blamed Iran for
        // attacking": what the object is accused of is the accusation's
        // content, not an act of the accuser (nor a fact).
        let of_gerund = self.base(v) == "advcl" && self.kids(v, &["mark"]).iter().any(|&m| one_of(self.doc.form(m), &["of", "for"]));
        if of_gerund && self.doc.head[v].is_some_and(|h| !self.kids(h as usize, &["obj"]).is_empty()) {
            return Some(NoCode::ObjectControlled);
        }
        // "the Palestinian territories occupied since 1967", "a campaign
        // targeting activists": a reduced relative describes its noun. A
        // full relative clause ("Boko Haram, which has killed ...") asserts.
        // So does an infinitive ("plans to attack the Capitol"). With an
        // auxiliary or copula of its own it is a clause the parser hung from
        // a noun: "Arnor officials are about to welcome".
        // When the noun is the root of its sentence, the "modifier" is the
        // sentence's only predicate, misparsed: "Syrian rebels attacked on
        // Sunday" read as a noun phrase.
        // So is one hung from what a root quantity counts: "Thousands of
        // protesters rallied in Bangkok" with "Thousands" the root.
        let counted_root = || {
            self.doc.head[v].is_some_and(|n| {
                let n = n as usize;
                self.base(n) == "nmod"
                    && self.doc.head[n].is_some_and(|q| {
                        let q = q as usize;
                        self.doc.head[q].is_none() && (self.doc.upos[q] == Upos::Num || one_of(self.doc.form(q), super::participants::QUANTITIES))
                    })
            })
        };
        let noun_is_root = self.hangs_from_root(v) || counted_root();
        let infinitive = self.kids(v, &["mark"]).iter().any(|&m| self.doc.form(m).eq_ignore_ascii_case("to"));
        // So does a participle before its noun ("15 suspected members",
        // "the detained journalists"), under the same conditions ("North
        // Korea fired artillery rounds" misparsed with "fired" a modifier
        // of the root "rounds" has a subject of its own).
        let own_clause = !self.kids(v, &["nsubj", "nsubj:pass", "aux", "cop"]).is_empty();
        // Not after a noun, which may be its lost subject: "the Islamic
        // State attacked Kurdish forces" misparsed as "attacked forces".
        let after_a_noun = v > 0 && matches!(self.doc.upos[v - 1], Upos::Noun | Upos::Propn | Upos::Pron);
        let before_its_noun = self.base(v) == "amod" && self.doc.head[v].is_some_and(|h| v < h as usize) && !after_a_noun;
        if (before_its_noun || (self.rel(v) == "acl" && !infinitive)) && !noun_is_root && !own_clause {
            return Some(NoCode::InsideNounPhrase);
        }
        // "did not resign Sunday as widely hoped", "as previously agreed":
        // wherever the parser hangs it (an adverbial clause, or a conjunct
        // of the verb it compares with, which would lend it that subject).
        let mut first = v;
        while first > 0 && self.doc.upos[first - 1] == Upos::Adv && !self.doc.form(first - 1).eq_ignore_ascii_case("as") {
            first -= 1;
        }
        // Not "as well as attacked": that "as" joins two verbs.
        let after_as =
            first > 0 && self.doc.form(first - 1).eq_ignore_ascii_case("as") && !(first > 1 && self.doc.form(first - 2).eq_ignore_ascii_case("well"));
        if after_as && self.kids(v, &["nsubj", "nsubj:pass", "obj", "ccomp", "xcomp"]).is_empty() && (past_participle(self.doc, v) || finite_past(self.doc, v))
        {
            return Some(NoCode::AsClause);
        }
        // A protest and what it demands are two events: "rallied in Bangkok
        // to demand the resignation" (a purpose clause, not a controlled
        // complement).
        let protest = || self.verb_match(v).is_ok_and(|m| m.code.forward.as_deref().is_some_and(|c| c.starts_with("14")));
        let complement_codes = self.controlled_object(v).is_none()
            && self.children[v].iter().any(|&x| self.is_complement(x) && self.has_code(x) && !(self.base(x) == "advcl" && protest()));
        complement_codes.then_some(NoCode::ComplementCodes)
    }

    /// Who is asked to act when `v` controls a complement by its object:
    /// the object ("urged Arnor to respond"), or the oblique of a verb that
    /// asks through a preposition ("called on Arnor to", "appealed to",
    /// "pleaded with"): the asking is the event, not the asked-for act.
    pub(super) fn controlled_object(&self, v: usize) -> Option<usize> {
        if let Some(&o) = self.kids(v, &["obj", "iobj"]).first() {
            return Some(o);
        }
        let lemma = self.lower(v);
        let preps: &[&str] = match lemma.as_str() {
            "call" | "prevail" => &["on", "upon"],
            "appeal" | "signal" => &["to"],
            "plead" => &["with"],
            _ => return None,
        };
        // Not a day: "called on Tuesday to congratulate" is a telephone call.
        self.kids(v, &["obl"])
            .into_iter()
            .filter(|&o| !super::tables::is_time_name(self.doc.form(o)))
            .find(|&o| self.kids(o, &["case"]).iter().any(|&c| preps.contains(&self.doc.form(c).to_lowercase().as_str())))
    }

    /// Whether verb `v` with subject `subject` is in the passive voice.
    pub(super) fn is_passive(&self, v: usize, subject: Subject) -> bool {
        // A passive subject borrowed from a governing clause ("Gondor was
        // asked to meet Arnor", or a parse hanging "activists ... are about
        // to restore ties" under another verb) is the complement's active
        // subject; a conjunct shares its passive ("was attacked and looted").
        let passive = subject.passive && !matches!(self.base(v), "xcomp" | "advcl");
        // A participle conjoined to a "be" predicate is passive even when the
        // parse made "was" a copula elsewhere: "The Philippines was heavily
        // and unjustly criticized over ...".
        passive
            || (super::morph::past_participle(self.doc, v) && self.base(v) == "conj" && self.borrows_be(v, subject.token))
            || self.bare_participle(v, subject)
    }

    /// A bare past participle clause hung from another clause ("Wounded in
    /// the attack, the soldier ...", or a reduced relative the parser took
    /// for one: "furious over the deaths of Americans [killed in a
    /// bombing]"): with no auxiliary and no subject of its
    /// own its meaning is passive, so the subject it borrows is the one the
    /// act befell, not its agent.
    fn bare_participle(&self, v: usize, subject: Subject) -> bool {
        super::morph::past_participle(self.doc, v)
            // Not "acl": a participle modifying the sentence's root noun is
            // its misparsed predicate ("Syrian rebels attacked on Sunday").
            && self.base(v) == "advcl"
            && self.kids(v, &["aux", "aux:pass", "nsubj", "nsubj:pass", "mark"]).is_empty()
            && !self.children[v].contains(&subject.token)
    }

    /// Whether participle `v` has no auxiliary of its own and its subject
    /// `subj` hangs from a predicate with a form of "be".
    fn borrows_be(&self, v: usize, subj: usize) -> bool {
        let Some(h) = self.doc.head[subj].map(|h| h as usize) else { return false };
        h != v
            && self.kids(v, &["aux"]).is_empty()
            && self.children[h].iter().any(|&k| matches!(self.base(k), "cop" | "aux") && self.doc.lemma[k].eq_ignore_ascii_case("be"))
    }
}

impl Coder {
    /// The negation policy: a negated dyad whose code has a defined negation
    /// (PETRARCH2's arithmetic, `CoderOptions::negation`) becomes that code;
    /// other negated dyads are dropped unless `keep_negated`. `Negated`
    /// when that leaves none.
    pub(super) fn apply_negation_policy(&self, mut dyads: Vec<Dyad>) -> Result<Vec<Dyad>, NoCode> {
        dyads.retain_mut(|d| {
            if let Some(not_code) = self.options.negation.as_ref().filter(|_| d.negated).and_then(|t| t.negate(&d.code)) {
                d.code = not_code.to_string();
                d.negated = false;
            }
            !d.negated || self.options.keep_negated
        });
        if dyads.is_empty() {
            return Err(NoCode::Negated);
        }
        Ok(dyads)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn a_present_act_of_a_time_clause_and_a_scheduled_one_are_intents() {
        // "When Arnor meets Gondor, trade will suffer": the present is a
        // future act; the past ("met") a fact, and so is a headline's
        // present with a present main clause ("... as Arnor meets Gondor").
        let when = |form: &str, feats: &str, will: bool| {
            let mut d = doc(&[
                ("When", "when", "SCONJ", 2, "mark"),
                (form, "meet", "VERB", 6, "advcl"),
                ("Gondor", "Gondor", "PROPN", 2, "obj"),
                ("trade", "trade", "NOUN", 6, "nsubj"),
                (
                    if will { "will" } else { "now" },
                    if will { "will" } else { "now" },
                    if will { "AUX" } else { "ADV" },
                    6,
                    if will { "aux" } else { "advmod" },
                ),
                ("suffer", "suffer", "VERB", 0, "root"),
                ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ]);
            d.feats[1] = feats.to_string();
            d
        };
        let present = "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin";
        assert_eq!(triples(&coder(), &when("meets", present, true), 20000101), ["ARN>GON:036"]);
        assert_eq!(triples(&coder(), &when("meets", present, false), 20000101), ["ARN>GON:040"]);
        assert_eq!(triples(&coder(), &when("met", "Mood=Ind|Tense=Past|VerbForm=Fin", true), 20000101), ["ARN>GON:040"]);
        // "Arnor is due to meet Gondor".
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 3, "nsubj"),
            ("is", "be", "AUX", 3, "cop"),
            ("due", "due", "ADJ", 0, "root"),
            ("to", "to", "PART", 5, "mark"),
            ("meet", "meet", "VERB", 3, "xcomp"),
            ("Gondor", "Gondor", "PROPN", 5, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:036"]);
    }

    #[test]
    fn an_infinitive_of_a_noun_of_intent_is_intended_not_done() {
        // "Arnor announced plans to attack Gondor", the infinitive hung from
        // the verb; "Arnor announced troops to attack Gondor" keeps the act.
        let d = |noun: &str, lemma: &str| {
            doc(&[
                ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
                ("announced", "announce", "VERB", 0, "root"),
                (noun, lemma, "NOUN", 2, "obj"),
                ("to", "to", "PART", 5, "mark"),
                ("attack", "attack", "VERB", 2, "advcl"),
                ("Gondor", "Gondor", "PROPN", 5, "obj"),
            ])
        };
        let c = coder();
        let planned = triples(&c, &d("plans", "plan"), 20000101);
        assert!(planned.len() == 1 && planned[0].starts_with("ARN>GON:13"), "{planned:?}");
        assert_eq!(triples(&c, &d("troops", "troop"), 20000101), ["ARN>GON:190"]);
    }

    #[test]
    fn a_clause_of_the_root_noun_shares_its_modal() {
        // "Gondor may be among the guests to attack Arnor" / "Gondor is ...".
        for (aux, hypothetical) in [("may", true), ("is", false)] {
            let d = doc(&[
                ("Gondor", "Gondor", "PROPN", 6, "nsubj"),
                (aux, aux, "AUX", 6, "aux"),
                ("be", "be", "AUX", 6, "cop"),
                ("among", "among", "ADP", 6, "case"),
                ("the", "the", "DET", 6, "det"),
                ("guests", "guest", "NOUN", 0, "root"),
                ("to", "to", "PART", 8, "mark"),
                ("attack", "attack", "VERB", 6, "acl"),
                ("Arnor", "Arnor", "PROPN", 8, "obj"),
            ]);
            let events = coder().code(&d, 20000101, "x").events;
            assert_eq!(events.len(), 1, "{aux}");
            assert_eq!(events[0].hypothetical, hypothetical, "{aux}");
        }
    }

    #[test]
    fn an_as_expected_clause_asserts_nothing_wherever_it_hangs() {
        // "Arnor did not resign as widely hoped": no one hoped (020) in the
        // sentence, whether the parser makes "hoped" a conjunct or an
        // adverbial clause. "Arnor hoped as Gondor resigned" still hopes.
        let c = coder_with("--- HOPE [020] ---\nHOPE\n--- RESIGN [083] ---\nRESIGN\n", CoderOptions::default());
        for rel in ["conj", "advcl"] {
            let mut d = doc(&[
                ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
                ("did", "do", "AUX", 4, "aux"),
                ("not", "not", "PART", 4, "advmod"),
                ("resign", "resign", "VERB", 0, "root"),
                ("as", "as", "SCONJ", 7, "mark"),
                ("widely", "widely", "ADV", 7, "advmod"),
                ("hoped", "hope", "VERB", 4, rel),
            ]);
            d.feats[6] = "Tense=Past|VerbForm=Part".into();
            assert_eq!(no_code(&c, &d, 6, 20000101), Some(super::NoCode::AsClause), "{rel}");
            assert!(triples(&c, &d, 20000101).iter().all(|t| !t.ends_with(":020")), "{rel}");
        }
        let mut d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("hoped", "hope", "VERB", 0, "root"),
            ("as", "as", "SCONJ", 5, "mark"),
            ("Gondor", "Gondor", "PROPN", 5, "nsubj"),
            ("resigned", "resign", "VERB", 2, "advcl"),
        ]);
        d.feats[1] = "Mood=Ind|Tense=Past|VerbForm=Fin".into();
        d.feats[4] = "Mood=Ind|Tense=Past|VerbForm=Fin".into();
        assert_eq!(no_code(&c, &d, 1, 20000101), None);
        assert_eq!(no_code(&c, &d, 4, 20000101), None);
        // "Arnor resigned as well as hoped": that "as" joins two verbs.
        let mut d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("resigned", "resign", "VERB", 0, "root"),
            ("as", "as", "ADV", 6, "cc"),
            ("well", "well", "ADV", 3, "fixed"),
            ("as", "as", "ADP", 3, "fixed"),
            ("hoped", "hope", "VERB", 2, "conj"),
        ]);
        d.feats[5] = "Mood=Ind|Tense=Past|VerbForm=Fin".into();
        assert_eq!(no_code(&c, &d, 5, 20000101), None);
    }

    #[test]
    fn asking_through_a_preposition_controls_a_to_clause_however_it_hangs() {
        // "Arnor called on Gondor to attack Osgiliath": the call is the
        // event; the attack has not happened, as with an xcomp.
        let c = coder_with("--- CALL [020] ---\nCALL\n--- BUY [---] ---\nBUY\n--- ATTACK [190] ---\nATTACK\n", CoderOptions::default());
        let d = |verb: &str, lemma: &str, prep: bool| {
            let mut rows = vec![("Arnor", "Arnor", "PROPN", 2, "nsubj"), (verb, lemma, "VERB", 0, "root")];
            if prep {
                rows.push(("on", "on", "ADP", 4, "case"));
                rows.push(("Gondor", "Gondor", "PROPN", 2, "obl"));
            } else {
                rows.push(("arms", "arm", "NOUN", 2, "obj"));
            }
            let n = rows.len();
            rows.push(("to", "to", "PART", n + 2, "mark"));
            rows.push(("attack", "attack", "VERB", 2, "advcl"));
            rows.push(("Osgiliath", "Osgiliath", "PROPN", n + 2, "obj"));
            doc(&rows)
        };
        assert_eq!(triples(&c, &d("called", "call", true), 20000101), ["ARN>GON:020"]);
        // "called on Tuesday to attack Osgiliath": a day asks nothing.
        let tuesday = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("called", "call", "VERB", 0, "root"),
            ("on", "on", "ADP", 4, "case"),
            ("Tuesday", "Tuesday", "PROPN", 2, "obl"),
            ("to", "to", "PART", 6, "mark"),
            ("attack", "attack", "VERB", 2, "advcl"),
            ("Osgiliath", "Osgiliath", "PROPN", 6, "obj"),
        ]);
        assert!(triples(&c, &tuesday, 20000101).iter().any(|t| t == "ARN>OSG:190"), "{:?}", triples(&c, &tuesday, 20000101));
        // A purpose keeps its subject: "Arnor bought arms to attack Osgiliath".
        assert_eq!(triples(&c, &d("bought", "buy", false), 20000101), ["ARN>OSG:190"]);
    }

    #[test]
    fn a_finite_clause_hung_as_an_adverbial_keeps_its_lost_subject() {
        // "Arnor and Gondor agree [that] disputes should be attacked ..."
        // with "that" tagged a determiner and "disputes" an object: the
        // modal clause's subject is not the agreeing parties.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
            ("and", "and", "CCONJ", 3, "cc"),
            ("Gondor", "Gondor", "PROPN", 1, "conj"),
            ("agree", "agree", "VERB", 0, "root"),
            ("disputes", "dispute", "NOUN", 4, "obj"),
            ("should", "should", "AUX", 8, "aux"),
            ("be", "be", "AUX", 8, "aux:pass"),
            ("attacked", "attack", "VERB", 4, "advcl"),
        ]);
        let t = triples(&coder(), &d, 20000101);
        assert!(t.iter().all(|t| t.ends_with(":030")), "{t:?}");
        // Without the modal, a participle clause shares the subject:
        // "Arnor and Gondor met, attacking Osgiliath".
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
            ("and", "and", "CCONJ", 3, "cc"),
            ("Gondor", "Gondor", "PROPN", 1, "conj"),
            ("met", "meet", "VERB", 0, "root"),
            (",", ",", "PUNCT", 6, "punct"),
            ("attacking", "attack", "VERB", 4, "advcl"),
            ("Osgiliath", "Osgiliath", "PROPN", 6, "obj"),
        ]);
        assert!(triples(&coder(), &d, 20000101).iter().any(|t| t == "ARN>OSG:190"));
        // A modal clause with a pronoun subject of its own still resolves
        // it: "Arnor armed so that it would attack Osgiliath" (or with the
        // pronoun tagged an expletive).
        for rel in ["nsubj", "expl"] {
            let d = doc(&[
                ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
                ("armed", "arm", "VERB", 0, "root"),
                ("so", "so", "ADV", 7, "mark"),
                ("that", "that", "SCONJ", 7, "mark"),
                ("it", "it", "PRON", 7, rel),
                ("would", "would", "AUX", 7, "aux"),
                ("attack", "attack", "VERB", 2, "advcl"),
                ("Osgiliath", "Osgiliath", "PROPN", 7, "obj"),
            ]);
            assert!(triples(&coder(), &d, 20000101).iter().any(|t| t.starts_with("ARN>OSG:")), "{rel}: {:?}", triples(&coder(), &d, 20000101));
        }
    }

    #[test]
    fn a_bare_participle_clause_is_passive_in_meaning() {
        // "Attacked by Arnor, Gondor was angry": Gondor was attacked.
        let rows = [
            ("Attacked", "attack", "VERB", 6, "advcl"),
            ("by", "by", "ADP", 3, "case"),
            ("Arnor", "Arnor", "PROPN", 1, "obl:agent"),
            (",", ",", "PUNCT", 1, "punct"),
            ("Gondor", "Gondor", "PROPN", 6, "nsubj"),
            ("angry", "angry", "ADJ", 0, "root"),
        ];
        let mut d = doc(&rows);
        d.feats[0] = "Tense=Past|VerbForm=Part".into();
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:190"]);
        // With an auxiliary of its own ("Having attacked Arnor, Gondor ...") it is active.
        let mut d = doc(&[
            ("Having", "have", "AUX", 2, "aux"),
            ("attacked", "attack", "VERB", 6, "advcl"),
            ("Arnor", "Arnor", "PROPN", 2, "obj"),
            (",", ",", "PUNCT", 2, "punct"),
            ("Gondor", "Gondor", "PROPN", 6, "nsubj"),
            ("angry", "angry", "ADJ", 0, "root"),
        ]);
        d.feats[1] = "Tense=Past|VerbForm=Part".into();
        assert_eq!(triples(&coder(), &d, 20000101), ["GON>ARN:190"]);
    }

    #[test]
    fn petrarch_negation_arithmetic_recodes_negated_events() {
        let (table, w) = crate::pico::NegationTable::read("050:0x0080\n110:0x1007f#0xFFFF+0x0080\n190:0x00A0\n", "p");
        assert!(w.is_empty());
        let options = CoderOptions { negation: Some(std::sync::Arc::new(table)), ..Default::default() };
        let c = coder_with("--- CLASH [110] ---\nCLASH\n--- ATTACK [190] ---\nATTACK\n", options);
        let not = |verb: &str| {
            triples(
                &c,
                &doc(&[
                    ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
                    ("did", "do", "AUX", 4, "aux"),
                    ("not", "not", "PART", 4, "advmod"),
                    (verb, verb, "VERB", 0, "root"),
                    ("Gondor", "Gondor", "PROPN", 4, "obj"),
                ]),
                20000101,
            )
        };
        assert_eq!(not("clash"), ["ARN>GON:050"], "not disapproving is cooperation in PETRARCH's ontology");
        assert!(not("attack").is_empty(), "not attacking has no code: no event");
    }

    #[test]
    fn negated_action_is_flagged_and_dropped_by_default() {
        // "Iran agreed not to fire on US aircraft"
        let d = doc(&[
            ("Iran", "Iran", "PROPN", 2, "nsubj"),
            ("agreed", "agree", "VERB", 0, "root"),
            ("not", "not", "PART", 5, "advmod"),
            ("to", "to", "PART", 5, "mark"),
            ("fire", "fire", "VERB", 2, "xcomp"),
            ("on", "on", "ADP", 8, "case"),
            ("United", "United", "PROPN", 8, "compound"),
            ("States", "States", "PROPN", 5, "obl"),
        ]);
        let mut c = coder();
        assert!(triples(&c, &d, 20030101).iter().all(|t| !t.contains(":19")), "{:?}", triples(&c, &d, 20030101));
        c.options.keep_negated = true;
        assert!(triples(&c, &d, 20030101).contains(&"IRN>USA:1384!".to_string()), "{:?}", triples(&c, &d, 20030101));
    }

    #[test]
    fn what_is_denied_is_negated_as_a_clause_or_as_a_claim() {
        let c = coder_with("--- DENY [016] ---\nDENY\n--- ATTACK [190] ---\nATTACK\n", CoderOptions::default());
        // "Arnor denied that it attacked Gondor"
        let clause = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("denied", "deny", "VERB", 0, "root"),
            ("that", "that", "SCONJ", 5, "mark"),
            ("Osgiliath", "Osgiliath", "PROPN", 5, "nsubj"),
            ("attacked", "attack", "VERB", 2, "ccomp"),
            ("Gondor", "Gondor", "PROPN", 5, "obj"),
        ]);
        assert!(!triples(&c, &clause, 20000101).iter().any(|t| t.contains(":190")), "{:?}", triples(&c, &clause, 20000101));
        // "Arnor denied reports that Osgiliath attacked Gondor", the clause
        // on the noun.
        let claim = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("denied", "deny", "VERB", 0, "root"),
            ("reports", "report", "NOUN", 2, "obj"),
            ("that", "that", "SCONJ", 6, "mark"),
            ("Osgiliath", "Osgiliath", "PROPN", 6, "nsubj"),
            ("attacked", "attack", "VERB", 3, "acl"),
            ("Gondor", "Gondor", "PROPN", 6, "obj"),
        ]);
        let mut keep = coder_with("--- DENY [016] ---\nDENY\n--- ATTACK [190] ---\nATTACK\n", CoderOptions::default());
        keep.options.keep_negated = true;
        assert!(triples(&keep, &claim, 20000101).contains(&"OSG>GON:190!".to_string()), "{:?}", triples(&keep, &claim, 20000101));
        // Said, it is reported as done.
        let said = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("said", "say", "VERB", 0, "root"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "nsubj"),
            ("attacked", "attack", "VERB", 2, "ccomp"),
            ("Gondor", "Gondor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&c, &said, 20000101), ["OSG>GON:190"]);
    }

    #[test]
    fn a_verb_on_what_a_root_quantity_counts_is_the_sentence_s_predicate() {
        // "Thousands of Arnor attacked Gondor", parsed with "Thousands" the
        // root and "attacked" a modifier of "Arnor".
        let d = doc(&[
            ("Thousands", "thousand", "NOUN", 0, "root"),
            ("of", "of", "ADP", 3, "case"),
            ("Arnor", "Arnor", "PROPN", 1, "nmod"),
            ("attacked", "attack", "VERB", 3, "acl"),
            ("Gondor", "Gondor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:190"]);
    }

    #[test]
    fn passive_voice_swaps_roles() {
        // "Osgiliath was attacked by Gondor"
        let d = doc(&[
            ("Osgiliath", "Osgiliath", "PROPN", 3, "nsubj:pass"),
            ("was", "be", "AUX", 3, "aux:pass"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("by", "by", "ADP", 5, "case"),
            ("Gondor", "Gondor", "PROPN", 3, "obl:agent"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["GON>OSG:190"]);
    }

    #[test]
    fn modal_conflict_becomes_a_threat() {
        // "Gondor would attack Osgiliath"
        let d = doc(&[
            ("Gondor", "Gondor", "PROPN", 3, "nsubj"),
            ("would", "would", "AUX", 3, "aux"),
            ("attack", "attack", "VERB", 0, "root"),
            ("Osgiliath", "Osgiliath", "PROPN", 3, "obj"),
        ]);
        let events = coder().code(&d, 20000101, "x").events;
        assert_eq!(events.len(), 1);
        assert_eq!((events[0].code.as_str(), events[0].root.as_str(), events[0].hypothetical), ("1384", "13", true));
    }

    #[test]
    fn a_future_act_is_its_intent_or_else_hypothetical() {
        let c = coder_with("--- MEET [040] ---\nMEET\n--- CRITICIZE [111] ---\nCRITICIZE\n", CoderOptions::default());
        let will = |c: &Coder, verb: &str| {
            let d = doc(&[
                ("Gondor", "Gondor", "PROPN", 3, "nsubj"),
                ("will", "will", "AUX", 3, "aux"),
                (verb, verb, "VERB", 0, "root"),
                ("Osgiliath", "Osgiliath", "PROPN", 3, "obj"),
            ]);
            c.code(&d, 20000101, "x").events.into_iter().map(|e| (e.code, e.hypothetical)).collect::<Vec<_>>()
        };
        assert_eq!(will(&c, "meet"), [("036".to_string(), false)], "an announced meeting is an intent to meet, a fact");
        assert_eq!(will(&c, "criticize"), [("111".to_string(), true)], "a criticism still to come has not happened");
        let petrarch = coder_with("--- MEET [040] ---\nMEET\n", CoderOptions { future_as_act: true, ..Default::default() });
        assert_eq!(will(&petrarch, "meet"), [("040".to_string(), false)], "PETRARCH's convention");
    }

    #[test]
    fn no_longer_negates() {
        // "Gondor no longer attacked Arnor" / "Gondor longer attacked Arnor".
        for (no, negated) in [(true, true), (false, false)] {
            let mut rows = vec![("Gondor", "Gondor", "PROPN", 4, "nsubj")];
            rows.push(if no { ("no", "no", "ADV", 3, "advmod") } else { ("then", "then", "ADV", 4, "advmod") });
            rows.extend([("longer", "long", "ADV", 4, "advmod"), ("attacked", "attack", "VERB", 0, "root"), ("Arnor", "Arnor", "PROPN", 4, "obj")]);
            let t = triples(&coder(), &doc(&rows), 20000101);
            assert_eq!(t.is_empty(), negated, "{t:?}");
        }
    }

    #[test]
    fn an_intended_act_without_an_intent_code_has_not_happened() {
        // "Gondor pledged to criticize Osgiliath": no criticism yet; "pledged
        // to meet" is the intent to meet (036), a fact.
        let c = coder_with("--- MEET [040] ---\nMEET\n--- CRITICIZE [111] ---\nCRITICIZE\n--- PLEDGE [030] ---\nPLEDGE\n", CoderOptions::default());
        let d = |verb: &str| {
            doc(&[
                ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
                ("pledged", "pledge", "VERB", 0, "root"),
                ("to", "to", "PART", 4, "mark"),
                (verb, verb, "VERB", 2, "xcomp"),
                ("Osgiliath", "Osgiliath", "PROPN", 4, "obj"),
            ])
        };
        let coded = |verb: &str| c.code(&d(verb), 20000101, "x").events.into_iter().map(|e| (e.code, e.hypothetical)).collect::<Vec<_>>();
        assert_eq!(coded("criticize"), [("111".to_string(), true)]);
        assert_eq!(coded("meet"), [("036".to_string(), false)]);
    }

    #[test]
    fn a_refused_or_failed_act_is_not_done_and_a_likely_one_is_a_guess() {
        let c = coder_with("--- MEET [040:040] ---\nMEET\n--- CRITICIZE [111] ---\nCRITICIZE\n--- ATTACK [190] ---\nATTACK\n", CoderOptions::default());
        // "Gondor refused to meet Osgiliath" is a rejection, one way;
        // "Gondor failed to meet ...", "refused to criticize ..." are nothing.
        let to = |verb: &str, lemma: &str, inf: &str| {
            let d = doc(&[
                ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
                (verb, lemma, "VERB", 0, "root"),
                ("to", "to", "PART", 4, "mark"),
                (inf, inf, "VERB", 2, "xcomp"),
                ("Osgiliath", "Osgiliath", "PROPN", 4, "obj"),
            ]);
            triples(&c, &d, 20000101)
        };
        assert_eq!(to("refused", "refuse", "meet"), ["GON>OSG:125"]);
        assert_eq!(to("declined", "decline", "meet"), ["GON>OSG:125"]);
        assert!(to("failed", "fail", "meet").is_empty());
        assert!(to("refused", "refuse", "criticize").is_empty());
        // "Gondor ruled out meeting Osgiliath" is not done; "refused to
        // rule out meeting ..." leaves it open.
        let rule_out = |refused: bool| {
            let mut rows = vec![("Gondor", "Gondor", "PROPN", 2, "nsubj")];
            if refused {
                rows.extend([("refused", "refuse", "VERB", 0, "root"), ("to", "to", "PART", 4, "mark"), ("rule", "rule", "VERB", 2, "xcomp")]);
            } else {
                rows.extend([("ruled", "rule", "VERB", 0, "root")]);
            }
            let r = rows.len();
            rows.extend([("out", "out", "ADP", r, "compound:prt"), ("meeting", "meet", "VERB", r, "xcomp"), ("Osgiliath", "Osgiliath", "PROPN", r + 2, "obj")]);
            let c = coder_with("--- MEET [040] ---\nMEET\n", CoderOptions { keep_negated: true, ..Default::default() });
            c.code(&doc(&rows), 20000101, "x").events.into_iter().map(|e| (e.negated, e.hypothetical)).collect::<Vec<_>>()
        };
        assert_eq!(rule_out(false), [(true, false)]);
        assert_eq!(rule_out(true), [(false, true)]);
        // "Gondor is likely to attack Osgiliath": someone's forecast, no
        // threat of Gondor's; "... is ready to attack" is the act.
        let is_to = |adj: &str, verb: &str| {
            let d = doc(&[
                ("Gondor", "Gondor", "PROPN", 3, "nsubj"),
                ("is", "be", "AUX", 3, "cop"),
                (adj, adj, "ADJ", 0, "root"),
                ("to", "to", "PART", 5, "mark"),
                (verb, verb, "VERB", 3, "xcomp"),
                ("Osgiliath", "Osgiliath", "PROPN", 5, "obj"),
            ]);
            c.code(&d, 20000101, "x").events.into_iter().map(|e| (e.code, e.hypothetical)).collect::<Vec<_>>()
        };
        assert_eq!(is_to("likely", "attack"), [("190".to_string(), true)]);
        // "Gondor is likely to criticize Osgiliath" / "... is ready to ...".
        for (adj, hypothetical) in [("likely", true), ("ready", false)] {
            assert_eq!(is_to(adj, "criticize"), [("111".to_string(), hypothetical)], "{adj}");
        }
    }

    #[test]
    fn a_participle_conjoined_to_a_be_predicate_is_passive() {
        let c = coder_with("--- CRITICIZE [111] ---\nCRITICIZE\n", CoderOptions::default());
        // "Arnor was heavily and unjustly criticized by Gondor", with "was"
        // parsed as the copula of "heavily".
        let rows = [
            ("Arnor", "Arnor", "PROPN", 3, "nsubj"),
            ("was", "be", "AUX", 3, "cop"),
            ("heavily", "heavily", "ADV", 0, "root"),
            ("and", "and", "CCONJ", 5, "cc"),
            ("criticized", "criticize", "VERB", 3, "conj"),
            ("by", "by", "ADP", 7, "case"),
            ("Gondor", "Gondor", "PROPN", 5, "obl"),
        ];
        let mut d = doc(&rows);
        d.feats[4] = "Tense=Past|VerbForm=Part".into();
        assert_eq!(triples(&c, &d, 20000101), ["GON>ARN:111"]);
    }

    #[test]
    fn object_control_and_direct_consultation_targets() {
        // "Gondor urged Arnor to attack Osgiliath": the urging is the event
        // (GON->ARN); the attack has not happened and is not coded.
        let d = doc(&[
            ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
            ("urged", "urge", "VERB", 0, "root"),
            ("Arnor", "Arnor", "PROPN", 2, "obj"),
            ("to", "to", "PART", 5, "mark"),
            ("attack", "attack", "VERB", 2, "xcomp"),
            ("Osgiliath", "Osgiliath", "PROPN", 5, "obj"),
        ]);
        let mut dicts = coder().dicts;
        petrarch::read_verbs("--- URGE [020] ---\nURGE\n", "v2", &mut dicts);
        let c = Coder::new(dicts, CoderOptions::default());
        assert_eq!(triples(&c, &d, 20000101), ["GON>ARN:020"]);
        // The same through a preposition: "Gondor called on Arnor to attack".
        let o = doc(&[
            ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
            ("called", "call", "VERB", 0, "root"),
            ("on", "on", "ADP", 4, "case"),
            ("Arnor", "Arnor", "PROPN", 2, "obl"),
            ("to", "to", "PART", 6, "mark"),
            ("attack", "attack", "VERB", 2, "xcomp"),
            ("Osgiliath", "Osgiliath", "PROPN", 6, "obj"),
        ]);
        let mut dicts = coder().dicts;
        petrarch::read_verbs("--- CALL [020] ---\nCALL\n- * (ON) [020]\n", "v2", &mut dicts);
        let c = Coder::new(dicts, CoderOptions::default());
        assert_eq!(triples(&c, &o, 20000101), ["GON>ARN:020"]);
        // What an object is accused of is no act of the accuser, nor a fact.
        let accused = doc(&[
            ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
            ("accused", "accuse", "VERB", 0, "root"),
            ("Arnor", "Arnor", "PROPN", 2, "obj"),
            ("of", "of", "SCONJ", 5, "mark"),
            ("attacking", "attack", "VERB", 2, "advcl"),
            ("Osgiliath", "Osgiliath", "PROPN", 5, "obj"),
        ]);
        assert_eq!(triples(&coder(), &accused, 20000101), ["GON>ARN:112"]);
        // Subject control: "Arnor agreed to attack Osgiliath" codes the attack
        // (as an intent) and not the agreeing.
        let a = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("agreed", "agree", "VERB", 0, "root"),
            ("to", "to", "PART", 4, "mark"),
            ("attack", "attack", "VERB", 2, "xcomp"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &a, 20000101), ["ARN>OSG:1384"]);
        // "Arnor and Gondor met Osgiliath": a meeting with someone, not among
        // the conjoined subjects.
        let m = doc(&[
            ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
            ("and", "and", "CCONJ", 3, "cc"),
            ("Gondor", "Gondor", "PROPN", 1, "conj"),
            ("met", "meet", "VERB", 0, "root"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &m, 20000101), ["ARN>OSG:040", "GON>OSG:040"]);
    }
}
