//! Source and target selection: the subject (through control and
//! coordination), the targets (objects, prepositional phrases, clausal
//! complements), the passive's agent, and the dyads a verb's rule makes
//! of them.

use dyads_text::Upos;

use super::clauses::Mood;
use super::event::Dyad;
use super::mentions::{Mention, MentionKind};
use super::no_code::NoCode;
use super::participants::{AtPhrase, Participant};
use super::verbs::VerbMatch;
use super::{one_of, SentenceCtx};
use crate::dict::{Loc, VerbCode};

/// A verb's subject token, and whether it is a passive subject
/// (`nsubj:pass`, `csubj:pass`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Subject {
    pub(super) token: usize,
    pub(super) passive: bool,
}

/// What the matched rule says about where a verb's target is.
struct TargetSearch {
    /// The dependent the pattern's prepositional phrase points at ("celebrated
    /// Eid at X with Y" under `* (WITH)` -> Y).
    hint: Option<usize>,
    /// The verb is a plain statement (010): what is said is reported speech,
    /// so the subject of a clausal complement is not its target.
    statement: bool,
    /// The verb asks or demands (02x, 10x): the subject of its clausal
    /// complement is whom it asks ("demanded that Iran release ..."), even
    /// when that clause codes an event of its own.
    asks: bool,
    /// How "at" phrases in the arguments read: for talking, meeting or
    /// cooperating (01x-05x) one headed by a venue is where it happened
    /// ("met dignitaries at the UN headquarters"), not with whom; force
    /// (18x-20x) "at" someone is aimed at them ("fired a missile at
    /// Japan"); otherwise "at X" below an argument is a place.
    at: AtPhrase,
    /// A pattern read the verb phrase as one unit, so the objects of an
    /// infinitival complement are in its reach.
    by_pattern: bool,
}

impl<'a> SentenceCtx<'a> {
    /// The participants of subject `subj`, with those of the subjects of the
    /// same verb listed right before it: a parser may split a list ("Mordor,
    /// the Shire, Arnor and Bree welcomed ...") into several `nsubj`s.
    fn subject_participants(&self, subj: usize) -> Vec<Participant> {
        let mut out = self.participants(subj);
        let Some(h) = self.doc.head[subj].map(|h| h as usize) else { return out };
        // Only a subject that ends where this one's phrase begins, with
        // nothing but commas and a conjunction between them, is a split list.
        let first_of = |t: usize| self.doc.subtree(self.children, t).into_iter().min().unwrap_or(t);
        let last_of = |t: usize| self.doc.subtree(self.children, t).into_iter().max().unwrap_or(t);
        let list_gap = |a: usize, b: usize| (last_of(a) + 1..first_of(b)).all(|k| matches!(self.doc.upos[k], Upos::Punct | Upos::Cconj));
        let subjects: Vec<usize> = self.children[h].iter().copied().filter(|&o| o < h && self.rel(o) == "nsubj").collect();
        let Some(at) = subjects.iter().position(|&o| o == subj) else { return out };
        let mut before = at;
        while before > 0 && list_gap(subjects[before - 1], subjects[before]) {
            before -= 1;
        }
        let mut after = at;
        while after + 1 < subjects.len() && list_gap(subjects[after], subjects[after + 1]) {
            after += 1;
        }
        for &other in subjects[before..=after].iter().filter(|&&o| o != subj) {
            out.extend(self.participants(other));
        }
        // A possessor split off as a subject of its own ("[Turkey 's]
        // [President Erdogan] claimed") names whose the next one is, not a
        // second source: dropped when the phrase it belongs to has one.
        let possessor = |t: usize| self.children[t].iter().any(|&k| self.base(k) == "case" && matches!(self.doc.form(k), "'s" | "’s" | "'"));
        let group = &subjects[before..=after];
        if group.len() > 1 {
            let owned: Vec<(usize, usize)> =
                group.windows(2).filter(|w| possessor(w[0]) && !self.participants(w[1]).is_empty()).map(|w| (first_of(w[0]), last_of(w[0]))).collect();
            out.retain(|p| !owned.iter().any(|&(a, b)| p.start >= a && p.end <= b + 1));
        }
        out.sort_by_key(|p| p.start);
        out.dedup_by(|a, b| (a.start, a.end, &a.code) == (b.start, b.end, &b.code));
        out
    }

    /// Subject of verb `v`, following control (xcomp) and coordination. A
    /// pronoun subject of a complement clause ("Ethiopia indicated it would
    /// act") stands for the governing clause's subject when that one is an
    /// actor; fuller coreference is the dating/attribution stage's job.
    /// Of the subjects a parser gave one verb, the first that names an
    /// actor: "Olalekan Adetayo, Abuja President Muhammadu Buhari has
    /// approved" (a byline and the subject read as two); else the first.
    fn pick_subject(&self, subjects: Vec<usize>) -> Option<usize> {
        if subjects.len() > 1 {
            if let Some(&s) = subjects.iter().find(|&&s| !self.participants(s).is_empty()) {
                return Some(s);
            }
        }
        subjects.first().copied()
    }

    pub(super) fn subject(&self, v: usize) -> Option<Subject> {
        let mut cur = v;
        let mut pronoun: Option<Subject> = None;
        for _ in 0..6 {
            // Passive subjects first: `kids` also matches subtypes of "nsubj".
            let speaker = self.parenthetical_speaker(cur).map(|s| Subject { token: s, passive: false });
            let found = speaker.or_else(|| {
                self.pick_subject(self.kids(cur, &["nsubj:pass", "csubj:pass"]))
                    .map(|s| Subject { token: s, passive: true })
                    .or_else(|| self.pick_subject(self.kids(cur, &["nsubj", "csubj"])).map(|s| Subject { token: s, passive: false }))
            });
            // "The United States on Thursday demanded": a parser may make the
            // day the subject and hang the real one under it.
            let found = found.map(|f| {
                let t = f.token;
                if !super::tables::is_time_name(self.doc.form(t)) {
                    return f;
                }
                let under = self.children[t].iter().copied().find(|&k| k < t && matches!(self.base(k), "nsubj" | "nmod" | "compound"));
                under.map_or(f, |k| Subject { token: k, passive: f.passive })
            });
            // '"The gap will widen," warned the UN agency': after a quotation
            // the speaker may follow its verb, where a parser takes it for the object.
            let found = found.or_else(|| self.inverted_subject(cur).map(|s| Subject { token: s, passive: false }));
            // "Russia has overran Ukraine" with "Russia" hung from the
            // auxiliary (a beam's parse of a tagging slip): its clause's subject.
            let found = found.or_else(|| {
                let on_aux = self.kids(cur, &["aux", "aux:pass"]).into_iter().flat_map(|a| self.kids(a, &["nsubj", "nsubj:pass"]));
                self.pick_subject(on_aux.collect()).map(|s| Subject { token: s, passive: self.rel(s) == "nsubj:pass" })
            });
            if let Some(Subject { token: s, passive }) = found {
                // A relative pronoun stands for the noun its clause
                // modifies: in "Boko Haram, which has killed 1,400 people",
                // Boko Haram killed.
                if one_of(self.doc.form(s), &["who", "which", "that"]) && self.rel(cur) == "acl:relcl" {
                    if let Some(h) = self.doc.head[cur] {
                        let h = if one_of(self.doc.form(s), &["who", "whom"]) { self.personal_antecedent(h as usize) } else { h as usize };
                        // "officials who said they were attacked": the
                        // voice is the reported clause's, as below.
                        return Some(Subject { token: h, passive: pronoun.map_or(passive, |p| p.passive) });
                    }
                }
                let is_pronoun = self.doc.upos[s] == Upos::Pron && !one_of(self.doc.form(s), &["who", "which", "that"]);
                // "Calderon said he was hopeful": the pronoun of a reported
                // clause is its speaker, whoever else the story named last.
                if is_pronoun && self.base(cur) == "ccomp" && pronoun.is_none() {
                    let speaker = self.doc.head[cur].and_then(|h| self.kids(h as usize, &["nsubj"]).first().copied());
                    if let Some(sp) = speaker.filter(|&sp| self.doc.upos[sp] != Upos::Pron && !self.participants(sp).is_empty()) {
                        return Some(Subject { token: sp, passive });
                    }
                }
                if !is_pronoun || !self.participants(s).is_empty() {
                    return Some(Subject { token: s, passive: pronoun.map_or(passive, |p| p.passive) });
                }
                pronoun.get_or_insert(Subject { token: s, passive });
                if !matches!(self.base(cur), "ccomp" | "xcomp" | "advcl" | "conj") {
                    return pronoun;
                }
            }
            let r = self.base(cur);
            // "did not resign as widely hoped", "fewer than expected": a
            // comparison's verb is no act of the main clause's subject.
            // Only the bare comparison: "as" then adverbs then the verb.
            let compared = r == "advcl"
                && self
                    .kids(cur, &["mark"])
                    .iter()
                    .any(|&m| one_of(self.doc.form(m), &["as", "than"]) && m < cur && (m + 1..cur).all(|k| self.doc.upos[k] == Upos::Adv));
            // "agree that disputes should be resolved" with "disputes"
            // taken for the object: a "that" or "whether" clause, or one
            // with a modal of its own, is finite, with a subject of its own
            // lost to the parse, never the governing clause's.
            // (Only with no subject word of its own: a pronoun or an
            // expletive "it" there is resolved as before; nor "whether to
            // impose", an infinitive.)
            let marks = self.kids(cur, &["mark"]);
            let infinitive = marks.iter().any(|&m| self.doc.form(m).eq_ignore_ascii_case("to"));
            let complement_clause = r == "advcl"
                && pronoun.is_none()
                && !infinitive
                && self.kids(cur, &["expl", "nsubj", "nsubj:pass", "csubj"]).is_empty()
                && (marks.iter().any(|&m| one_of(self.doc.form(m), &["that", "whether"]))
                    || self
                        .kids(cur, &["aux"])
                        .iter()
                        .any(|&a| one_of(self.doc.form(a), &["should", "would", "could", "might", "may", "can", "must", "shall", "will"])));
            if compared || complement_clause {
                return pronoun;
            }
            match self.doc.head[cur] {
                // Object control: in "encouraged the Shiites to participate",
                // the Shiites participate.
                Some(h) if r == "xcomp" && pronoun.is_none() && self.controlled_object(h as usize).is_some() => {
                    return self.controlled_object(h as usize).map(|o| Subject { token: o, passive: false });
                }
                Some(h) if matches!(r, "xcomp" | "conj" | "advcl" | "acl") || (pronoun.is_some() && r == "ccomp") => cur = h as usize,
                _ => return pronoun.or_else(|| self.nominal_root_subject(v)),
            }
        }
        pronoun
    }

    /// Whether two participants are named apart: each phrase holds a proper
    /// name ("Vice President Harris" and "Secretary Cardona", "Biden's
    /// comments"), is no pronoun, no bare role ("the government") and no
    /// people a name owns ("Macron's opponents"), and no dictionary entry
    /// is named in both ("Trump's son Donald Trump Jr.", "Putin praised
    /// Putin's reforms").
    fn named_apart(&self, a: &Participant, b: &Participant) -> bool {
        let inside = |p: &Participant| {
            let (start, end) = (p.start, p.end);
            self.mentions.iter().filter(move |m| start <= m.start && m.end <= end)
        };
        let named = |p: &Participant| {
            let h = self.doc.span_head(p.start, p.end);
            let people = inside(p).any(|m| matches!(m.kind, MentionKind::Agent(_)) && m.start <= h && h < m.end);
            if self.doc.upos[h] == Upos::Pron {
                false
            } else if people {
                // "Supreme Leader Ali Khamenei" is named; people a name
                // owns are not ("Macron's opponents"), nor a country's
                // body ("the Russian government").
                let person = |m: &Mention| match m.kind {
                    MentionKind::Actor(a) => self.coder.dicts.actors[a].code_at(self.date).is_some_and(|c| !self.coder.ontology.is_country_code(&c.code)),
                    MentionKind::Agent(_) => false,
                };
                inside(p).any(|m| person(m) && self.rel(self.doc.span_head(m.start, m.end)) != "nmod:poss")
            } else {
                // "Biden's voting law comments" are Biden's.
                (p.start..p.end).any(|k| self.doc.upos[k] == Upos::Propn)
            }
        };
        let entries = |p: &Participant| {
            inside(p)
                .filter_map(|m| match m.kind {
                    MentionKind::Actor(x) => Some(x),
                    MentionKind::Agent(_) => None,
                })
                .collect::<Vec<_>>()
        };
        let (ea, eb) = (entries(a), entries(b));
        named(a) && named(b) && !ea.iter().any(|x| eb.contains(x))
    }

    /// The antecedent of a "who" clause hung from `h`. "Who" stands for
    /// people, not a country: a clause hung from a country named as where
    /// people come from ("asylum seekers from Afghanistan, Eritrea and
    /// Syria who applied") belongs to the people,
    /// the noun the country's phrase modifies, whichever conjunct of the
    /// list the parser hung it from.
    fn personal_antecedent(&self, h: usize) -> usize {
        let country = |t: usize| {
            self.mentions_at(t).iter().any(|m| {
                matches!(m.kind, MentionKind::Actor(a) if self.coder.dicts.actors[a].code_at(self.date).is_some_and(|c| self.coder.ontology.is_country_code(&c.code)))
            })
        };
        if !country(h) {
            return h;
        }
        let first = if self.rel(h) == "conj" { self.doc.head[h].map_or(h, |x| x as usize) } else { h };
        // People come "from" a country; "of" a country are its own people
        // ("the leaders of France and Germany, who"), but not a thing it
        // gives ("the approval of Turkey, who had accused Stockholm"); people
        // "at" a country's body work there ("diplomats at the Russian
        // embassy who").
        let people = |n: usize| self.mentions_at(n).iter().any(|m| matches!(m.kind, MentionKind::Agent(_)) && self.doc.span_head(m.start, m.end) == n);
        match self.doc.head[first].map(|n| n as usize) {
            Some(n)
                if self.base(first) == "nmod"
                    && self.doc.upos[n] == Upos::Noun
                    && (self.has_case(first, "from") || ((self.has_case(first, "of") || self.has_case(first, "at")) && people(n))) =>
            {
                n
            }
            _ => h,
        }
    }

    /// When the parser made a sentence's initial noun phrase the root and
    /// hung the verb below it ("Arnor officials are about to restore ties"
    /// parsed with "officials" as root), that noun is the verb's subject.
    fn nominal_root_subject(&self, v: usize) -> Option<Subject> {
        let mut root = v;
        while let Some(h) = self.doc.head[root] {
            root = h as usize;
        }
        let nominal = matches!(self.doc.upos[root], Upos::Noun | Upos::Propn);
        (nominal && root < v && self.kids(root, &["nsubj", "nsubj:pass"]).is_empty()).then_some(Subject { token: root, passive: false })
    }

    /// Whether `v` has an actor as its object, indirect object, or in a
    /// "to"/"with" phrase: a consultation *with someone*, not talks among the
    /// conjoined subjects *about* something.
    /// Has verb `v` an object or a clausal complement (of any kind, actor
    /// or not)? A verb coded by its bare entry with no target needs neither:
    /// "the rebels attacked", not "the company began operations".
    fn has_object(&self, v: usize) -> bool {
        self.children[v].iter().any(|&c| matches!(self.base(c), "obj" | "iobj" | "ccomp" | "xcomp"))
    }

    fn has_direct_target(&self, v: usize) -> bool {
        let to_or_with = |c: usize| self.children[c].iter().any(|&k| one_of(self.doc.form(k), &["to", "with"])) && !self.participants(c).is_empty();
        self.children[v].iter().any(|&c| match self.base(c) {
            // "presented credentials to Ithilen's president": the phrase may
            // hang from the object.
            "obj" | "iobj" => !self.participants(c).is_empty() || self.children[c].iter().any(|&k| self.base(k) == "nmod" && to_or_with(k)),
            "obl" | "nmod" => to_or_with(c),
            _ => false,
        })
    }

    /// In the passive, the by-agent (or, failing that, any prepositional
    /// participant but a place: "are expected in Geneva" is not Geneva's
    /// doing): the caller makes it the source.
    fn agent_participants(&self, v: usize) -> Vec<Participant> {
        let by = |c: &usize| self.children[*c].iter().any(|&k| self.doc.form(k).eq_ignore_ascii_case("by"));
        let place = |c: &&usize| !self.coder.options.locative_targets && super::participants::is_containing_place(self, **c);
        // A phrase after a secondary predicate hangs from the verb or from
        // the predicate, both good UD: "was shot dead by X" (and, in
        // PETRARCH's reading, "in Osgiliath"); not what the predicate is
        // about: "was held responsible for the attack on Iraqi forces".
        let mut obl = self.kids(v, &["obl", "nmod"]);
        for x in self.kids(v, &["xcomp"]) {
            if self.doc.upos[x] == Upos::Adj {
                obl.extend(self.kids(x, &["obl"]).into_iter().filter(|c| by(c) || self.coder.options.locative_targets));
            }
        }
        for c in obl.iter().filter(|c| by(c)).chain(obl.iter().filter(|c| !by(c) && !place(c))) {
            let ps = self.participants_under(*c);
            if !ps.is_empty() {
                return ps;
            }
        }
        Vec::new()
    }

    /// Targets of active verb `v`: where the pattern points, else objects,
    /// then prepositional dependents, then the subject of a clausal
    /// complement ("allowed that Mordor isn't ..."), then what lies further
    /// into the verb phrase.
    fn targets(&self, v: usize, search: &TargetSearch) -> Vec<Participant> {
        // A pattern's phrase that is a place says where, not with whom; a
        // venue ("meet * (AT)" on "met ... at the UN headquarters") only
        // through its "with" phrase (`participants_under_at`).
        let place = |h: usize| !self.coder.options.locative_targets && super::participants::is_containing_place(self, h);
        if let Some(h) = search.hint.filter(|&h| !place(h)) {
            let ps = self.participants_under_at(h, search.at);
            if !ps.is_empty() {
                return ps;
            }
        }
        let ps = self.argument_targets(v, search);
        if !ps.is_empty() {
            return ps;
        }
        if search.by_pattern {
            let ps = self.complement_objects(v);
            if !ps.is_empty() {
                return ps;
            }
        }
        self.bare_predicate_objects(v)
    }

    /// "expressed hopes on Thursday that Osgiliath could be drawn into
    /// ...", parsed as a relative clause on "Thursday": a clause hung from
    /// one of `v`'s phrases whose "that" is its mark, not a pronoun inside
    /// it, is no relative clause but `v`'s complement.
    fn misplaced_complements(&self, v: usize) -> Vec<usize> {
        self.kids(v, &["obj", "obl"])
            .into_iter()
            .flat_map(|c| self.children[c].iter().copied().filter(|&k| self.rel(k) == "acl:relcl"))
            .filter(|&k| self.kids(k, &["mark"]).iter().any(|&m| self.doc.form(m).eq_ignore_ascii_case("that")))
            .collect()
    }

    /// Participants among `v`'s own arguments, in order of relation.
    fn argument_targets(&self, v: usize, search: &TargetSearch) -> Vec<Participant> {
        let statement = search.statement;
        let speaker = self.inverted_subject(v);
        // A second subject after the verb, when one precedes it, is the
        // object the parser misread ("Russia warned Ukraine." read like
        // "..., warned Ukraine's minister").
        // Only when the earlier one names an actor, so that it, not this
        // one, is the source (`pick_subject`).
        let subjects: Vec<usize> = self.children[v].iter().copied().filter(|&c| self.rel(c) == "nsubj").collect();
        let late_subject = subjects.iter().copied().find(|&c| c > v && subjects.iter().any(|&s| s < v && !self.participants(s).is_empty()));
        for r in ["obj", "iobj", "obl", "nmod", "xcomp", "ccomp"] {
            let mut args = self.kids(v, &[r]);
            if r == "obj" {
                args.extend(late_subject);
                // A noun the parser could not place ("dep") after the verb
                // stands where its object would (not a statement's: "The
                // army, said the rebels, attacked" names the speaker there).
                if !statement {
                    args.extend(self.kids(v, &["dep"]).into_iter().filter(|&c| c > v && matches!(self.doc.upos[c], Upos::Noun | Upos::Propn)));
                }
            }
            if r == "ccomp" {
                args.extend(self.misplaced_complements(v));
            }
            for c in args.into_iter().filter(|&c| Some(c) != speaker) {
                // A statement's target is whom it is addressed to ("said to
                // X", "told X"), not where or on what occasion it was made
                // ("said on a visit to Israel").
                // A place the verb happened in is where, not whom ("announced
                // ... in New Jersey's largest city"), unless PETRARCH's
                // convention is asked for.
                if matches!(r, "obl" | "nmod") && !self.coder.options.locative_targets && super::participants::is_containing_place(self, c) {
                    continue;
                }
                if statement
                    && matches!(r, "obl" | "nmod")
                    && !self.coder.options.locative_targets
                    && !self.children[c].iter().any(|&k| one_of(self.doc.form(k), &["to", "with"]))
                {
                    continue;
                }
                // What a statement says is reported speech, whatever heads
                // it ("Turkish warplanes struck ..., the ministry said" with
                // "warplanes" parsed as the complement).
                // (A bare name there stays the addressee: "says Ukraine.")
                let clause = matches!(self.doc.upos[c], Upos::Verb | Upos::Aux) || !self.kids(c, &["acl", "nsubj", "obj", "obl"]).is_empty();
                if statement && r == "ccomp" && clause {
                    continue;
                }
                let ps = if matches!(r, "xcomp" | "ccomp") {
                    let mut ps = self.participants(c);
                    // What a statement is about is reported speech, not its
                    // target; nor is the subject of a clause that codes its own
                    // event ("claimed the army had killed 109 fighters": the
                    // army is the killing's source, not the claim's target).
                    if ps.is_empty() && !statement && (search.asks || !(r == "ccomp" && self.has_code(c))) {
                        if let Some(&s) = self.kids(c, &["nsubj", "nsubj:pass"]).first() {
                            ps = self.participants(s);
                        }
                    }
                    ps
                } else {
                    self.participants_under_at(c, search.at)
                };
                if !ps.is_empty() {
                    return ps;
                }
            }
        }
        Vec::new()
    }

    /// When a pattern read the verb phrase as one unit, the objects of an
    /// infinitival complement that codes nothing itself: "signed an accord
    /// to supply Gondor" (`* ACCORD`), "vowed to wage war on the Rohans"
    /// (`* WAR`). A bare verb does not reach that far ("wants to drive the
    /// Palestinians toward ..." is no intent toward them).
    fn complement_objects(&self, v: usize) -> Vec<Participant> {
        for c in self.children[v].iter().copied().filter(|&c| c > v && self.is_complement(c)) {
            if self.has_code(c) {
                continue;
            }
            for k in self.kids(c, &["obj", "iobj", "obl", "nmod"]) {
                let ps = self.participants_under(k);
                if !ps.is_empty() {
                    return ps;
                }
            }
        }
        Vec::new()
    }

    /// What a parse may have hung off a predicate that is not a clause of
    /// its own: "marched very close to the border with Mordor" (an adjective
    /// complement), "rescheduled his mushroom hunting trip in the White
    /// Downs" ("hunting" parsed as a participle). PETRARCH reads such phrases
    /// as part of the verb phrase ("..., perceiving him as Filipino" is not).
    fn bare_predicate_objects(&self, v: usize) -> Vec<Participant> {
        for c in self.children[v].iter().copied().filter(|&c| c > v) {
            let bare_predicate = match self.base(c) {
                "xcomp" => !matches!(self.doc.upos[c], Upos::Verb | Upos::Aux),
                // A participle inside the verb phrase: no comma sets it off.
                "advcl" => {
                    super::morph::gerund_or_present_participle(self.doc, c)
                        && self.kids(c, &["nsubj", "nsubj:pass", "mark", "aux"]).is_empty()
                        && !(v + 1..c).any(|k| self.doc.upos[k] == Upos::Punct)
                }
                _ => false,
            };
            if bare_predicate {
                for k in self.kids(c, &["obj", "obl", "nmod"]) {
                    let ps = self.participants_under(k);
                    if !ps.is_empty() {
                        return ps;
                    }
                }
            }
        }
        Vec::new()
    }

    /// The dyads of verb `v` under the rule `m` that matched it, before the
    /// negation policy; why there are none otherwise.
    pub(super) fn code_matched(&self, v: usize, m: VerbMatch) -> Result<Vec<Dyad>, NoCode> {
        let VerbMatch { by_pattern, mut code, loc, reciprocal, target_hint, swap_roles } = m;
        if code.is_null() {
            return Err(NoCode::NullCode);
        }
        // An action under a control verb ("agreed to meet", "threatened to
        // attack") or a modal is an intent or a threat, not the act itself.
        let mut mood = self.mood(v);
        // The rule's own codes, before mood turns a visit into an intent.
        let (rule_forward, rule_reverse) = (code.forward.clone(), code.reverse.clone());
        mood.settle(&mut code, self.coder.options.future_as_act);
        if let Some(why) = self.coded_elsewhere(v) {
            return Err(why);
        }
        let Some(subject) = self.subject(v) else { return Err(NoCode::NoSubject) };
        let (subj, passive) = (subject.token, self.is_passive(v, subject));
        let (subject_side, other_side) = if passive {
            let subjects = self.participants(subj);
            let mut agents = self.agent_participants(v);
            if agents.is_empty() {
                agents = self.implied_agent(v, &subjects);
            }
            (subjects, agents)
        } else {
            // A plain statement (010) is not about the subject of what is
            // said; a comment (012 pessimistic, 013 optimistic, ...) is about
            // it: "expressed hopes that Osgiliath could be drawn into ...".
            let forward = code.forward.as_deref().unwrap_or("");
            let asks = forward.starts_with("02") || forward.starts_with("10");
            let asks = asks || forward == "013";
            let search = TargetSearch { hint: target_hint, statement: forward == "010", asks, at: AtPhrase::for_code(forward), by_pattern };
            let mut sources = self.subject_participants(subj);
            if sources.is_empty() && self.coder.options.role_only {
                sources = self.role_only_subject(subj);
            }
            let mut targets = self.targets(v, &search);
            // A statement's addressee is named, never guessed.
            if targets.is_empty() && !swap_roles && !search.statement {
                targets = self.countryless_targets(v, &sources);
            }
            (sources, targets)
        };
        // The passive's agent is the source. A rule with swapped roles
        // (`+ * MONEY $`) puts the source after the verb; in the passive the
        // subject already is its target ("was freed from Barad-dur" under
        // `+ * (FROM $)`).
        let (sources, targets) = if passive || swap_roles { (&other_side, &subject_side) } else { (&subject_side, &other_side) };
        // Consultations between conjoined subjects are between them: "The
        // United States and Iran held talks about Iraq" is USA<->IRN.
        let consult = code.forward.as_deref().is_some_and(|c| c.starts_with("04"));
        let reciprocal = reciprocal || (consult && sources.len() >= 2 && !self.has_direct_target(v));
        // An act with no recipient ("the rebels declared a ceasefire", "X
        // resigned") is still an event of its source, when a pattern matched
        // or the bare verb has no object or complement; plain statements and
        // consultations are not (a statement to no one is not news, talks
        // need a partner), nor a passive's unknown agent.
        let forward = code.forward.as_deref().unwrap_or("");
        let untargeted = !self.coder.options.require_target
            && !passive
            && !reciprocal
            && stands_alone(forward)
            && (by_pattern || !self.has_object(v) || talks_of_a_matter(forward));
        let mut dyads = pair_up(sources, targets, &code, Pairing { reciprocal, untargeted }, mood, &loc);
        // Two sides of one code are two actors only when both are named
        // apart: "what he calls a government", "Microsoft no longer wants
        // to support it" are one actor on itself.
        dyads.retain(|d| !d.target.as_ref().is_some_and(|t| t.code == d.source.code && !self.named_apart(&d.source, t)));
        // Migrants, refugees or civilians going home "from Thailand"
        // ("return * (FROM)" => 042:043) travel: they do not visit, and no
        // one hosts them. (Civilians who visit a country do.)
        // Nor when they "want to return" (an intent, 036, is still no
        // visit), nor when someone returns them: "helped return 211
        // refugees to Bosnia" is a repatriation, not a visit to Bosnia.
        if self.lower(v) == "return" {
            let population = |p: &Participant| ["CVL", "REF", "PPL"].iter().any(|r| p.code.ends_with(r));
            // The returned may have no country ("a total of 211 refugees").
            let people = |t: usize| {
                self.mentions_at(t)
                    .iter()
                    .any(|m| matches!(m.kind, MentionKind::Agent(g) if ["CVL", "REF", "PPL"].contains(&self.coder.dicts.agents[g].code.as_str())))
            };
            let returned = self.kids(v, &["obj"]).into_iter().any(|o| people(o) || self.kids(o, &["nmod"]).into_iter().any(people));
            let visit = |c: &Option<String>| c.as_deref().is_some_and(|c| c.starts_with("04"));
            let (forward_visit, reverse_visit) = (visit(&rule_forward), visit(&rule_reverse));
            let before = dyads.len();
            dyads.retain(|d| {
                let forward = sources.iter().any(|s| s.start == d.source.start && s.code == d.source.code);
                if returned && (forward_visit || reverse_visit) {
                    return false;
                }
                if forward {
                    !(forward_visit && population(&d.source))
                } else {
                    !(reverse_visit && d.target.as_ref().is_some_and(population))
                }
            });
            if before > 0 && dyads.is_empty() {
                return Err(NoCode::HomeComing);
            }
        }
        if !dyads.is_empty() {
            return Ok(dyads);
        }
        // Whom the rule found no actor for, subject first.
        Err(if subject_side.is_empty() {
            NoCode::UnknownSubject
        } else if other_side.is_empty() {
            if passive {
                NoCode::NoAgent
            } else {
                NoCode::NoTarget
            }
        } else if reciprocal {
            NoCode::OneSided
        } else {
            NoCode::SameActor
        })
    }
}

/// Verbs whose passive names its agent by what it is: only police arrest,
/// only courts charge and sentence ("was arrested and charged").
const IMPLIED_AGENTS: &[(&str, &str)] = &[("arrest", "COP"), ("detain", "COP"), ("charge", "JUD"), ("indict", "JUD"), ("convict", "JUD"), ("sentence", "JUD")];

impl SentenceCtx<'_> {
    /// The agent a passive of an `IMPLIED_AGENTS` verb leaves unsaid, in the
    /// country of the sentence's setting, else of the subject: "The Turkish
    /// journalist was arrested" -> TURCOP. The verb is its evidence.
    fn implied_agent(&self, v: usize, subjects: &[Participant]) -> Vec<Participant> {
        let lemma = self.lower(v);
        // Freed from prison: by the state that held them ("was freed from
        // the Ramo Verde military prison"); freed hostages say nothing of who.
        // Or hung from another of the verb's phrases: "freed in the early
        // hours Saturday from the prison", where parsers differ on the head.
        let from_prison = || {
            // Only under a time phrase: "freed in a swap for prisoners from
            // Israeli jails" was not freed from the jails.
            let time = |o: usize| {
                super::tables::is_time_name(self.doc.form(o))
                    || one_of(&self.lower(o), &["hour", "morning", "night", "evening", "day", "week", "weekend", "afternoon", "dawn"])
            };
            let phrases = self.kids(v, &["obl"]);
            phrases.iter().filter(|&&o| time(o)).flat_map(|&o| self.kids(o, &["nmod"])).chain(phrases.iter().copied()).any(|o| {
                self.children[o].iter().any(|&k| self.doc.form(k).eq_ignore_ascii_case("from"))
                    && one_of(&self.lower(o), &["prison", "jail", "custody", "detention"])
            })
        };
        let role = match IMPLIED_AGENTS.iter().find(|(l, _)| *l == lemma) {
            Some(&(_, role)) => role,
            None if matches!(lemma.as_str(), "free" | "release") && from_prison() => "GOV",
            None => return Vec::new(),
        };
        let subject_country = subjects.first().and_then(|s| s.code.get(..3)).filter(|c| self.coder.ontology.country(c).is_some()).map(str::to_string);
        let Some(country) = self.setting_country().or(subject_country) else { return Vec::new() };
        vec![Participant { code: format!("{country}{role}"), start: v, end: v + 1 }]
    }
}

/// Codes whose acts need no recipient: comments (012 pessimistic, 013
/// optimistic, 014 consider a policy, ...), appeals and demands to no one
/// named ("appealed for calm", "called for an inquiry"), disapproval and criticism of a
/// policy (110, 111; an accusation or a lawsuit needs its target), threats,
/// protests, shows of force, coercion, violence against unnamed victims,
/// endorsement of a policy ("renewed their support for the deal": 051),
/// stepping down (083x) and de-escalation ("declared a ceasefire",
/// "demobilized", "retreated": 087x). A bare verb of another block ("help", "seek",
/// "give") names a relation and needs its other side.
pub(super) fn stands_alone(code: &str) -> bool {
    let root = &code[..2.min(code.len())];
    (root == "01" && code != "010")
        || matches!(root, "02" | "10" | "13" | "14" | "15" | "17" | "18" | "19" | "20")
        || code.starts_with("083")
        || code.starts_with("087")
        || code.starts_with("110")
        || code.starts_with("111")
        || code == "051"
}

/// Codes whose object may be a matter, not an actor: "condemned the
/// attacks", "expressed concern", "called for calm", "urged restraint".
pub(super) fn talks_of_a_matter(code: &str) -> bool {
    let root = &code[..2.min(code.len())];
    (root == "01" && code != "010") || matches!(root, "02" | "11" | "13" | "14") || code == "051"
}

/// How sources and targets are paired: both ways among conjoined sources
/// (`reciprocal`), or each source alone when there is no target (`untargeted`).
#[derive(Clone, Copy)]
pub(super) struct Pairing {
    pub(super) reciprocal: bool,
    pub(super) untargeted: bool,
}

/// The dyads of a verb's sources and targets under its code. With no target,
/// or under a reciprocal rule, symmetric cooperation between conjoined
/// sources goes both ways ("The United States and Iran held talks").
pub(super) fn pair_up(sources: &[Participant], targets: &[Participant], code: &VerbCode, how: Pairing, mood: Mood, rule: &Loc) -> Vec<Dyad> {
    let Pairing { reciprocal, untargeted } = how;
    let dyad = |s: &Participant, t: Option<&Participant>, code: &String| Dyad {
        source: s.clone(),
        target: t.cloned(),
        code: code.clone(),
        negated: mood.negated,
        hypothetical: mood.hypothetical,
        rule: rule.clone(),
    };
    let mut out = Vec::new();
    if targets.is_empty() || reciprocal {
        // Conjoined subjects with no other side act on each other only in
        // acts that take two: agreeing (03x), consulting (04x), signing
        // (057), cooperating (06x). "France and Germany praised" is not
        // mutual praise.
        let symmetric = reciprocal || code.forward.as_deref().is_some_and(|c| matches!(&c[..2.min(c.len())], "03" | "04" | "06") || c == "057");
        if symmetric && sources.len() >= 2 {
            // A country and its own actor in one subject ("Australian
            // universities, ... Sydney") are one side, not two; its rebels
            // and opposition are another ("Ukraine and Ukrainian
            // separatists signed a ceasefire").
            let part_of = |country: &str, actor: &str| {
                country.len() == 3 && actor.starts_with(country) && !matches!(actor.get(3..6), Some("REB" | "INS" | "OPP" | "SEP" | "UAF"))
            };
            let one_side = |a: &Participant, b: &Participant| part_of(&a.code, &b.code) || part_of(&b.code, &a.code);
            for a in sources {
                for b in sources {
                    if a.code != b.code && !one_side(a, b) {
                        out.push(dyad(a, Some(b), code.forward.as_ref().unwrap()));
                    }
                }
            }
        }
        if out.is_empty() && untargeted && !reciprocal {
            if let Some(f) = &code.forward {
                let mut seen: Vec<&str> = Vec::new();
                for s in sources {
                    if !seen.contains(&s.code.as_str()) {
                        seen.push(&s.code);
                        out.push(dyad(s, None, f));
                    }
                }
            }
        }
        return out;
    }
    for s in sources {
        for t in targets {
            // No one acts on itself: a country on itself, or one phrase on
            // itself. Two people of one role are two actors: "Vice President
            // Harris discussed education with Secretary Cardona" is USAGOV
            // -> USAGOV, as CAMEO codes politics within a country.
            let overlap = s.start < t.end && t.start < s.end;
            if s.code == t.code && (s.code.len() <= 3 || overlap) {
                continue;
            }
            if let Some(f) = &code.forward {
                out.push(dyad(s, Some(t), f));
            }
            if let Some(r) = &code.reverse {
                out.push(dyad(t, Some(s), r));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn criticism_of_a_matter_stands_alone_violence_against_a_thing_does_not() {
        let c = coder_with("--- CONDEMN [111] ---\nCONDEMN\n--- ATTACK [190] ---\nATTACK\n", CoderOptions::default());
        let sentence = |verb: &str, lemma: &str| {
            doc(&[
                ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
                (verb, lemma, "VERB", 0, "root"),
                ("the", "the", "DET", 4, "det"),
                ("attacks", "attack", "NOUN", 2, "obj"),
            ])
        };
        assert_eq!(triples(&c, &sentence("condemned", "condemn"), 20000101), ["ARN>-:111"]);
        assert!(triples(&c, &sentence("attacked", "attack"), 20000101).is_empty());
    }

    #[test]
    fn who_stands_for_people_not_the_country_they_come_from() {
        // "<Families|The government> from/of Iran who attacked Arnor left",
        // with the relative clause hung from "Iran".
        let d = |noun: &str, prep: &str| {
            doc(&[
                (noun, noun, "NOUN", 7, "nsubj"),
                (prep, prep, "ADP", 3, "case"),
                ("Iran", "Iran", "PROPN", 1, "nmod"),
                ("who", "who", "PRON", 5, "nsubj"),
                ("attacked", "attack", "VERB", 3, "acl:relcl"),
                ("Arnor", "Arnor", "PROPN", 5, "obj"),
                ("left", "leave", "VERB", 0, "root"),
            ])
        };
        assert!(triples(&coder(), &d("families", "from"), 20000101).is_empty());
        assert_eq!(triples(&coder(), &d("government", "of"), 20000101), ["IRNGOV>ARN:190"]);
        // People at a country's body: "the government at Iran, who".
        assert_eq!(triples(&coder(), &d("government", "at"), 20000101), ["IRNGOV>ARN:190"]);
        // A thing of a country is no people: "the approval of Iran, who".
        assert_eq!(triples(&coder(), &d("approval", "of"), 20000101), ["IRN>ARN:190"]);
        // "which" may stand for a country: "Iran, which attacked Arnor".
        let which = doc(&[
            ("Iran", "Iran", "PROPN", 5, "nsubj"),
            ("which", "which", "PRON", 3, "nsubj"),
            ("attacked", "attack", "VERB", 1, "acl:relcl"),
            ("Arnor", "Arnor", "PROPN", 3, "obj"),
            ("left", "leave", "VERB", 0, "root"),
        ]);
        assert_eq!(triples(&coder(), &which, 20000101), ["IRN>ARN:190"]);
    }

    #[test]
    fn of_two_subjects_the_first_actor_acts() {
        // "Smith today Gondor met Arnor": a byline's name read as a second
        // subject.
        let d = doc(&[
            ("Smith", "Smith", "PROPN", 4, "nsubj"),
            ("today", "today", "ADV", 4, "advmod"),
            ("Gondor", "Gondor", "PROPN", 4, "nsubj"),
            ("met", "meet", "VERB", 0, "root"),
            ("Arnor", "Arnor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["GON>ARN:040"]);
    }

    #[test]
    fn a_bare_comparison_borrows_no_subject() {
        // "Arnor met Gondor, as widely welcomed [by ...]": nobody named
        // welcomed; "Arnor met Gondor, welcoming Osgiliath" is Arnor's.
        let d = |mark: bool| {
            let mut rows = vec![
                ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
                ("met", "meet", "VERB", 0, "root"),
                ("Gondor", "Gondor", "PROPN", 2, "obj"),
                ("as", "as", "SCONJ", 6, "mark"),
                ("widely", "widely", "ADV", 6, "advmod"),
                ("welcomed", "welcome", "VERB", 2, "advcl"),
                ("Osgiliath", "Osgiliath", "PROPN", 6, "obj"),
            ];
            if !mark {
                rows[3] = ("then", "then", "ADV", 6, "advmod");
            }
            doc(&rows)
        };
        assert_eq!(triples(&coder(), &d(true), 20000101), ["ARN>GON:040"]);
        assert_eq!(triples(&coder(), &d(false), 20000101), ["ARN>GON:040", "ARN>OSG:050"]);
    }

    #[test]
    fn a_second_subject_after_the_verb_is_its_object() {
        // "Arnor accused Gondor." parsed with two subjects.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("accused", "accuse", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
            (".", ".", "PUNCT", 2, "punct"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:112"]);
        // When the first names no actor the second is the source, and no
        // target of its own act ("Officials accused Gondor." misparsed).
        let d = doc(&[
            ("Officials", "official", "NOUN", 2, "nsubj"),
            ("accused", "accuse", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
            (".", ".", "PUNCT", 2, "punct"),
        ]);
        assert!(triples(&coder(), &d, 20000101).iter().all(|t| !t.contains(">GON:")), "{:?}", triples(&coder(), &d, 20000101));
    }

    #[test]
    fn a_subject_hung_from_the_auxiliary_is_the_clause_s() {
        // "Arnor has accused Gondor" with "Arnor" under "has".
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("has", "have", "VERB", 3, "aux"),
            ("accused", "accuse", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 3, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:112"]);
    }

    #[test]
    fn an_unplaced_noun_after_the_verb_is_its_object() {
        // "Arnor accused Gondor" with "Gondor" left as `dep`.
        let d = doc(&[("Arnor", "Arnor", "PROPN", 2, "nsubj"), ("accused", "accuse", "VERB", 0, "root"), ("Gondor", "Gondor", "PROPN", 2, "dep")]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:112"]);
    }

    #[test]
    fn a_that_clause_hung_as_a_relative_clause_is_the_verb_s_complement() {
        // "Arnor voiced hopes on Monday that Gondor would ..." with the
        // clause hung from "Monday": a comment about Gondor.
        let c = coder_with("--- VOICE [---] ---\nVOICE\n- * HOPES [013]\n--- DRAW [---] ---\nDRAW\n", CoderOptions::default());
        let d = |mark: &'static str, rel: &'static str| {
            doc(&[
                ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
                ("voiced", "voice", "VERB", 0, "root"),
                ("hopes", "hope", "NOUN", 2, "obj"),
                ("on", "on", "ADP", 5, "case"),
                ("Monday", "Monday", "PROPN", 2, "obl"),
                ("that", "that", "PRON", 9, rel),
                ("Gondor", "Gondor", "PROPN", 9, if rel == "mark" { "nsubj:pass" } else { "obl" }),
                ("would", "would", "AUX", 9, "aux"),
                (mark, "draw", "VERB", 5, "acl:relcl"),
            ])
        };
        assert_eq!(triples(&c, &d("drawn", "mark"), 20000101), ["ARN>GON:013"]);
        // A real relative clause ("Monday, that Gondor would recall") names
        // no one the comment is about.
        assert_eq!(triples(&c, &d("drawn", "obj"), 20000101), ["ARN>-:013"]);
    }

    #[test]
    fn civilians_going_home_make_no_visit_officials_do() {
        // "Arnor workers / the Arnor government returned from Gondor" under
        // `* (FROM $) [042:043]`.
        let mut d = Dictionaries::default();
        petrarch::read_actors("ARNOR_ [ARN]\nGONDOR [GON]\n", "a", &mut d);
        petrarch::read_agents("WORKERS [~CVL]\nGOVERNMENT [~GOV]\n", "g", &mut d);
        petrarch::read_verbs("--- RETURN [---] ---\nRETURN\n- * (FROM $) [042:043]\n", "v", &mut d);
        let c = Coder::new(d, CoderOptions::default());
        let s = |who: &str, lemma: &str| {
            doc(&[
                ("Arnor", "Arnor", "PROPN", 2, "compound"),
                (who, lemma, "NOUN", 3, "nsubj"),
                ("returned", "return", "VERB", 0, "root"),
                ("from", "from", "ADP", 5, "case"),
                ("Gondor", "Gondor", "PROPN", 3, "obl"),
            ])
        };
        assert_eq!(triples(&c, &s("government", "government"), 20000101), ["ARNGOV>GON:042", "GON>ARNGOV:043"]);
        assert!(triples(&c, &s("workers", "worker"), 20000101).is_empty());
        // Wanting to go home is no intent to visit (036) either.
        let want = |who: &str, lemma: &str| {
            doc(&[
                ("Arnor", "Arnor", "PROPN", 2, "compound"),
                (who, lemma, "NOUN", 3, "nsubj"),
                ("want", "want", "VERB", 0, "root"),
                ("to", "to", "PART", 5, "mark"),
                ("return", "return", "VERB", 3, "xcomp"),
                ("from", "from", "ADP", 7, "case"),
                ("Gondor", "Gondor", "PROPN", 5, "obl"),
            ])
        };
        assert_eq!(triples(&c, &want("government", "government"), 20000101), ["ARNGOV>GON:036", "GON>ARNGOV:036"]);
        assert!(triples(&c, &want("workers", "worker"), 20000101).is_empty());
        // Whoever returns workers home repatriates them: no visit.
        let returned = |obj: &str, lemma: &str| {
            doc(&[
                ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
                ("returned", "return", "VERB", 0, "root"),
                (obj, lemma, "NOUN", 2, "obj"),
                ("from", "from", "ADP", 5, "case"),
                ("Gondor", "Gondor", "PROPN", 2, "obl"),
            ])
        };
        assert!(triples(&c, &returned("workers", "worker"), 20000101).is_empty());
        assert_eq!(triples(&c, &returned("home", "home"), 20000101), ["ARN>GON:042", "GON>ARN:043"]);
    }

    #[test]
    fn role_markers_put_the_source_after_the_verb() {
        // "Arnor received money from Gondor" under `+ * MONEY $`: Gondor gave.
        let c = coder_with("--- RECEIVE [033] ---\nRECEIVE\n- + * MONEY $ [071]\n", CoderOptions::default());
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("received", "receive", "VERB", 0, "root"),
            ("money", "money", "NOUN", 2, "obj"),
            ("from", "from", "ADP", 5, "case"),
            ("Gondor", "Gondor", "PROPN", 2, "obl"),
        ]);
        assert_eq!(triples(&c, &d, 20000101), ["GON>ARN:071"]);
        // Passive: the subject is the target already, no swap.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 3, "nsubj:pass"),
            ("was", "be", "AUX", 3, "aux:pass"),
            ("freed", "free", "VERB", 0, "root"),
            ("from", "from", "ADP", 5, "case"),
            ("Gondor", "Gondor", "PROPN", 3, "obl"),
        ]);
        let c = coder_with("--- FREE [080] ---\nFREE\n- + * (FROM $) [080]\n", CoderOptions::default());
        assert_eq!(triples(&c, &d, 20000101), ["GON>ARN:080"]);
    }

    /// "Gondor was shot dead in Osgiliath": the place phrase hangs from the
    /// verb or from its secondary predicate, both good UD; under PETRARCH's
    /// locative convention the passive's source is the same either way.
    #[test]
    fn passive_agent_phrase_may_hang_from_a_secondary_predicate() {
        let c = coder_with("--- SHOOT [190] ---\nSHOOT\n", CoderOptions::default());
        let shot_dead = |place_head: usize| {
            doc(&[
                ("Gondor", "Gondor", "PROPN", 3, "nsubj:pass"),
                ("was", "be", "AUX", 3, "aux:pass"),
                ("shot", "shoot", "VERB", 0, "root"),
                ("dead", "dead", "ADJ", 3, "xcomp"),
                ("in", "in", "ADP", 6, "case"),
                ("Osgiliath", "Osgiliath", "PROPN", place_head, "obl"),
            ])
        };
        // In news a place is not who did it; under PETRARCH's convention it is.
        assert!(triples(&c, &shot_dead(3), 20000101).is_empty());
        let mut petrarch = coder_with("--- SHOOT [190] ---\nSHOOT\n", CoderOptions::default());
        petrarch.options.locative_targets = true;
        assert_eq!(triples(&petrarch, &shot_dead(3), 20000101), ["OSG>GON:190"]);
        assert_eq!(triples(&petrarch, &shot_dead(4), 20000101), ["OSG>GON:190"]);
        // A noun complement is no secondary predicate to search.
        let named = doc(&[
            ("Gondor", "Gondor", "PROPN", 3, "nsubj:pass"),
            ("was", "be", "AUX", 3, "aux:pass"),
            ("shot", "shoot", "VERB", 0, "root"),
            ("target", "target", "NOUN", 3, "xcomp"),
            ("in", "in", "ADP", 6, "case"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "nmod"),
        ]);
        assert!(triples(&petrarch, &named, 20000101).is_empty());
    }

    #[test]
    fn target_in_a_bare_predicate_of_the_verb_phrase() {
        // "Arnor fired close to the border with Gondor": an adjective complement.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("fired", "fire", "VERB", 0, "root"),
            ("close", "close", "ADJ", 2, "xcomp"),
            ("to", "to", "ADP", 6, "case"),
            ("the", "the", "DET", 6, "det"),
            ("border", "border", "NOUN", 3, "obl"),
            ("with", "with", "ADP", 8, "case"),
            ("Gondor", "Gondor", "PROPN", 6, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:190"]);
        // A participle inside the phrase counts; one set off by a comma is
        // a clause of its own.
        let inside = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("fired", "fire", "VERB", 0, "root"),
            ("fearing", "fear", "VERB", 2, "advcl"),
            ("Gondor", "Gondor", "PROPN", 3, "obj"),
        ]);
        assert_eq!(triples(&coder(), &inside, 20000101), ["ARN>GON:190"]);
        let apart = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("fired", "fire", "VERB", 0, "root"),
            (",", ",", "PUNCT", 4, "punct"),
            ("fearing", "fear", "VERB", 2, "advcl"),
            ("Gondor", "Gondor", "PROPN", 4, "obj"),
        ]);
        // Gondor is not the target: the firing has none.
        assert_eq!(triples(&coder(), &apart, 20000101), ["ARN>-:190"]);
    }

    #[test]
    fn a_list_split_into_several_subjects_is_one_compound_subject() {
        let listed = doc(&[
            ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
            (",", ",", "PUNCT", 1, "punct"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "nsubj"),
            ("welcome", "welcome", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &listed, 20000101), ["ARN>GON:050", "OSG>GON:050"]);
        // Words of the clause between them: not a list.
        let apart = doc(&[
            ("Arnor", "Arnor", "PROPN", 5, "nsubj"),
            ("in", "in", "ADP", 3, "case"),
            ("2005", "2005", "NUM", 5, "obl"),
            ("Osgiliath", "Osgiliath", "PROPN", 5, "nsubj"),
            ("welcome", "welcome", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 5, "obj"),
        ]);
        assert_eq!(triples(&coder(), &apart, 20000101), ["ARN>GON:050"]);
    }

    #[test]
    fn a_consultation_target_may_hang_from_the_object() {
        // "Arnor and Osgiliath held talks with Gondor": with Gondor, not
        // between the two subjects.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
            ("and", "and", "CCONJ", 3, "cc"),
            ("Osgiliath", "Osgiliath", "PROPN", 1, "conj"),
            ("held", "hold", "VERB", 0, "root"),
            ("talks", "talks", "NOUN", 4, "obj"),
            ("with", "with", "ADP", 7, "case"),
            ("Gondor", "Gondor", "PROPN", 5, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:040", "OSG>GON:040"]);
    }

    #[test]
    fn a_pattern_reads_on_into_an_infinitival_complement() {
        let c = coder_with("--- SIGN [---] ---\nSIGN\n- * ACCORD [056]\n--- WANT [030] ---\nWANT\n", CoderOptions::default());
        // "Arnor signed an accord to supply Gondor": the pattern matched, the
        // target is the complement's object.
        let signed = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("signed", "sign", "VERB", 0, "root"),
            ("an", "a", "DET", 4, "det"),
            ("accord", "accord", "NOUN", 2, "obj"),
            ("to", "to", "PART", 6, "mark"),
            ("supply", "supply", "VERB", 2, "advcl"),
            ("Gondor", "Gondor", "PROPN", 6, "obj"),
        ]);
        assert_eq!(triples(&c, &signed, 20000101), ["ARN>GON:056"]);
        // "Arnor wants to drive Gondor ...": a bare verb does not reach into it.
        let wants = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("wants", "want", "VERB", 0, "root"),
            ("to", "to", "PART", 4, "mark"),
            ("drive", "drive", "VERB", 2, "xcomp"),
            ("Gondor", "Gondor", "PROPN", 4, "obj"),
        ]);
        assert!(triples(&c, &wants, 20000101).is_empty());
    }

    #[test]
    fn nested_clause_keeps_the_accused_as_target() {
        // "The United States accused Iran of harboring militants"
        let d = doc(&[
            ("The", "the", "DET", 3, "det"),
            ("United", "United", "PROPN", 3, "compound"),
            ("States", "States", "PROPN", 4, "nsubj"),
            ("accused", "accuse", "VERB", 0, "root"),
            ("Iran", "Iran", "PROPN", 4, "obj"),
            ("of", "of", "SCONJ", 7, "mark"),
            ("harboring", "harbor", "VERB", 4, "advcl"),
            ("militants", "militant", "NOUN", 7, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20030501), ["USA>IRN:112"]);
    }

    #[test]
    fn symmetric_talks_between_conjoined_subjects_go_both_ways() {
        // "The United States and Iran held talks"
        let d = doc(&[
            ("The", "the", "DET", 3, "det"),
            ("United", "United", "PROPN", 3, "compound"),
            ("States", "States", "PROPN", 6, "nsubj"),
            ("and", "and", "CCONJ", 5, "cc"),
            ("Iran", "Iran", "PROPN", 3, "conj"),
            ("held", "hold", "VERB", 0, "root"),
            ("talks", "talk", "NOUN", 6, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20030101), ["IRN>USA:040", "USA>IRN:040"]);
    }

    #[test]
    fn misparsed_nominal_root_still_gives_the_subject() {
        // "Arnor officials are about to welcome Gondor" with the noun as root.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "compound"),
            ("officials", "official", "NOUN", 0, "root"),
            ("are", "be", "AUX", 5, "cop"),
            ("about", "about", "ADP", 5, "mark"),
            ("welcome", "welcome", "VERB", 2, "acl"),
            ("Gondor", "Gondor", "PROPN", 5, "obj"),
        ]);
        let mut c = coder();
        petrarch::read_agents("OFFICIAL [~GOV]\n", "g2", &mut c.dicts);
        let c = Coder::new(c.dicts, CoderOptions::default());
        assert_eq!(triples(&c, &d, 20000101), ["ARNGOV>GON:050"]);
    }

    #[test]
    fn a_day_parsed_as_the_subject_gives_way_to_the_subject_under_it() {
        // "Iran on Thursday accused Arnor" with "Thursday" as the subject.
        let d = doc(&[
            ("Iran", "Iran", "PROPN", 3, "nsubj"),
            ("on", "on", "ADP", 3, "case"),
            ("Thursday", "Thursday", "PROPN", 4, "nsubj"),
            ("accused", "accuse", "VERB", 0, "root"),
            ("Arnor", "Arnor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20200101), ["IRN>ARN:112"]);
    }

    #[test]
    fn a_possessor_split_off_as_a_subject_is_no_second_source() {
        // "Iran's Zarif accused Arnor" parsed as two subjects.
        let d = doc(&[
            ("Iran", "Iran", "PROPN", 4, "nsubj"),
            ("'s", "'s", "PART", 1, "case"),
            ("Zarif", "Zarif", "PROPN", 4, "nsubj"),
            ("accused", "accuse", "VERB", 0, "root"),
            ("Arnor", "Arnor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20200101), ["IRNGOV>ARN:112"]);
    }

    #[test]
    fn a_passive_arrest_names_its_police_and_a_domestic_role_its_country() {
        let mut dicts = coder().dicts;
        petrarch::read_agents("JOURNALIST [~MED]\nCOURT [~JUD]\n", "g2", &mut dicts);
        petrarch::read_verbs("--- ARREST [173] ---\nARREST\nCONVICT\n", "v2", &mut dicts);
        let c = Coder::new(dicts, CoderOptions::default());
        // "The Iranian journalist was arrested": only police arrest.
        let mut arrested = doc(&[
            ("The", "the", "DET", 3, "det"),
            ("Iranian", "Iranian", "ADJ", 3, "amod"),
            ("journalist", "journalist", "NOUN", 5, "nsubj:pass"),
            ("was", "be", "AUX", 5, "aux:pass"),
            ("arrested", "arrest", "VERB", 0, "root"),
        ]);
        arrested.feats[4] = "Tense=Past|VerbForm=Part|Voice=Pass".into();
        assert_eq!(triples(&c, &arrested, 20000101), ["IRNCOP>IRNMED:173"]);
        // "An Iranian court convicted the journalist": the court's own.
        let convicted = doc(&[
            ("An", "a", "DET", 3, "det"),
            ("Iranian", "Iranian", "ADJ", 3, "amod"),
            ("court", "court", "NOUN", 4, "nsubj"),
            ("convicted", "convict", "VERB", 0, "root"),
            ("the", "the", "DET", 6, "det"),
            ("journalist", "journalist", "NOUN", 4, "obj"),
        ]);
        assert_eq!(triples(&c, &convicted, 20000101), ["IRNJUD>IRNMED:173"]);
        // "The Iranian journalist was freed from prison": by the state that
        // held them; freed with no prison named says nothing of who.
        let mut dicts = coder().dicts;
        petrarch::read_agents("JOURNALIST [~MED]\n", "g3", &mut dicts);
        petrarch::read_verbs("--- RELEASE [0841] ---\nFREE\n", "v3", &mut dicts);
        let c = Coder::new(dicts, CoderOptions::default());
        let freed = |place: &'static str| {
            let mut d = doc(&[
                ("The", "the", "DET", 3, "det"),
                ("Iranian", "Iranian", "ADJ", 3, "amod"),
                ("journalist", "journalist", "NOUN", 5, "nsubj:pass"),
                ("was", "be", "AUX", 5, "aux:pass"),
                ("freed", "free", "VERB", 0, "root"),
                ("from", "from", "ADP", 7, "case"),
                (place, place, "NOUN", 5, "obl"),
            ]);
            d.feats[4] = "Tense=Past|VerbForm=Part|Voice=Pass".into();
            triples(&c, &d, 20000101)
        };
        assert_eq!(freed("prison"), ["IRNGOV>IRNMED:0841"]);
        assert!(freed("rubble").is_empty(), "{:?}", freed("rubble"));
        // "... was freed in the night from prison", the prison hung from
        // the night.
        let mut d = doc(&[
            ("The", "the", "DET", 3, "det"),
            ("Iranian", "Iranian", "ADJ", 3, "amod"),
            ("journalist", "journalist", "NOUN", 5, "nsubj:pass"),
            ("was", "be", "AUX", 5, "aux:pass"),
            ("freed", "free", "VERB", 0, "root"),
            ("in", "in", "ADP", 8, "case"),
            ("the", "the", "DET", 8, "det"),
            ("night", "night", "NOUN", 5, "obl"),
            ("from", "from", "ADP", 10, "case"),
            ("prison", "prison", "NOUN", 8, "nmod"),
        ]);
        d.feats[4] = "Tense=Past|VerbForm=Part|Voice=Pass".into();
        assert_eq!(triples(&c, &d, 20000101), ["IRNGOV>IRNMED:0841"]);
        // Not under any phrase: "... was freed in a swap from prison" (for
        // prisoners from the other side's jails) was not freed from it.
        let mut d = doc(&[
            ("The", "the", "DET", 3, "det"),
            ("Iranian", "Iranian", "ADJ", 3, "amod"),
            ("journalist", "journalist", "NOUN", 5, "nsubj:pass"),
            ("was", "be", "AUX", 5, "aux:pass"),
            ("freed", "free", "VERB", 0, "root"),
            ("in", "in", "ADP", 8, "case"),
            ("a", "a", "DET", 8, "det"),
            ("swap", "swap", "NOUN", 5, "obl"),
            ("from", "from", "ADP", 10, "case"),
            ("prison", "prison", "NOUN", 8, "nmod"),
        ]);
        d.feats[4] = "Tense=Past|VerbForm=Part|Voice=Pass".into();
        assert!(triples(&c, &d, 20000101).is_empty());
    }

    #[test]
    fn conjoined_subjects_praising_a_matter_do_not_praise_each_other() {
        // "Arnor and Gondor praised the deal"
        let c = coder_with("--- PRAISE [051] ---\nPRAISE\n--- MEET [040] ---\nMEET\n", CoderOptions::default());
        let rows = |verb: &'static str, lemma: &'static str| {
            doc(&[
                ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
                ("and", "and", "CCONJ", 3, "cc"),
                ("Gondor", "Gondor", "PROPN", 1, "conj"),
                (verb, lemma, "VERB", 0, "root"),
                ("the", "the", "DET", 6, "det"),
                ("deal", "deal", "NOUN", 4, "obj"),
            ])
        };
        assert_eq!(triples(&c, &rows("praised", "praise"), 20000101), ["ARN>-:051", "GON>-:051"]);
        assert_eq!(triples(&c, &rows("met", "meet"), 20000101), ["ARN>GON:040", "GON>ARN:040"], "a meeting takes two");
    }

    #[test]
    fn the_place_of_a_passive_is_not_its_agent() {
        // "Arnor was attacked in Gondor" / "... by Gondor".
        let rows = |prep: &'static str| {
            doc(&[
                ("Arnor", "Arnor", "PROPN", 3, "nsubj:pass"),
                ("was", "be", "AUX", 3, "aux:pass"),
                ("attacked", "attack", "VERB", 0, "root"),
                (prep, prep, "ADP", 5, "case"),
                ("Gondor", "Gondor", "PROPN", 3, if prep == "by" { "obl:agent" } else { "obl" }),
            ])
        };
        assert!(triples(&coder(), &rows("in"), 20000101).is_empty());
        assert_eq!(triples(&coder(), &rows("by"), 20000101), ["GON>ARN:190"]);
    }

    #[test]
    fn the_place_an_act_happens_in_is_not_its_target() {
        // "Arnor attacked in Gondor's capital" / PETRARCH's convention.
        let rows = [
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("in", "in", "ADP", 5, "case"),
            ("Gondor", "Gondor", "PROPN", 5, "nmod:poss"),
            ("capital", "capital", "NOUN", 2, "obl"),
        ];
        assert_eq!(triples(&coder(), &doc(&rows), 20000101), ["ARN>-:190"]);
        let mut c = coder();
        c.options.locative_targets = true;
        assert_eq!(triples(&c, &doc(&rows), 20000101), ["ARN>GON:190"]);
    }

    #[test]
    fn a_venue_is_where_a_meeting_was_not_with_whom() {
        // "Iran met officials at the Gondor headquarters" / "at the Gondor embassy"
        let rows = |venue: &'static str| {
            [
                ("Iran", "Iran", "PROPN", 2, "nsubj"),
                ("met", "meet", "VERB", 0, "root"),
                ("officials", "official", "NOUN", 2, "obj"),
                ("at", "at", "ADP", 6, "case"),
                ("Gondor", "Gondor", "PROPN", 6, "compound"),
                (venue, venue, "NOUN", 3, "nmod"),
            ]
        };
        assert!(triples(&coder(), &doc(&rows("headquarters")), 20000101).is_empty());
        assert_eq!(triples(&coder(), &doc(&rows("embassy")), 20000101), ["IRN>GON:040"]);
        // Force at a venue is aimed at who is there: "Iran attacked
        // officials at the Gondor headquarters".
        let mut attacked = rows("headquarters");
        attacked[1] = ("attacked", "attack", "VERB", 0, "root");
        assert_eq!(triples(&coder(), &doc(&attacked), 20000101), ["IRN>GON:190"]);
        // Whom one met at a venue: "Iran met officials at a meeting with Gondor".
        let with = doc(&[
            ("Iran", "Iran", "PROPN", 2, "nsubj"),
            ("met", "meet", "VERB", 0, "root"),
            ("officials", "official", "NOUN", 2, "obj"),
            ("at", "at", "ADP", 6, "case"),
            ("a", "a", "DET", 6, "det"),
            ("meeting", "meeting", "NOUN", 3, "nmod"),
            ("with", "with", "ADP", 8, "case"),
            ("Gondor", "Gondor", "PROPN", 6, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &with, 20000101), ["IRN>GON:040"]);
        // Nor when a pattern points at the venue: PETRARCH's `meet * (AT)`;
        // a phrase that is no venue it still points at ("at the embassy").
        let c = {
            let mut d = Dictionaries::default();
            petrarch::read_actors("IRAN_ [IRN]\nNATO [IGOWSTNAT]\n", "a", &mut d);
            petrarch::read_verbs("--- MEET [040] ---\nMEET {MEETS MET MEETING}\n- * (AT) [036]\n", "v", &mut d);
            Coder::new(d, CoderOptions::default())
        };
        let nato = |venue: &'static str| {
            let mut r = rows(venue);
            r[4] = ("NATO", "NATO", "PROPN", 6, "compound");
            doc(&r)
        };
        assert!(triples(&c, &nato("headquarters"), 20000101).is_empty());
        assert_eq!(triples(&c, &nato("embassy"), 20000101), ["IRN>IGOWSTNAT:036"]);
    }

    #[test]
    fn force_at_a_country_is_aimed_at_it_other_acts_there_are_not() {
        // "Gondor fired a missile at Arnor" / "Gondor accused a general at Arnor".
        let d = |verb: &str, lemma: &str, noun: &str| {
            doc(&[
                ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
                (verb, lemma, "VERB", 0, "root"),
                ("a", "a", "DET", 4, "det"),
                (noun, noun, "NOUN", 2, "obj"),
                ("at", "at", "ADP", 6, "case"),
                ("Arnor", "Arnor", "PROPN", 4, "nmod"),
            ])
        };
        assert_eq!(triples(&coder(), &d("fired", "fire", "missile"), 20000101), ["GON>ARN:190"]);
        assert!(triples(&coder(), &d("accused", "accuse", "general"), 20000101).iter().all(|t| !t.contains(">ARN")));
    }

    #[test]
    fn two_named_actors_of_one_code_are_a_dyad_one_actor_on_itself_is_not() {
        let mut dicts = Dictionaries::default();
        petrarch::read_actors("BIDEN [USAGOV]\nHARRIS [USAGOV]\nUNITED_STATES [USA]\n", "a", &mut dicts);
        petrarch::read_agents("GOVERNMENT [~GOV]\nAIDES [~GOV]\n", "g", &mut dicts);
        petrarch::read_verbs("--- PRAISE [051] ---\nPRAISE\n", "v", &mut dicts);
        let c = Coder::new(dicts, CoderOptions::default());
        let praised = |object: (&str, &str)| {
            triples(
                &c,
                &doc(&[("Biden", "Biden", "PROPN", 2, "nsubj"), ("praised", "praise", "VERB", 0, "root"), (object.0, object.0, object.1, 2, "obj")]),
                20000101,
            )
        };
        let on_itself = |t: Vec<String>| t.iter().any(|t| t.contains(">USAGOV"));
        assert_eq!(praised(("Harris", "PROPN")), ["USAGOV>USAGOV:051"]);
        assert!(!on_itself(praised(("Biden", "PROPN"))), "one entry on both sides is one actor");
        // "Biden praised Harris's aides": a noun a name owns is no name.
        let aides = doc(&[
            ("Biden", "Biden", "PROPN", 2, "nsubj"),
            ("praised", "praise", "VERB", 0, "root"),
            ("Harris", "Harris", "PROPN", 5, "nmod:poss"),
            ("'s", "'s", "PART", 3, "case"),
            ("aides", "aide", "NOUN", 2, "obj"),
        ]);
        assert!(!on_itself(triples(&c, &aides, 20000101)));
        // "Biden praised Harris's remarks": what a name owns is its act.
        let remarks = doc(&[
            ("Biden", "Biden", "PROPN", 2, "nsubj"),
            ("praised", "praise", "VERB", 0, "root"),
            ("Harris", "Harris", "PROPN", 5, "nmod:poss"),
            ("'s", "'s", "PART", 3, "case"),
            ("remarks", "remark", "NOUN", 2, "obj"),
        ]);
        assert_eq!(triples(&c, &remarks, 20000101), ["USAGOV>USAGOV:051"]);
        // "Biden praised the United States government": the country's body
        // may be Biden's own.
        let body = doc(&[
            ("Biden", "Biden", "PROPN", 2, "nsubj"),
            ("praised", "praise", "VERB", 0, "root"),
            ("United", "United", "PROPN", 4, "compound"),
            ("States", "States", "PROPN", 5, "compound"),
            ("government", "government", "NOUN", 2, "obj"),
        ]);
        assert!(!on_itself(triples(&c, &body, 20000101)));
        assert!(!on_itself(praised(("him", "PRON"))), "a pronoun may be the actor itself");
        assert!(!on_itself(praised(("government", "NOUN"))), "an unnamed role of the source's own country may be the source");
        // A country on itself is never a dyad.
        let d = doc(&[
            ("United", "United", "PROPN", 2, "compound"),
            ("States", "States", "PROPN", 3, "nsubj"),
            ("praised", "praise", "VERB", 0, "root"),
            ("United", "United", "PROPN", 5, "compound"),
            ("States", "States", "PROPN", 3, "obj"),
        ]);
        assert!(triples(&c, &d, 20000101).is_empty());
    }

    #[test]
    fn a_pronoun_reported_passive_under_a_relative_clause_stays_passive() {
        // "the Gondor government, which said they were attacked ...": the
        // government was attacked, by no one named; it attacked no one.
        let d = doc(&[
            ("Gondor", "Gondor", "PROPN", 2, "compound"),
            ("government", "government", "NOUN", 0, "root"),
            ("which", "which", "PRON", 4, "nsubj"),
            ("said", "say", "VERB", 2, "acl:relcl"),
            ("they", "they", "PRON", 7, "nsubj:pass"),
            ("were", "be", "AUX", 7, "aux:pass"),
            ("attacked", "attack", "VERB", 4, "ccomp"),
        ]);
        assert!(triples(&coder(), &d, 20000101).is_empty(), "{:?}", triples(&coder(), &d, 20000101));
    }

    #[test]
    fn a_countryless_role_subject_is_role_only_when_asked_and_never_a_target() {
        // "The government attacked Arnor" / "Arnor attacked the government"
        let d = |subject: &str, object: &str| {
            let row = |w: &str, rel: &'static str| (w.to_string(), if w == "government" { "NOUN" } else { "PROPN" }, rel);
            let (s, o) = (row(subject, "nsubj"), row(object, "obj"));
            let owned = [(s.0.clone(), s.1, 2, s.2), ("attacked".to_string(), "VERB", 0, "root"), (o.0.clone(), o.1, 2, o.2)];
            let rows: Vec<(&str, &str, &str, usize, &str)> = owned.iter().map(|(f, u, h, r)| (f.as_str(), f.as_str(), *u, *h, *r)).collect();
            doc(&rows)
        };
        let mut c = coder();
        assert!(triples(&c, &d("government", "Arnor"), 20000101).is_empty());
        c.options.role_only = true;
        assert_eq!(triples(&c, &d("government", "Arnor"), 20000101), ["GOV>ARN:190"]);
        assert!(triples(&c, &d("Arnor", "government"), 20000101).is_empty());
    }

    #[test]
    fn a_country_and_its_own_actor_in_one_subject_do_not_meet_each_other() {
        // "Arnor and the Arnor government met" / "Arnor and the Gondor government met"
        let d = |country: &'static str| {
            doc(&[
                ("Arnor", "Arnor", "PROPN", 6, "nsubj"),
                ("and", "and", "CCONJ", 5, "cc"),
                ("the", "the", "DET", 5, "det"),
                (country, country, "PROPN", 5, "compound"),
                ("government", "government", "NOUN", 1, "conj"),
                ("met", "meet", "VERB", 0, "root"),
            ])
        };
        assert!(triples(&coder(), &d("Arnor"), 20000101).is_empty());
        assert_eq!(triples(&coder(), &d("Gondor"), 20000101), ["ARN>GONGOV:040", "GONGOV>ARN:040"]);
    }

    #[test]
    fn an_act_with_no_recipient_has_a_null_target() {
        // "Gondor attacked." is an attack with no named victim; "Gondor
        // agreed." (030, an intent toward someone) needs its other side.
        let attacked = doc(&[("Gondor", "Gondor", "PROPN", 2, "nsubj"), ("attacked", "attack", "VERB", 0, "root"), (".", ".", "PUNCT", 2, "punct")]);
        let agreed = doc(&[("Gondor", "Gondor", "PROPN", 2, "nsubj"), ("agreed", "agree", "VERB", 0, "root"), (".", ".", "PUNCT", 2, "punct")]);
        let mut c = coder();
        assert_eq!(triples(&c, &attacked, 20030101), ["GON>-:190"]);
        assert!(triples(&c, &agreed, 20030101).is_empty());
        let e = &c.code(&attacked, 20030101, "2003-01-01").events[0];
        assert_eq!((e.target.as_deref(), e.target_text.as_deref(), e.target_span), (None, None, None));
        assert_eq!(e.check(&attacked.text, 1), Ok(()));
        // PETRARCH's rule, on request: no target, no event.
        c.options.require_target = true;
        assert!(triples(&c, &attacked, 20030101).is_empty());
        // A symmetric truce declared with no named other side is still one.
        let mut dicts = coder().dicts;
        petrarch::read_verbs("--- DECLARE [010] ---\nDECLARE\n- * CEASEFIRE [0871:0871]\n", "v2", &mut dicts);
        let c = Coder::new(dicts, CoderOptions::default());
        let truce = doc(&[
            ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
            ("declared", "declare", "VERB", 0, "root"),
            ("a", "a", "DET", 4, "det"),
            ("ceasefire", "ceasefire", "NOUN", 2, "obj"),
        ]);
        assert_eq!(triples(&c, &truce, 20030101), ["GON>-:0871"]);
    }
}
