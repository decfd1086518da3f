//! Participants: the actor codes a noun of the parse stands for, composed
//! from the mentions under it ("Iranian foreign minister" -> IRNGOVFRM),
//! with its conjuncts, and searched for inside a noun phrase.

use super::mentions::{Mention, MentionKind};
use super::tables::base_rel;
use super::{one_of, SentenceCtx};

/// A resolved participant: code plus the tokens it spans.
#[derive(Debug, Clone)]
pub(super) struct Participant {
    pub(super) code: String,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// An actor code with an agent's role: appended (IRN + GOVFRM), or put in
/// front for `NGO~`-style agents; a role the actor already has is not repeated.
fn compose(actor: &str, g: &crate::dict::Agent) -> String {
    if g.prefix {
        format!("{}{actor}", g.code)
    } else if ["IGO", "NGO", "MNC", "IMG"].iter().any(|o| actor.starts_with(o)) {
        // An organisation's officials, envoys and fighters are the
        // organisation: "the European Union's ambassador" is IGOEUREEC, "the
        // United Nations Security Council" IGOUNO; roles are a country's.
        actor.to_string()
    } else if actor.get(3..6).is_some_and(|r| ["REB", "INS", "UAF", "OPP"].contains(&r)) && ["UAF", "REB", "INS", "MIL"].contains(&g.code.as_str()) {
        // A named armed group's militants or fighters are the group:
        // "Hamas militants" is PSEREBHMS, not PSEREBHMSUAF.
        actor.to_string()
    } else if actor.len() == 6 && actor.ends_with("ELI") {
        // An elite (out of office at this date, or never listed in one)
        // under a role noun the text gives in the present ("elected
        // President Alberto Fujimori"): the role replaces the elite, as
        // `titled` does for a title in the name; "PERELIGOV" is no code.
        // A past role ("former President") never reaches here.
        format!("{}{}", &actor[..3], g.code)
    } else if actor.len() > 3 && actor[3..].starts_with(&g.code) {
        actor.to_string()
    } else {
        format!("{actor}{}", g.code)
    }
}

/// Roles that are actors without a country: police, armed forces,
/// government, rebels and insurgents, opposition, legislators, spies,
/// unidentified armed groups.
const ROLE_ONLY: &[&str] = &["COP", "MIL", "GOV", "REB", "INS", "OPP", "LEG", "SPY", "UAF"];
/// Roles that act as a role-only source: political actors, not unknown
/// gunmen (UAF), whose act is no dyad between named sides.
const ROLE_ONLY_SOURCES: &[&str] = &["COP", "MIL", "GOV", "REB", "INS", "OPP", "LEG", "SPY"];

/// Relations through which a modifier belongs to a noun phrase's own name
/// ("Iran's", "Iranian", "Foreign Minister"), not to a phrase attached to it.
fn tight_modifier(r: &str) -> bool {
    r == "nmod:poss" || r == "nmod:desc" || matches!(base_rel(r), "amod" | "compound" | "flat" | "det" | "nummod" | "name" | "fixed" | "appos")
}

/// Titles that say their holder is in office ("President Jacob Zuma",
/// "Pope Benedict"): the role they give, GOV or LEG.
const TITLES: &[(&str, &str)] = &[
    ("PRESIDENT", "GOV"),
    ("PREMIER", "GOV"),
    ("CHANCELLOR", "GOV"),
    ("MINISTER", "GOV"),
    ("KING", "GOV"),
    ("QUEEN", "GOV"),
    ("POPE", "GOV"),
    ("GOVERNOR", "GOV"),
    ("SECRETARY", "GOV"),
    ("AMBASSADOR", "GOV"),
    ("ENVOY", "GOV"),
    ("EMIR", "GOV"),
    ("SULTAN", "GOV"),
    ("MAYOR", "GOV"),
    ("SENATOR", "LEG"),
    ("SEN.", "LEG"),
    ("CONGRESSMAN", "LEG"),
    ("CONGRESSWOMAN", "LEG"),
    ("LAWMAKER", "LEG"),
];

/// Words that put a title in the past ("former President", "ex-minister").
const FORMER: &[&str] = &["FORMER", "EX", "EX-", "LATE", "ONE-TIME", "ONETIME", "RETIRED"];

/// Nouns that count or group the people an "of" phrase names.
pub(super) const QUANTITIES: &[&str] = &[
    "thousands",
    "hundreds",
    "dozens",
    "scores",
    "millions",
    "tens",
    "handful",
    "group",
    "groups",
    "number",
    "team",
    "crowd",
    "crowds",
    "coalition",
    "alliance",
    "bunch",
    "majority",
    "minority",
    "some",
    "many",
    "most",
    "all",
    "several",
    "one",
    "two",
    "three",
    "none",
    "each",
    "both",
    "members",
    "contingent",
    "batch",
    "band",
];

/// Agreements and meetings that carry the name of the place they were
/// made in.
const NAMED_BY_PLACE: &[&str] = &["accord", "agreement", "treaty", "protocol", "convention", "declaration", "summit", "conference", "format", "process"];

/// How an "at" phrase below a verb's argument reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum AtPhrase {
    /// Where the act happened ("an attack by soldiers at a checkpoint in
    /// X" is not against X).
    Place,
    /// Talking, meeting, cooperating (01x-05x): a venue ("met dignitaries
    /// at the UN headquarters") is where, its "with" phrase whom.
    Venue,
    /// Force (18x-20x): what it was aimed at ("fired a ballistic missile
    /// at Japan").
    Aim,
}

impl AtPhrase {
    /// How an act of CAMEO code `code` reads its "at" phrases.
    pub(super) fn for_code(code: &str) -> AtPhrase {
        match code.get(..2) {
            Some("01" | "02" | "03" | "04" | "05") => AtPhrase::Venue,
            Some("18" | "19" | "20") => AtPhrase::Aim,
            _ => AtPhrase::Place,
        }
    }
}

/// Prepositions of place.
const LOCATIVE_PREPS: &[&str] = &["in", "at", "near", "inside", "outside"];
/// Those of them whose whole phrase is the place, modifiers included ("in
/// New Jersey's largest city"); not "outside X's residence" (a protest aimed
/// at X) nor "at" ("fired at U.S. aircraft").
const CONTAINING_PREPS: &[&str] = &["in", "inside", "near"];

/// Venues: for an act of talking, meeting or cooperating, an "at" phrase
/// headed by one is where it happened, its modifiers included ("met
/// dignitaries at the United Nations headquarters", "spoke at a NATO
/// summit"), not with whom (`SentenceCtx::is_venue`). Buildings that are
/// attacked for who is in them ("fired at the embassy", "at a police
/// station") are not venues.
const VENUES: &[&str] = &[
    "headquarters",
    "summit",
    "conference",
    "meeting",
    "ceremony",
    "forum",
    "session",
    "hotel",
    "hall",
    "sidelines",
    "fair",
    "festival",
    "gathering",
    "convention",
];
/// Venues that are gatherings of people: their "of" phrase names who met
/// ("at a meeting of Hamas commanders"), not whose place it was.
const GATHERINGS: &[&str] = &["conference", "meeting", "gathering", "convention", "session"];

/// Whether phrase `x` is a place marked by a containing preposition ("in
/// Vienna", "near the border").
pub(super) fn is_containing_place(ctx: &SentenceCtx, x: usize) -> bool {
    CONTAINING_PREPS.iter().any(|p| ctx.has_case(x, p))
}

impl<'a> SentenceCtx<'a> {
    /// Mentions whose head is `tok` or hangs under it through tight
    /// noun-phrase modifiers ("Iran's", "Iranian", "Foreign Minister").
    pub(super) fn mentions_at(&self, tok: usize) -> Vec<&'a Mention> {
        let doc = self.doc;
        self.mentions
            .iter()
            .filter(|m| {
                let mut h = doc.span_head(m.start, m.end);
                for _ in 0..8 {
                    if h == tok {
                        return true;
                    }
                    // Not through a reporting verb's speaker the parser hung
                    // here as an apposition (`is_stranded_speaker`).
                    if self.rel(h) == "appos" && self.is_stranded_speaker(h) {
                        return false;
                    }
                    match doc.head[h] {
                        Some(p) if self.tight(h) => h = p as usize,
                        _ => return false,
                    }
                }
                false
            })
            .collect()
    }

    /// Whether token `h` belongs to its head's own noun phrase name: a
    /// `tight_modifier`, or a bare `nmod` with no preposition, which is how a
    /// parser may split a title from its name ("Deputy [Prime Minister
    /// Telemar]").
    fn tight(&self, h: usize) -> bool {
        tight_modifier(self.rel(h)) || (self.rel(h) == "nmod" && !self.children[h].iter().any(|&k| matches!(self.base(k), "case" | "punct")))
    }

    /// The participants a noun at `tok` stands for, composing actor and agent
    /// codes: "Iranian foreign minister" -> IRNGOVFRM; "the ambassadors of
    /// Arnor and Gondor" -> ARNGOV, GONGOV.
    fn participant_at(&self, tok: usize) -> Vec<Participant> {
        let mut ms = self.mentions_at(tok);
        // A place compounded onto a named actor's title ("Abuja President
        // Muhammadu Buhari", a dateline run into the name) yields to the
        // name: the phrase is the person, not a thing set in the place.
        let names_itself = |m: &&Mention| matches!(m.kind, MentionKind::Actor(_)) && self.doc.span_head(m.start, m.end) == tok;
        if ms.iter().any(names_itself) {
            let place_compound = |m: &&Mention| {
                let h = self.doc.span_head(m.start, m.end);
                matches!(m.kind, MentionKind::Actor(a) if self.coder.dicts.actors[a].code_at(self.date).is_some_and(|c| c.code.len() == 3))
                    && h != tok
                    && self.rel(h) == "compound"
            };
            ms.retain(|m| !place_compound(m));
        }
        // "Thousands of demonstrators", "a group of 35 organizations",
        // "hundreds of thousands of people": the act is the counted ones'.
        if ms.is_empty() && (self.doc.upos[tok] == dyads_text::Upos::Num || one_of(self.doc.form(tok), QUANTITIES)) {
            if let Some(&of) = self.kids(tok, &["nmod"]).iter().find(|&&k| self.children[k].iter().any(|&c| self.doc.form(c).eq_ignore_ascii_case("of"))) {
                return self.participant_at(of);
            }
        }
        let actor_of = |ms: &[&Mention]| {
            ms.iter().find_map(|m| match m.kind {
                MentionKind::Actor(a) => self.coder.dicts.actors[a].code_at(self.date).map(|c| (c.code.clone(), m.start, m.end)),
                _ => None,
            })
        };
        let agent = ms.iter().find_map(|m| match m.kind {
            MentionKind::Agent(a) => Some((&self.coder.dicts.agents[a], m.start, m.end)),
            _ => None,
        });
        let span = |ms: &[&Mention]| ms.iter().fold((tok, tok + 1), |(s, e), m| (s.min(m.start), e.max(m.end)));
        let (start, end) = span(&ms);
        match (actor_of(&ms), agent) {
            (Some((a, s1, e1)), Some((g, ..))) => {
                // "Former French President X": a past role is an elite's.
                let former = (start.saturating_sub(2).max(self.sentence_start(tok))..end).any(|i| self.is_former(i));
                let code = match a.get(..3) {
                    Some(country) if former && self.coder.ontology.country(country).is_some() => format!("{country}ELI"),
                    _ => compose(&a, g),
                };
                // "Eriadori and Calenardhon leaders": conjoined modifiers give
                // one participant each.
                let mut out = vec![Participant { code, start, end }];
                let head = self.doc.span_head(s1, e1);
                if head != tok {
                    for c in self.kids(head, &["conj"]) {
                        if let Some((a2, ..)) = actor_of(&self.mentions_at(c)) {
                            out.push(Participant { code: compose(&a2, g), start: c, end: c + 1 });
                        }
                    }
                }
                out
            }
            // A country as the compound of a thing is its place or topic, not
            // a party: "the Paris accord", "a Baghdad attack", "Syria talks".
            (Some((a, s1, e1)), None) if a.len() == 3 && self.doc.span_head(s1, e1) != tok && self.rel(self.doc.span_head(s1, e1)) == "compound" => Vec::new(),
            (Some((a, ..)), None) => vec![Participant { code: self.titled(a, tok, start, end), start, end }],
            (None, Some((g, ..))) => {
                // "ambassadors of Arnor, Osgiliath and Gondor", "lawmakers in Arnor":
                // the agent takes its country from a prepositional modifier.
                let mut out = Vec::new();
                // Not unidentified attackers' place: "a terrorist attack in
                // Saudi Arabia" is no Saudi force (as with the setting below).
                let place = |c: usize| {
                    self.children[c].iter().any(|&k| self.base(k) == "case" && one_of(self.doc.form(k), &["in", "at", "near", "across", "throughout"]))
                };
                for c in self.kids(tok, &["nmod", "obl"]).into_iter().filter(|&c| !(g.code == "UAF" && place(c))) {
                    let mut heads = vec![c];
                    heads.extend(self.kids(c, &["conj"]));
                    for h in heads {
                        if let Some((a, s2, e2)) = actor_of(&self.mentions_at(h)) {
                            out.push(Participant { code: compose(&a, g), start: start.min(s2), end: end.max(e2) });
                        }
                    }
                    if !out.is_empty() {
                        return out;
                    }
                }
                // A role with no country of its own ("police", "the
                // government") takes the country where the sentence is set
                // ("in Zimbabwe"); a subject may stay role-only
                // (`role_only_subject`).
                // It must be the noun itself ("police", not
                // "police station") and a political actor's role: a bare
                // "people" or "court" is too vague to build a dyad on.
                let (_, gs, ge) = agent.expect("matched above");
                // A titled person takes the setting only where the sentence
                // names no actor at all (a dateline's): "President X
                // appealed for peace in Y" is seldom Y's president.
                let titled = self.doc.span_head(gs, ge) != tok && self.titles_name(self.doc.span_head(gs, ge), tok) && !self.names_an_actor();
                let political = (self.doc.span_head(gs, ge) == tok || titled) && ROLE_ONLY.contains(&g.code.as_str());
                // A titled stranger only by the dateline: "Prime Minister X
                // arrived in Bergamo" is seldom Italy's.
                let country = if titled { self.dateline.map(str::to_string) } else { self.clause_place_country(tok).or_else(|| self.setting_country()) };
                match country {
                    // Unidentified gunmen in a country are not its forces.
                    Some(country) if political && g.code != "UAF" => vec![Participant { code: compose(&country, g), start, end }],
                    _ => Vec::new(),
                }
            }
            (None, None) => Vec::new(),
        }
    }

    /// "the country" (or "the nation") standing for the one country the
    /// sentence named before it: "Turkey's President ... the country's
    /// invasion of northern Syria". None when several were named. Only as
    /// an event noun's possessor (`noun_dyads`): reached through a verb's
    /// time phrase ("killed ... on the first day of the country's
    /// invasion") it would become that verb's target.
    pub(super) fn the_country(&self, tok: usize) -> Option<Participant> {
        if !one_of(self.doc.form(tok), &["country", "nation"]) || !self.kids(tok, &["det"]).iter().any(|&d| self.doc.form(d).eq_ignore_ascii_case("the")) {
            return None;
        }
        if self.children[tok].iter().any(|&k| matches!(self.base(k), "amod" | "nmod" | "compound" | "acl")) {
            return None;
        }
        // A country named as such, not as the place the sentence is set in;
        // else the country of the actors named ("Erdogan, in Moscow, said
        // the country's invasion" is Turkey's).
        let mut countries: Vec<&str> = Vec::new();
        let mut actors: Vec<&str> = Vec::new();
        for m in self.mentions.iter().filter(|m| m.end <= tok) {
            let MentionKind::Actor(a) = m.kind else { continue };
            let Some(code) = self.coder.dicts.actors[a].code_at(self.date).map(|c| c.code.as_str()) else { continue };
            let Some(country) = code.get(..3).filter(|c| self.coder.ontology.country(c).is_some()) else { continue };
            let head = self.doc.span_head(m.start, m.end);
            if self.children[head].iter().any(|&k| self.base(k) == "case" && one_of(self.doc.form(k), &["in", "at", "across", "throughout", "near"])) {
                continue;
            }
            if code.len() == 3 { &mut countries } else { &mut actors }.push(country);
        }
        let mut pool = if countries.is_empty() { actors } else { countries };
        pool.sort_unstable();
        pool.dedup();
        (pool.len() == 1).then(|| Participant { code: pool[0].to_string(), start: tok, end: tok + 1 })
    }

    /// The role noun at `role` is the title of the name headed by `name`
    /// ("Vice President M Venkaiah Naidu", "Interior Minister X"), a person
    /// the dictionary does not know at this date: the title is then the
    /// evidence of the role (issue 15, 4(d)). Not for a former holder.
    fn titles_name(&self, role: usize, name: usize) -> bool {
        if self.doc.upos[name] != dyads_text::Upos::Propn || role >= name {
            return false;
        }
        let mut h = role;
        while h != name {
            match self.doc.head[h] {
                Some(up) if matches!(self.rel(h), "compound" | "nmod:desc" | "flat") => h = up as usize,
                _ => return false,
            }
        }
        !(role.saturating_sub(2).max(self.sentence_start(name))..name).any(|i| self.is_former(i))
    }

    /// The one country named in the place phrase ("in Brussels", "across
    /// France") of the verb whose subject `tok` is: "Thousands of
    /// demonstrators took to the streets in Brussels ... as protestors
    /// crowded the streets of Amsterdam" are Belgians, though the sentence
    /// names several countries.
    fn clause_place_country(&self, tok: usize) -> Option<String> {
        // "Thousands of demonstrators": the counted ones' quantity is the subject.
        let mut subj = tok;
        if self.base(subj) == "nmod" {
            subj = self.doc.head[subj]? as usize;
            if !(self.doc.upos[subj] == dyads_text::Upos::Num || one_of(self.doc.form(subj), QUANTITIES)) {
                return None;
            }
        }
        if self.base(subj) != "nsubj" {
            return None;
        }
        let v = self.doc.head[subj]? as usize;
        let phrases = self.kids(v, &["obl"]);
        // Failing the verb's own place phrases, one hung from them: "took
        // to the streets in Brussels", where parsers differ on the head. Never
        // against the verb's own: "rallied in Paris against the war in Iraq".
        match self.one_place_country(&phrases) {
            Ok(None) => self.one_place_country(&phrases.iter().flat_map(|&o| self.kids(o, &["nmod"])).collect::<Vec<_>>()).ok().flatten(),
            found => found.ok().flatten(),
        }
    }

    /// The one country named by the "in"/"across"/"throughout" phrases
    /// among `phrases`: `Ok(None)` for none, `Err` for several.
    fn one_place_country(&self, phrases: &[usize]) -> Result<Option<String>, ()> {
        let mut found: Option<String> = None;
        for &o in phrases {
            if !self.children[o].iter().any(|&k| self.base(k) == "case" && one_of(self.doc.form(k), &["in", "across", "throughout"])) {
                continue;
            }
            // A named place ("in Brussels"), not a nationality on a common
            // noun ("died in an Israeli air strike").
            for m in self.mentions_at(o).into_iter().filter(|m| self.doc.span_head(m.start, m.end) == o) {
                let MentionKind::Actor(a) = m.kind else { continue };
                let Some(code) = self.coder.dicts.actors[a].code_at(self.date).map(|c| &c.code) else { continue };
                if code.len() == 3 {
                    match &found {
                        Some(c) if c != code => return Err(()),
                        _ => found = Some(code.clone()),
                    }
                }
            }
        }
        Ok(found)
    }

    /// Some actor of the sentence has a code at its date (any country,
    /// organisation or coded person).
    fn names_an_actor(&self) -> bool {
        self.mentions.iter().any(|m| match m.kind {
            MentionKind::Actor(a) => self.coder.dicts.actors[a].code_at(self.date).is_some(),
            _ => false,
        })
    }

    /// A subject that is a bare political role with no country anywhere in
    /// the sentence ("Police arrested ...", "Authorities continued their
    /// crackdown"): role-only (`COP`), as GDELT leaves the country blank.
    /// Only ever a source: as a target a countryless role is the source's
    /// own country's (`countryless_targets`), and a guess otherwise.
    pub(super) fn role_only_subject(&self, subj: usize) -> Vec<Participant> {
        let mut heads = vec![subj];
        heads.extend(self.kids(subj, &["conj"]));
        heads
            .into_iter()
            .filter_map(|tok| {
                let ms = self.mentions_at(tok);
                if ms.iter().any(|m| matches!(m.kind, MentionKind::Actor(_))) {
                    return None;
                }
                ms.iter().find_map(|m| match m.kind {
                    MentionKind::Agent(a)
                        if self.doc.span_head(m.start, m.end) == tok && ROLE_ONLY_SOURCES.contains(&self.coder.dicts.agents[a].code.as_str()) =>
                    {
                        Some(Participant { code: self.coder.dicts.agents[a].code.clone(), start: m.start, end: m.end })
                    }
                    _ => None,
                })
            })
            .collect()
    }

    /// A role with no country among `v`'s objects ("urged Congress",
    /// "attacking the government", "met lawmakers") or addressees ("met with
    /// officials"), given the country of
    /// the act's source: who a national actor deals with unnamed is its own
    /// country's ("Biden urged Congress" is USAGOV -> USALEG). Only when the
    /// source is a country's actor; an organisation's partner has no
    /// country to inherit.
    pub(super) fn countryless_targets(&self, v: usize, sources: &[Participant]) -> Vec<Participant> {
        let Some(country) = sources.first().and_then(|s| s.code.get(..3)).filter(|c| self.coder.ontology.country(c).is_some()) else {
            return Vec::new();
        };
        // Also the one dealt with through a preposition: "discussed ...
        // with Secretary Cardona", "called on police chiefs", "cracked down
        // on protesters" (not "to": "abandoned their duties to chase
        // farmers" is a purpose, not an addressee; never a place phrase).
        let objects = self.kids(v, &["obj", "iobj"]);
        // And who carried out the act an object names: "hailed the curfew
        // imposed by the government" is the source's own government's
        // (like a phrase through a preposition, never its rebels).
        let doers: Vec<usize> = objects
            .iter()
            .flat_map(|&o| self.carried_out_participles(o))
            .flat_map(|p| self.kids(p, &["obl"]).into_iter().filter(|&k| self.has_case(k, "by")))
            .collect();
        let addressed = self
            .kids(v, &["obl"])
            .into_iter()
            .filter(|&c| self.children[c].iter().any(|&k| self.base(k) == "case" && one_of(self.doc.form(k), &["with", "on"])));
        for c in objects.iter().copied().chain(addressed).chain(doers) {
            // Whom one fights or meets through a preposition is often
            // foreign or opposed: "clashed with rebels in Syria", "met with
            // opposition leaders" are not the source's own.
            let through_preposition = !objects.contains(&c);
            let ms = self.mentions_at(c);
            let agent = ms.iter().find_map(|m| match m.kind {
                MentionKind::Agent(g) if self.doc.span_head(m.start, m.end) == c => Some((&self.coder.dicts.agents[g], m.start, m.end)),
                _ => None,
            });
            let has_actor = ms.iter().any(|m| matches!(m.kind, MentionKind::Actor(_)));
            // Any domestic role ("convicted the journalist": its court's
            // journalist), but not unidentified gunmen, refugees (mostly
            // foreign to where they are) or organisation-type prefixes (NGO).
            let excluded = |code: &str| matches!(code, "UAF" | "REF") || (through_preposition && matches!(code, "REB" | "OPP" | "INS"));
            if let Some((g, start, end)) = agent.filter(|(g, ..)| !has_actor && !g.prefix && !excluded(&g.code)) {
                return vec![Participant { code: compose(country, g), start, end }];
            }
        }
        Vec::new()
    }

    /// The one country the sentence is set in: a country named as the
    /// object of "in", "across" or "throughout" ("Police in Harare",
    /// "protests across Nigeria"). `None` when there is none or several.
    pub(super) fn setting_country(&self) -> Option<String> {
        let mut found: Option<String> = None;
        for m in self.mentions {
            let MentionKind::Actor(a) = m.kind else { continue };
            let Some(code) = self.coder.dicts.actors[a].code_at(self.date).map(|c| &c.code) else { continue };
            let head = self.doc.span_head(m.start, m.end);
            let locative = self.children[head].iter().any(|&k| one_of(self.doc.form(k), &["in", "across", "throughout"]));
            if code.len() == 3 && locative {
                match &found {
                    Some(c) if c != code => return None,
                    _ => found = Some(code.clone()),
                }
            }
        }
        found.or_else(|| self.setting.map(str::to_string))
    }

    /// The code of an actor the dictionary gives only as an elite at this
    /// date (`ZAFELI`: out of office then, or never listed in office) when
    /// the text gives its office: "South African President Jacob Zuma" is
    /// ZAFGOV, "Senator X" USALEG; "former President X" stays ZAFELI.
    fn titled(&self, code: String, tok: usize, start: usize, end: usize) -> String {
        let Some(country) = code.strip_suffix("ELI").filter(|c| c.len() == 3) else { return code };
        // The noun phrase's own words: the mention and the head's tight modifiers.
        let mut words: Vec<usize> = (start..end).collect();
        words.extend(self.children[tok].iter().copied().filter(|&c| self.tight(c) && c < tok));
        // "Former" may be parsed off the phrase ("Former French President X
        // was declared": an adverb of the verb); the two words before the
        // title still qualify it.
        let first = words.iter().copied().min().unwrap_or(tok);
        words.extend(first.saturating_sub(2).max(self.sentence_start(tok))..first);
        let upper = |i: usize| self.upper.form(i);
        if words.iter().any(|&i| self.is_former(i)) {
            return code;
        }
        match words.iter().find_map(|&i| TITLES.iter().find(|t| t.0 == upper(i)).map(|t| t.1)) {
            Some(role) => format!("{country}{role}"),
            None => code,
        }
    }

    /// Token `i` says a role is past: "former", "ex-", "late".
    fn is_former(&self, i: usize) -> bool {
        let w = self.upper.form(i);
        FORMER.contains(&w) || w.starts_with("EX-") || w.starts_with("FORMER")
    }

    /// A participant for argument token `t`, with its conjuncts.
    /// A conjoined role noun shares the first conjunct's country: "Danish
    /// media and government" -> DNKMED, DNKGOV.
    pub(super) fn participants(&self, t: usize) -> Vec<Participant> {
        let mut out = self.participant_at(t);
        // Lists are often parsed with appositions ("Mordor, the Shire, Arnor
        // and Bree"): an apposition naming another country is a list member;
        // one naming the same country ("Zarif, Iran's envoy") is not.
        let country = |p: &Participant| p.code.get(..3).unwrap_or("").to_string();
        // Not a reporting verb's speaker hung here ("a truce with Iran,
        // Gondor said": `is_stranded_speaker`).
        let mut todo: Vec<usize> = self.kids(t, &["conj", "appos"]).into_iter().filter(|&k| !self.is_stranded_speaker(k)).collect();
        // Or as a name's parts: "Iran, Iraq met" with "Iraq" `flat` under
        // "Iran". Only a part after a comma that names an actor of its own.
        todo.extend(
            self.kids(t, &["flat"]).into_iter().filter(|&f| {
                f > 0 && self.doc.form(f - 1) == "," && self.mentions_at(f).iter().any(|m| matches!(m.kind, MentionKind::Actor(_)) && m.start == f)
            }),
        );
        // "Khalilzad, a former ambassador to Iraq, Afghanistan and the
        // UN": conjuncts after an apposition's own prepositional phrase
        // continue that phrase's list, wherever the parser hung them.
        // Only a prepositional phrase ("to Iraq", not "Russia's"), and only
        // a conjunct the apposition's closing comma follows: in "Putin, the
        // president of Russia, and Erdogan met", Erdogan is a subject.
        let appos_phrase = self
            .kids(t, &["appos"])
            .into_iter()
            .flat_map(|a| self.kids(a, &["nmod"]))
            .filter(|&n| self.rel(n) == "nmod" && self.children[n].iter().any(|&k| self.base(k) == "case"))
            .max();
        let closed_by_comma = |c: usize| {
            let last = self.doc.subtree(self.children, c).into_iter().max().unwrap_or(c);
            last + 1 < self.doc.len() && self.doc.form(last + 1) == ","
        };
        // The list's last conjunct carries the closing comma for all of them.
        let after_phrase = |c: usize| self.base(c) == "conj" && appos_phrase.is_some_and(|n| c > n);
        let last_conj = todo.iter().copied().filter(|&c| after_phrase(c)).max();
        if last_conj.is_some_and(closed_by_comma) {
            todo.retain(|&c| !after_phrase(c));
        }
        while let Some(x) = todo.pop() {
            let mut ps = self.participant_at(x);
            if ps.is_empty() {
                ps = self.shared_country(t, x);
            }
            if self.rel(x) == "appos" {
                ps.retain(|p| !out.iter().any(|o| country(o) == country(p)));
            }
            out.extend(ps);
            todo.extend(self.kids(x, &["conj", "appos"]));
        }
        // A bare role first, its country on a later conjunct: "Lawmakers and
        // officials in Arnor and Gondor" -> ARNLEG, GONLEG, ARNGOV, GONGOV.
        if !out.is_empty() && !out.iter().any(|p| p.start <= t && t < p.end) {
            let agent = self.mentions_at(t).into_iter().find_map(|m| match m.kind {
                MentionKind::Agent(g) if self.doc.span_head(m.start, m.end) == t => Some(&self.coder.dicts.agents[g]),
                _ => None,
            });
            if let Some(g) = agent {
                let mut countries: Vec<String> = out.iter().filter_map(|p| p.code.get(..3).map(str::to_string)).collect();
                countries.sort();
                countries.dedup();
                for c in countries {
                    out.push(Participant { code: compose(&c, g), start: t, end: t + 1 });
                }
            }
        }
        out.sort_by_key(|p| p.start);
        out
    }

    /// For a conjunct `x` that is a bare role (an agent with no actor of its
    /// own), the role composed with the actor modifying the first conjunct.
    fn shared_country(&self, first: usize, x: usize) -> Vec<Participant> {
        let agent = self.mentions_at(x).into_iter().find_map(|m| match m.kind {
            MentionKind::Agent(g) => Some(&self.coder.dicts.agents[g]),
            _ => None,
        });
        let Some(g) = agent else { return Vec::new() };
        let actor = self.mentions_at(first).into_iter().find_map(|m| match m.kind {
            MentionKind::Actor(a) if self.doc.span_head(m.start, m.end) != first => self.coder.dicts.actors[a].code_at(self.date).map(|c| c.code.clone()),
            _ => None,
        });
        match actor {
            Some(a) => vec![Participant { code: compose(&a, g), start: x, end: x + 1 }],
            None => Vec::new(),
        }
    }

    /// Whether `x` has the preposition `prep` as a case dependent.
    pub(super) fn has_case(&self, x: usize, prep: &str) -> bool {
        self.children[x].iter().any(|&k| self.base(k) == "case" && self.doc.form(k).eq_ignore_ascii_case(prep))
    }

    /// Participants in the noun phrase under argument `c`, searched breadth
    /// first ("resumption of ties with Mordor and Rohan" -> Mordor, Rohan),
    /// without entering clauses.
    pub(super) fn participants_under(&self, c: usize) -> Vec<Participant> {
        self.participants_under_at(c, AtPhrase::Place)
    }

    /// Whether phrase `x` is an "at" phrase headed by a venue (`VENUES`).
    pub(super) fn is_venue(&self, x: usize) -> bool {
        self.has_case(x, "at") && one_of(&self.lower(x), VENUES)
    }

    /// `participants_under`, with "at" phrases read as `at` says: for
    /// `AtPhrase::Venue`, one headed by a venue is a place: only its "with"
    /// phrase ("at a meeting with Wang Yi") and a gathering's "of" phrase
    /// ("at a meeting of Hamas commanders") still name whom.
    pub(super) fn participants_under_at(&self, c: usize, at: AtPhrase) -> Vec<Participant> {
        let venues = at == AtPhrase::Venue && !self.coder.options.locative_targets;
        let venue = |x: usize| venues && self.is_venue(x);
        let gathering = |x: usize| one_of(&self.lower(x), GATHERINGS);
        let mut frontier = vec![c];
        for _ in 0..6 {
            // A reporting verb's speaker hung inside what it reports is no
            // party to it (`is_stranded_speaker`).
            frontier.retain(|&x| !self.is_stranded_speaker(x));
            let mut found = Vec::new();
            // A place is where, not whom: "an attack by Osgiliath soldiers in
            // south Ithilen" is against the soldiers' targets, not Ithilen,
            // and "met diplomats in Vienna" is not a meeting with Austria.
            // Force "at" someone is aimed at them: "fired a missile at Japan".
            let locative = |x: usize| {
                x != c
                    && self.children[x].iter().any(|&k| {
                        self.base(k) == "case"
                            && one_of(self.doc.form(k), LOCATIVE_PREPS)
                            && !(at == AtPhrase::Aim && self.doc.form(k).eq_ignore_ascii_case("at"))
                    })
            };
            for &x in frontier.iter().filter(|&&x| !locative(x) && !venue(x)) {
                found.extend(self.participants(x));
            }
            // PETRARCH's convention, on request: a place when nothing else is there.
            if found.is_empty() && self.coder.options.locative_targets {
                for &x in frontier.iter().filter(|&&x| locative(x)) {
                    found.extend(self.participants(x));
                }
            }
            if !found.is_empty() {
                found.sort_by_key(|p| p.start);
                found.dedup_by(|a, b| a.start == b.start);
                return found;
            }
            frontier = frontier
                .iter()
                // A place phrase's own modifiers are the place too.
                .filter(|&&x| self.coder.options.locative_targets || !is_containing_place(self, x))
                // A venue's too, but for whom one met there.
                .flat_map(|&x| {
                    self.children[x]
                        .iter()
                        .copied()
                        .filter(move |&k| !venue(x) || (self.base(k) == "nmod" && (self.has_case(k, "with") || (gathering(x) && self.has_case(k, "of")))))
                })
                // Reduced relative clauses count: "memos sent by Bree", "the
                // parade supporting Gondor" (PETRARCH reads actors anywhere
                // in the object's noun phrase); full relative clauses do not.
                .filter(|&k| matches!(self.base(k), "nmod" | "obl" | "compound" | "appos" | "obj") || self.rel(k) == "acl")
                // A city naming an agreement or a meeting is where it was
                // made, not a party: "the Paris accord", "the Minsk
                // agreements", "the Geneva talks".
                .filter(|&k| !(self.base(k) == "compound" && self.doc.head[k].is_some_and(|h| one_of(&self.lower(h as usize), NAMED_BY_PLACE))))
                .collect();
            if frontier.is_empty() {
                break;
            }
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn an_organisation_s_or_armed_group_s_people_are_the_organisation_or_group() {
        let c = {
            let mut d = Dictionaries::default();
            petrarch::read_actors("IRAN_ [IRN]\nIRAQ_ [IRQ]\nHAMAS [PSEREBHMS]\nNATO [IGOWSTNAT]\n", "a", &mut d);
            petrarch::read_agents("MILITANTS [~UAF]\nAMBASSADOR [~GOV]\n", "g", &mut d);
            petrarch::read_verbs("--- ATTACK [190] ---\nATTACK\n", "v", &mut d);
            Coder::new(d, CoderOptions::default())
        };
        // "<Hamas militants|NATO ambassador|Iran militants> attacked Iran(ian) ..."
        let d = |actor: &str, agent: &str| {
            doc(&[
                (actor, actor, "PROPN", 2, "compound"),
                (agent, agent, "NOUN", 3, "nsubj"),
                ("attacked", "attack", "VERB", 0, "root"),
                ("Iran", "Iran", "PROPN", 3, "obj"),
            ])
        };
        assert_eq!(triples(&c, &d("Hamas", "militants"), 20000101), ["PSEREBHMS>IRN:190"]);
        assert_eq!(triples(&c, &d("NATO", "ambassador"), 20000101), ["IGOWSTNAT>IRN:190"]);
        // A country's militants are still its militants.
        assert_eq!(triples(&c, &d("Iraq", "militants"), 20000101), ["IRQUAF>IRN:190"]);
    }

    #[test]
    fn an_elite_under_a_present_title_takes_the_title_s_role() {
        // Foreign Minister Zarif attacked Arnor: Zarif is IRNELI before
        // 2013-08-15, and the title makes him IRNGOVFRM, never IRNELIGOVFRM.
        let d = doc(&[
            ("Foreign", "foreign", "ADJ", 2, "amod"),
            ("Minister", "minister", "PROPN", 3, "compound"),
            ("Zarif", "Zarif", "PROPN", 4, "nsubj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("Arnor", "Arnor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["IRNGOVFRM>ARN:190"]);
    }

    #[test]
    fn a_counted_group_acts_as_what_it_counts() {
        // Dozens of Arnor attacked Gondor
        let d = doc(&[
            ("Dozens", "dozen", "NOUN", 4, "nsubj"),
            ("of", "of", "ADP", 3, "case"),
            ("Arnor", "Arnor", "PROPN", 1, "nmod"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:190"]);
    }

    #[test]
    fn conjuncts_after_an_apposition_s_phrase_continue_its_list_not_the_subject() {
        // "Arnor, an ally of Gondor and Osgiliath, attacked Iran", with
        // Osgiliath misparsed as a conjunct of Arnor.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 10, "nsubj"),
            (",", ",", "PUNCT", 4, "punct"),
            ("an", "a", "DET", 4, "det"),
            ("ally", "ally", "NOUN", 1, "appos"),
            ("of", "of", "ADP", 6, "case"),
            ("Gondor", "Gondor", "PROPN", 4, "nmod"),
            ("and", "and", "CCONJ", 8, "cc"),
            ("Osgiliath", "Osgiliath", "PROPN", 1, "conj"),
            (",", ",", "PUNCT", 1, "punct"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("Iran", "Iran", "PROPN", 10, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>IRN:190"]);
        // "Arnor, an ally of Gondor, Iran and Osgiliath, attacked": the
        // closing comma follows the list's last member only.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 12, "nsubj"),
            (",", ",", "PUNCT", 4, "punct"),
            ("an", "a", "DET", 4, "det"),
            ("ally", "ally", "NOUN", 1, "appos"),
            ("of", "of", "ADP", 6, "case"),
            ("Gondor", "Gondor", "PROPN", 4, "nmod"),
            (",", ",", "PUNCT", 8, "punct"),
            ("Iran", "Iran", "PROPN", 1, "conj"),
            ("and", "and", "CCONJ", 10, "cc"),
            ("Osgiliath", "Osgiliath", "PROPN", 1, "conj"),
            (",", ",", "PUNCT", 1, "punct"),
            ("attacked", "attack", "VERB", 0, "root"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>-:190"]);
        // "Arnor, an ally of Gondor, and Osgiliath attacked Iran": a subject.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 10, "nsubj"),
            (",", ",", "PUNCT", 4, "punct"),
            ("an", "a", "DET", 4, "det"),
            ("ally", "ally", "NOUN", 1, "appos"),
            ("of", "of", "ADP", 6, "case"),
            ("Gondor", "Gondor", "PROPN", 4, "nmod"),
            (",", ",", "PUNCT", 4, "punct"),
            ("and", "and", "CCONJ", 9, "cc"),
            ("Osgiliath", "Osgiliath", "PROPN", 1, "conj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("Iran", "Iran", "PROPN", 10, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>IRN:190", "OSG>IRN:190"]);
    }

    #[test]
    fn a_place_naming_an_agreement_is_no_party_to_it() {
        // "Arnor attacked the Gondor accord" / "... the Gondor government"
        let d = |noun: &str| {
            doc(&[
                ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
                ("attacked", "attack", "VERB", 0, "root"),
                ("the", "the", "DET", 5, "det"),
                ("Gondor", "Gondor", "PROPN", 5, "compound"),
                (noun, noun, "NOUN", 2, "obj"),
            ])
        };
        assert!(!triples(&coder(), &d("accord"), 20000101).iter().any(|t| t.contains(">GON")), "{:?}", triples(&coder(), &d("accord"), 20000101));
        assert_eq!(triples(&coder(), &d("government"), 20000101), ["ARN>GONGOV:190"]);
    }

    #[test]
    fn a_countryless_role_as_object_is_of_the_source_country() {
        // Iran attacked the government; an invented country has none to give.
        for (name, expected) in [("Iran", vec!["IRN>IRNGOV:190"]), ("Gondor", vec![])] {
            let d = doc(&[
                (name, name, "PROPN", 2, "nsubj"),
                ("attacked", "attack", "VERB", 0, "root"),
                ("the", "the", "DET", 4, "det"),
                ("government", "government", "NOUN", 2, "obj"),
            ]);
            assert_eq!(triples(&coder(), &d, 20000101), expected);
        }
        // Through "with" or "on" (the one dealt with), not "to" (a purpose)
        // nor a place phrase; a meeting with no one named codes nothing.
        for (prep, expected) in [("with", vec!["IRN>IRNGOV:040"]), ("to", vec![]), ("in", vec![])] {
            let d = doc(&[
                ("Iran", "Iran", "PROPN", 2, "nsubj"),
                ("met", "meet", "VERB", 0, "root"),
                (prep, prep, "ADP", 5, "case"),
                ("the", "the", "DET", 5, "det"),
                ("government", "government", "NOUN", 2, "obl"),
            ]);
            assert_eq!(triples(&coder(), &d, 20000101), expected, "{prep}");
        }
    }

    #[test]
    fn a_role_without_a_country_takes_the_sentence_place_or_the_dateline() {
        // Government attacked Gondor in Paris
        let d = doc(&[
            ("Government", "government", "NOUN", 2, "nsubj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 2, "obj"),
            ("in", "in", "ADP", 5, "case"),
            ("Paris", "Paris", "PROPN", 2, "obl"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["FRAGOV>GON:190"]);
        // Without a place the role has no country and codes nothing.
        let d = doc(&[("Government", "government", "NOUN", 2, "nsubj"), ("attacked", "attack", "VERB", 0, "root"), ("Gondor", "Gondor", "PROPN", 2, "obj")]);
        assert!(triples(&coder(), &d, 20000101).is_empty());
        // Through the dateline: "CAIRO (Reuters) - Government attacked Gondor."
        let pipeline_free = dyads_text::tokenize("t", "CAIRO (Reuters) - The government attacked Gondor.");
        let fm = &pipeline_free.front_matter;
        assert_eq!(fm.len(), 1, "{fm:?}");
        let place = fm[0].place.clone().unwrap();
        assert_eq!(crate::geo::Gazetteer::embedded().place_country(&pipeline_free, place.start, place.end).as_deref(), Some("EGY"));
    }

    #[test]
    fn a_title_makes_an_elite_a_holder_unless_former_qualifies_it_wherever_parsed() {
        // "[Former] President Zarif met Gondor" in 2000, when the dictionary
        // has Zarif an elite; "Former" parsed as the verb's adverb.
        let d = |former: bool| {
            let mut rows = vec![
                ("President", "President", "PROPN", 2, "nmod:desc"),
                ("Zarif", "Zarif", "PROPN", 3, "nsubj"),
                ("met", "meet", "VERB", 0, "root"),
                ("Gondor", "Gondor", "PROPN", 3, "obj"),
            ];
            if former {
                rows = vec![
                    ("Former", "former", "ADJ", 4, "advmod"),
                    ("President", "President", "PROPN", 3, "nmod:desc"),
                    ("Zarif", "Zarif", "PROPN", 4, "nsubj"),
                    ("met", "meet", "VERB", 0, "root"),
                    ("Gondor", "Gondor", "PROPN", 4, "obj"),
                ];
            }
            doc(&rows)
        };
        assert_eq!(triples(&coder(), &d(false), 20000101), ["IRNGOV>GON:040"]);
        assert_eq!(triples(&coder(), &d(true), 20000101), ["IRNELI>GON:040"]);
    }

    #[test]
    fn a_place_compounded_onto_a_named_actor_yields_to_the_name() {
        // "Gondor President Zarif met Arnor" in 2014 (Zarif IRNGOV then):
        // a dateline's place run into the name is no thing set in Gondor.
        let d = doc(&[
            ("Gondor", "Gondor", "PROPN", 2, "compound"),
            ("President", "President", "PROPN", 3, "nmod:desc"),
            ("Zarif", "Zarif", "PROPN", 4, "nsubj"),
            ("met", "meet", "VERB", 0, "root"),
            ("Arnor", "Arnor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20140101), ["IRNGOV>ARN:040"]);
    }

    #[test]
    fn a_role_subject_takes_the_country_of_its_own_verb_s_place_phrase() {
        // "Government attacked Gondor in Arnor while rebels marched in
        // Osgiliath": two places in the sentence, one in the clause.
        let d = doc(&[
            ("Government", "government", "NOUN", 2, "nsubj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 2, "obj"),
            ("in", "in", "ADP", 5, "case"),
            ("Arnor", "Arnor", "PROPN", 2, "obl"),
            ("while", "while", "SCONJ", 8, "mark"),
            ("rebels", "rebel", "NOUN", 8, "nsubj"),
            ("marched", "march", "VERB", 2, "advcl"),
            ("in", "in", "ADP", 10, "case"),
            ("Osgiliath", "Osgiliath", "PROPN", 8, "obl"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARNGOV>GON:190"]);
        // The place may hang from the verb's phrase: "Government attacked
        // Gondor at the border in Arnor while rebels marched in Osgiliath".
        let d = doc(&[
            ("Government", "government", "NOUN", 2, "nsubj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 2, "obj"),
            ("at", "at", "ADP", 6, "case"),
            ("the", "the", "DET", 6, "det"),
            ("border", "border", "NOUN", 2, "obl"),
            ("in", "in", "ADP", 8, "case"),
            ("Arnor", "Arnor", "PROPN", 6, "nmod"),
            ("while", "while", "SCONJ", 11, "mark"),
            ("rebels", "rebel", "NOUN", 11, "nsubj"),
            ("marched", "march", "VERB", 2, "advcl"),
            ("in", "in", "ADP", 13, "case"),
            ("Osgiliath", "Osgiliath", "PROPN", 11, "obl"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARNGOV>GON:190"]);
        // The verb's own place wins over one inside another phrase:
        // "Government attacked Gondor in Arnor over the war in Osgiliath".
        let d = doc(&[
            ("Government", "government", "NOUN", 2, "nsubj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 2, "obj"),
            ("in", "in", "ADP", 5, "case"),
            ("Arnor", "Arnor", "PROPN", 2, "obl"),
            ("over", "over", "ADP", 8, "case"),
            ("the", "the", "DET", 8, "det"),
            ("war", "war", "NOUN", 2, "obl"),
            ("in", "in", "ADP", 10, "case"),
            ("Osgiliath", "Osgiliath", "PROPN", 8, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARNGOV>GON:190"]);
    }

    #[test]
    fn who_carried_out_the_object_s_act_unnamed_is_the_source_s_own() {
        // "Iran welcomed the curfew imposed by the government" (a real
        // country: only a country's actor has a government of its own).
        let mut d = doc(&[
            ("Iran", "Iran", "PROPN", 2, "nsubj"),
            ("welcomed", "welcome", "VERB", 0, "root"),
            ("the", "the", "DET", 4, "det"),
            ("curfew", "curfew", "NOUN", 2, "obj"),
            ("imposed", "impose", "VERB", 4, "acl"),
            ("by", "by", "ADP", 8, "case"),
            ("the", "the", "DET", 8, "det"),
            ("government", "government", "NOUN", 5, "obl:agent"),
        ]);
        d.feats[4] = "Tense=Past|VerbForm=Part|Voice=Pass".to_string();
        assert_eq!(triples(&coder(), &d, 20000101), ["IRN>IRNGOV:050"]);
    }

    #[test]
    fn compound_subjects_code_each_conjunct() {
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
            ("and", "and", "CCONJ", 3, "cc"),
            ("Gondor", "Gondor", "PROPN", 1, "conj"),
            ("welcome", "welcome", "VERB", 0, "root"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>OSG:050", "GON>OSG:050"]);
    }

    #[test]
    fn title_split_from_its_name_still_composes() {
        // "Arnor's Deputy Foreign Minister Telemar met Gondor", parsed with
        // "Deputy" as the head and the name hung from it as a bare nmod.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 3, "nmod:poss"),
            ("'s", "'s", "PART", 1, "case"),
            ("Deputy", "deputy", "NOUN", 7, "nsubj"),
            ("Foreign", "foreign", "ADJ", 5, "amod"),
            ("Minister", "Minister", "PROPN", 6, "nmod:desc"),
            ("Telemar", "Telemar", "PROPN", 3, "nmod"),
            ("met", "meet", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 7, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARNGOVFRM>GON:040"]);
    }

    #[test]
    fn bare_role_shares_the_country_of_a_later_conjunct() {
        // "Ministers and the government of Arnor welcome Gondor"
        let d = doc(&[
            ("Ministers", "minister", "NOUN", 7, "nsubj"),
            ("and", "and", "CCONJ", 4, "cc"),
            ("the", "the", "DET", 4, "det"),
            ("government", "government", "NOUN", 1, "conj"),
            ("of", "of", "ADP", 6, "case"),
            ("Arnor", "Arnor", "PROPN", 4, "nmod"),
            ("welcome", "welcome", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 7, "obj"),
        ]);
        let mut d2 = Dictionaries::default();
        petrarch::read_actors("ARNOR_ [ARN]\nGONDOR [GON]\n", "a", &mut d2);
        petrarch::read_agents("MINISTER [~GOVMIN]\nGOVERNMENT [~GOV]\n", "g", &mut d2);
        petrarch::read_verbs("--- WELCOME [050] ---\nWELCOME\n", "v", &mut d2);
        let c = Coder::new(d2, CoderOptions::default());
        assert_eq!(triples(&c, &d, 20000101), ["ARNGOV>GON:050", "ARNGOVMIN>GON:050"]);
    }

    #[test]
    fn a_listed_actor_parsed_as_a_name_part_is_a_list_member() {
        // "Arnor, Gondor met" with "Gondor" `flat` under "Arnor"; without
        // the comma it would be one name.
        for (comma, expected) in [(true, vec!["ARN>GON:040", "GON>ARN:040"]), (false, vec![])] {
            let mut rows = vec![("Arnor", "Arnor", "PROPN", 4, "nsubj")];
            rows.push(if comma { (",", ",", "PUNCT", 1, "punct") } else { ("-", "-", "PUNCT", 1, "punct") });
            rows.push(("Gondor", "Gondor", "PROPN", 1, "flat"));
            rows.push(("met", "meet", "VERB", 0, "root"));
            assert_eq!(triples(&coder(), &doc(&rows), 20000101), expected, "comma: {comma}");
        }
    }

    #[test]
    fn unidentified_attackers_take_no_country_from_where_they_struck() {
        // "Gunmen in Arnor attacked Gondor" / "Soldiers in Arnor ...".
        let mut d2 = Dictionaries::default();
        petrarch::read_actors("ARNOR_ [ARN]\nGONDOR [GON]\n", "a", &mut d2);
        petrarch::read_agents("GUNMEN [~UAF]\nSOLDIERS [~MIL]\n", "g", &mut d2);
        petrarch::read_verbs("--- ATTACK [190] ---\nATTACK\n", "v", &mut d2);
        let c = Coder::new(d2, CoderOptions::default());
        let d = |who: &str, lemma: &str| {
            doc(&[
                (who, lemma, "NOUN", 4, "nsubj"),
                ("in", "in", "ADP", 3, "case"),
                ("Arnor", "Arnor", "PROPN", 1, "nmod"),
                ("attacked", "attack", "VERB", 0, "root"),
                ("Gondor", "Gondor", "PROPN", 4, "obj"),
            ])
        };
        assert!(triples(&c, &d("Gunmen", "gunman"), 20000101).is_empty());
        assert_eq!(triples(&c, &d("Soldiers", "soldier"), 20000101), ["ARNMIL>GON:190"]);
    }

    #[test]
    fn agent_composition_and_dated_roles() {
        // "Iranian foreign minister Zarif met Gondor" in 2003 and in 2014.
        let d = doc(&[
            ("Iranian", "Iranian", "ADJ", 3, "amod"),
            ("foreign", "foreign", "ADJ", 3, "amod"),
            ("minister", "minister", "NOUN", 5, "nsubj"),
            ("Zarif", "Zarif", "PROPN", 3, "appos"),
            ("met", "meet", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 5, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20030101), ["IRNGOVFRM>GON:040"]);
        let z = doc(&[("Zarif", "Zarif", "PROPN", 2, "nsubj"), ("met", "meet", "VERB", 0, "root"), ("Gondor", "Gondor", "PROPN", 2, "obj")]);
        assert_eq!(triples(&coder(), &z, 20030101), ["IRNELI>GON:040"]);
        assert_eq!(triples(&coder(), &z, 20140101), ["IRNGOV>GON:040"]);
    }

    #[test]
    fn a_place_beside_another_participant_is_not_a_target() {
        // "Arnor attacked the soldiers of Gondor in Osgiliath"
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("the", "the", "DET", 4, "det"),
            ("soldiers", "soldier", "NOUN", 2, "obj"),
            ("of", "of", "ADP", 6, "case"),
            ("Gondor", "Gondor", "PROPN", 4, "nmod"),
            ("in", "in", "ADP", 8, "case"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:190"]);
        // Alone, the place is where, not whom ("attacked positions in
        // Osgiliath" names no target); under PETRARCH's convention it is
        // the target.
        let alone = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("positions", "position", "NOUN", 2, "obj"),
            ("in", "in", "ADP", 5, "case"),
            ("Osgiliath", "Osgiliath", "PROPN", 3, "nmod"),
        ]);
        assert!(triples(&coder(), &alone, 20000101).iter().all(|t| !t.contains("OSG")), "{:?}", triples(&coder(), &alone, 20000101));
        let mut c = coder();
        c.options.locative_targets = true;
        assert_eq!(triples(&c, &alone, 20000101), ["ARN>OSG:190"]);
        // The place's own possessor is the place too: "attacked positions in
        // Osgiliath's largest city".
        let owned = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("positions", "position", "NOUN", 2, "obj"),
            ("in", "in", "ADP", 7, "case"),
            ("Osgiliath", "Osgiliath", "PROPN", 7, "nmod:poss"),
            ("largest", "large", "ADJ", 7, "amod"),
            ("city", "city", "NOUN", 3, "nmod"),
        ]);
        assert!(triples(&coder(), &owned, 20000101).iter().all(|t| !t.contains("OSG")), "{:?}", triples(&coder(), &owned, 20000101));
    }
}
