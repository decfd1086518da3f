//! Country names that name no country: part of a person's name ("Michael
//! Jordan praised Obama", "Chad Wolf criticized ...") or, in American
//! news, the US state ("Biden called Georgia's election law an atrocity",
//! "Georgia Governor Brian Kemp"). The actor dictionary knows each word
//! only as the country, so without this the basketball player and the
//! state legislature become Jordan's and Georgia's governments.

use std::collections::HashSet;

use dyads_text::{Doc, Upos};

use super::mentions::{Mention, MentionKind};
use super::tables::Upper;
use super::Coder;
use crate::dict::{Date, Dictionaries};

/// Country names that are also common given names: "Chad Wolf", "Jordan
/// Bardella", "Israel Folau", "India Walton".
const GIVEN_NAME_COUNTRIES: &[&str] = &["CHAD", "JORDAN", "ISRAEL", "INDIA", "GEORGIA", "KENYA"];
/// Words after such a name that make it the place: "the Jordan River",
/// "Lake Chad basin", "Georgia Tech", "the Jordan Times".
/// Also the words of a country's institutions ("Kenya Defence Forces",
/// "Israel Police", "Israel Hayom").
const PLACE_WORDS: &[&str] = &[
    "RIVER",
    "VALLEY",
    "BASIN",
    "LAKE",
    "SEA",
    "GATE",
    "TECH",
    "POWER",
    "TIMES",
    "DAILY",
    "POST",
    "NEWS",
    "CUP",
    "INC",
    "STATE",
    "UNIVERSITY",
    "COLLEGE",
    "DEFENCE",
    "DEFENSE",
    "FORCES",
    "FORCE",
    "ARMED",
    "ARMY",
    "NAVY",
    "AIR",
    "AIRWAYS",
    "AIRLINES",
    "POLICE",
    "RADIO",
    "TELEVISION",
    "HAYOM",
    "NATIONAL",
    "AIRPORT",
    "RAILWAYS",
    "ELECTRIC",
    "PRISON",
    "PRISONS",
    "RED",
    "HERALD",
    "TRIBUNE",
    "MINISTRY",
    "EMBASSY",
    "HIGH",
    "SUPREME",
    "CENTRAL",
];
/// First words of dictionary names that are titles or places, not given
/// names ("Prime Minister X", "General X", "South X").
const NOT_GIVEN_NAMES: &[&str] = &[
    "PRIME",
    "PRESIDENT",
    "GENERAL",
    "GEN",
    "AYATOLLAH",
    "BARONESS",
    "BARON",
    "LORD",
    "LADY",
    "SIR",
    "DAME",
    "KING",
    "QUEEN",
    "PRINCE",
    "PRINCESS",
    "SHEIKH",
    "SHEIK",
    "EMIR",
    "SULTAN",
    "POPE",
    "SAINT",
    "ST",
    "MOUNT",
    "NORTH",
    "SOUTH",
    "EAST",
    "WEST",
    "NORTHERN",
    "SOUTHERN",
    "EASTERN",
    "WESTERN",
    "CENTRAL",
    "UPPER",
    "LOWER",
    "GREATER",
    "NEW",
    "OLD",
    "FORMER",
    "CHIEF",
    "COLONEL",
    "MARSHAL",
    "ADMIRAL",
    "CAPTAIN",
    "JUDGE",
    "JUSTICE",
    "SENATOR",
    "GOVERNOR",
    "MINISTER",
    "SECRETARY",
    "AMBASSADOR",
    "MAYOR",
    "BISHOP",
    "CARDINAL",
    "REVEREND",
    "IMAM",
    "MULLAH",
    "RABBI",
    "DOCTOR",
    "DR",
    "MR",
    "MRS",
    "MS",
];
/// Words of a sentence (or its story) that put "Georgia" in the United
/// States: the state's places and politicians. Not a national American
/// actor, nor party words alone ("Republican senators in Washington"):
/// Washington deals with the country Georgia too, and Georgia has a
/// Republican Party of its own; "Georgia Republicans" is a title below.
const US_STATE_CUES: &[&str] =
    &["ATLANTA", "SAVANNAH", "KEMP", "RAFFENSPERGER", "WARNOCK", "OSSOFF", "PERDUE", "LOEFFLER", "FULTON", "STATEHOUSE", "RUNOFF", "RUNOFFS"];
/// Words right after "Georgia" that make it the state whatever else the
/// sentence says ("Georgia Governor Brian Kemp", "Georgia Sen. Raphael
/// Warnock", "Georgia voters").
const US_STATE_TITLES: &[&str] = &[
    "GOVERNOR",
    "GOV.",
    "GOV",
    "SENATOR",
    "SEN.",
    "REP.",
    "REPRESENTATIVE",
    "LT.",
    "LIEUTENANT",
    "REPUBLICANS",
    "DEMOCRATS",
    "REPUBLICAN",
    "DEMOCRATIC",
    "GOP",
    "PROSECUTORS",
    "PROSECUTOR",
    "VOTERS",
    "LAWMAKERS",
    "LEGISLATURE",
    "LEGISLATORS",
    "SECRETARY",
    "ATTORNEY",
    "SHERIFF",
    "COUNTY",
    "SUPREME",
    "SENATE",
];
/// Words of a sentence that keep "Georgia" the country.
const COUNTRY_CUES: &[&str] = &[
    "TBILISI",
    "GEORGIAN",
    "GEORGIANS",
    "ABKHAZIA",
    "OSSETIA",
    "CAUCASUS",
    "SAAKASHVILI",
    "IVANISHVILI",
    "ZOURABICHVILI",
    "GARIBASHVILI",
    "KOBAKHIDZE",
    "MARGVELASHVILI",
    "KREMLIN",
    "MOSCOW",
    "RUSSIA",
    "RUSSIAN",
    "ARMENIA",
    "AZERBAIJAN",
    "BATUMI",
    "KUTAISI",
    "SUKHUMI",
    "TSKHINVALI",
    "NATO",
];

/// What the clash rules need from the dictionaries, built once.
pub(super) struct NameClashes {
    /// Upper-case first words of the dictionary's people ("MICHAEL",
    /// "VERNON"): the first words of two- and three-word names of actors
    /// with dated roles, met at least twice, titles and places left out.
    given_names: HashSet<String>,
    /// The actor the United States' names belong to.
    usa: Option<usize>,
}

impl NameClashes {
    pub(super) fn build(dicts: &Dictionaries) -> NameClashes {
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut place_or_title: HashSet<&str> = NOT_GIVEN_NAMES.iter().copied().collect();
        for a in &dicts.actors {
            for p in &a.phrases {
                if p.words.len() == 1 {
                    place_or_title.insert(&p.words[0]);
                }
            }
            if !a.codes.iter().any(|c| !c.is_default()) {
                continue;
            }
            for p in a.phrases.iter().filter(|p| (2..=3).contains(&p.words.len())) {
                let w = p.words[0].as_str();
                if w.len() > 2 && w.chars().all(|c| c.is_ascii_alphabetic()) {
                    *seen.entry(w).or_default() += 1;
                }
            }
        }
        for g in &dicts.agents {
            for p in &g.phrases {
                if let Some(w) = p.words.first() {
                    place_or_title.insert(w);
                }
            }
        }
        let given_names = seen.into_iter().filter(|(w, n)| *n >= 2 && !place_or_title.contains(w)).map(|(w, _)| w.to_string()).collect();
        let usa = dicts
            .actors
            .iter()
            .position(|a| a.codes.iter().any(|c| c.is_default() && c.code == "USA") && a.phrases.iter().any(|p| p.words == ["UNITED", "STATES"]));
        NameClashes { given_names, usa }
    }

    /// Whether a story is set in the state of Georgia: somewhere the
    /// state's cues or "Georgia" before a US title, and nowhere a cue of
    /// the country.
    fn state_story(doc: &Doc, upper: &Upper) -> bool {
        let n = doc.len();
        let cue =
            |t: usize| US_STATE_CUES.contains(&upper.form(t)) || (upper.form(t) == "GEORGIA" && t + 1 < n && US_STATE_TITLES.contains(&upper.form(t + 1)));
        (0..n).any(cue) && !(0..n).any(|t| COUNTRY_CUES.contains(&upper.form(t)))
    }
}

impl Coder {
    /// Drops the country mentions that are part of a person's name and
    /// abbreviated titles before no name, and makes a "Georgia" in
    /// American context the United States.
    pub(super) fn resolve_name_clashes(&self, doc: &Doc, upper: &Upper, range: std::ops::Range<usize>, date: Date, ms: &mut Vec<Mention>) {
        let NameClashes { given_names, usa } = &self.name_clashes;
        let covered = |ms: &[Mention], t: usize| ms.iter().any(|m| m.start <= t && t < m.end);
        let country = |m: &Mention| match m.kind {
            MentionKind::Actor(a) => self.dicts.actors[a].code_at(date).is_some_and(|c| self.ontology.is_country_code(&c.code)),
            MentionKind::Agent(_) => false,
        };
        // A capitalized name word of the sentence that no dictionary phrase holds.
        let bare_name = |ms: &[Mention], t: usize| {
            range.contains(&t)
                && doc.upos[t] == Upos::Propn
                && !covered(ms, t)
                && doc.form(t).chars().next().is_some_and(char::is_uppercase)
                && doc.form(t).chars().skip(1).any(char::is_lowercase)
        };
        let person: Vec<bool> = ms
            .iter()
            .map(|m| {
                if m.end != m.start + 1 || !country(m) {
                    return false;
                }
                let t = m.start;
                // "Michael Jordan", "Vernon Jordan": a given name before it.
                let surname = t > range.start && bare_name(ms, t - 1) && given_names.contains(upper.form(t - 1));
                // "Chad Wolf", "Jordan Bardella": a name after it, not a day
                // ("Chad Tuesday accused ...") or an institution's word.
                let given = GIVEN_NAME_COUNTRIES.contains(&upper.form(t))
                    && bare_name(ms, t + 1)
                    && !PLACE_WORDS.contains(&upper.form(t + 1))
                    && !super::tables::is_time_name(doc.form(t + 1))
                    && (t == range.start || !doc.form(t - 1).eq_ignore_ascii_case("the"));
                surname || given
            })
            .collect();
        let mut keep = person.iter().map(|p| !p);
        ms.retain(|_| keep.next().unwrap_or(true));
        // An abbreviated title ("Rep.", "Sen.", "Gov.") is one only before
        // a name: "the Dominican Rep. accused", "Rep. of Ireland", "the Rep.
        // Party" spell a republic or a party.
        let abbreviated_title = |m: &Mention| matches!(m.kind, MentionKind::Agent(_)) && m.end == m.start + 1 && upper.form(m.start).ends_with('.');
        let before_a_name =
            |t: usize| range.contains(&t) && doc.form(t).chars().next().is_some_and(char::is_uppercase) && !matches!(upper.form(t), "OF" | "PARTY");
        ms.retain(|m| !abbreviated_title(m) || before_a_name(m.end));
        let Some(usa) = *usa else { return };
        let words = || range.clone().map(|t| upper.form(t));
        let georgia = |m: &Mention| m.end == m.start + 1 && upper.form(m.start) == "GEORGIA" && country(m);
        let state_title = |m: &Mention| range.contains(&m.end) && US_STATE_TITLES.contains(&upper.form(m.end));
        if !ms.iter().any(georgia) {
            return;
        }
        let country_words = words().any(|w| COUNTRY_CUES.contains(&w));
        let state_words = words().any(|w| US_STATE_CUES.contains(&w)) && !country_words;
        // A sentence with no cue either way reads as its story does: "Kemp
        // signed the bill in Atlanta. Georgia's new law ..." (scanned only
        // for such a sentence, so a story costs one pass per one of them).
        let state_story = || !country_words && NameClashes::state_story(doc, upper);
        let mut story = None;
        for m in ms.iter_mut().filter(|m| georgia(m)) {
            if state_words || state_title(m) || *story.get_or_insert_with(state_story) {
                m.kind = MentionKind::Actor(usa);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    fn coder() -> Coder {
        let mut d = Dictionaries::default();
        petrarch::read_actors(
            "GONDOR [GON]\nJORDAN [JOR]\nCHAD [TCD]\nGEORGIA [GEO]\nUNITED_STATES [USA]\nMICHAEL_SMITH\n\t[USAGOV >20000101]\nMICHAEL_BROWN\n\t[USAGOV >20000101]\nBIDEN [USAGOV]\n",
            "a",
            &mut d,
        );
        petrarch::read_agents("GOVERNOR [~GOV]\nREP. [~LEG]\n", "g", &mut d);
        petrarch::read_verbs("--- PRAISE [051] ---\nPRAISE\n", "v", &mut d);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        Coder::new(d, CoderOptions::default())
    }

    /// "<names> praised <object...>", names as one flat name.
    fn praised(names: &[&str], object: &[&str]) -> Vec<String> {
        let n = names.len();
        let mut rows: Vec<(&str, &str, &str, usize, &str)> =
            names.iter().enumerate().map(|(i, w)| (*w, *w, "PROPN", if i == 0 { n + 1 } else { 1 }, if i == 0 { "nsubj" } else { "flat" })).collect();
        rows.push(("praised", "praise", "VERB", 0, "root"));
        for (i, w) in object.iter().enumerate() {
            rows.push((*w, *w, "PROPN", if i == 0 { n + 1 } else { n + 2 }, if i == 0 { "obj" } else { "flat" }));
        }
        triples(&coder(), &doc(&rows), 20100101)
    }

    #[test]
    fn a_country_name_in_a_person_s_name_is_no_country() {
        assert!(praised(&["Michael", "Jordan"], &["Gondor"]).is_empty(), "a dictionary given name before it");
        assert!(praised(&["Chad", "Wolf"], &["Gondor"]).is_empty(), "a name after a country that is a given name");
        assert_eq!(praised(&["Jordan"], &["Gondor"]), ["JOR>GON:051"]);
        // A day or an institution after it is no name: "Chad Tuesday
        // accused ...", "the Jordan Armed Forces".
        assert_eq!(praised(&["Chad", "Tuesday"], &["Gondor"]), ["TCD>GON:051"]);
        assert_eq!(praised(&["Jordan", "Police"], &["Gondor"]), ["JOR>GON:051"]);
        assert_eq!(praised(&["Chad"], &["Gondor"]), ["TCD>GON:051"]);
        // A word the dictionary holds no given name of leaves the country.
        assert_eq!(praised(&["Gondor"], &["Jordan"]), ["GON>JOR:051"]);
    }

    #[test]
    fn an_abbreviated_title_is_one_only_before_a_name() {
        assert_eq!(praised(&["Gondor", "Rep.", "Smith"], &["Jordan"]), ["GONLEG>JOR:051"]);
        // "the Gondor Rep. praised Jordan": a republic.
        assert_eq!(praised(&["Gondor", "Rep."], &["Jordan"]), ["GON>JOR:051"]);
    }

    #[test]
    fn georgia_reads_as_its_story_where_its_sentence_has_no_cue() {
        // "Kemp praised Atlanta. Gondor praised Georgia." and the same after
        // a sentence in Tbilisi.
        let story = |place: &str| {
            let conllu = format!(
                "1\tKemp\tKemp\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tpraised\tpraise\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_\n3\t{place}\t{place}\tPROPN\tNNP\t_\t2\tobj\t_\t_\n\n\
                 1\tGondor\tGondor\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tpraised\tpraise\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_\n3\tGeorgia\tGeorgia\tPROPN\tNNP\t_\t2\tobj\t_\t_\n\n"
            );
            let d = dyads_text::read_conllu(&conllu, "t").unwrap().pop().unwrap();
            coder().code(&d, 20100101, "x").events.into_iter().map(|e| format!("{}>{}", e.source, e.target.unwrap_or_default())).collect::<Vec<_>>()
        };
        assert_eq!(story("Atlanta"), ["GON>USA"]);
        assert_eq!(story("Tbilisi"), ["GON>GEO"]);
    }

    #[test]
    fn georgia_in_american_context_is_the_us_state() {
        let governor = doc(&[
            ("Georgia", "Georgia", "PROPN", 2, "compound"),
            ("Governor", "governor", "NOUN", 3, "nsubj"),
            ("praised", "praise", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 3, "obj"),
        ]);
        assert_eq!(triples(&coder(), &governor, 20100101), ["USAGOV>GON:051"]);
        let atlanta = doc(&[
            ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
            ("praised", "praise", "VERB", 0, "root"),
            ("Georgia", "Georgia", "PROPN", 2, "obj"),
            ("in", "in", "ADP", 5, "case"),
            ("Atlanta", "Atlanta", "PROPN", 2, "obl"),
        ]);
        assert_eq!(triples(&coder(), &atlanta, 20100101), ["GON>USA:051"]);
        assert_eq!(praised(&["Georgia"], &["Gondor"]), ["GEO>GON:051"]);
        // A national American actor deals with the country Georgia too.
        assert_eq!(praised(&["Biden"], &["Georgia"]), ["USAGOV>GEO:051"]);
        // A Georgian cue keeps the country, whoever else is named.
        let d = doc(&[
            ("Biden", "Biden", "PROPN", 2, "nsubj"),
            ("praised", "praise", "VERB", 0, "root"),
            ("Georgia", "Georgia", "PROPN", 2, "obj"),
            ("in", "in", "ADP", 5, "case"),
            ("Tbilisi", "Tbilisi", "PROPN", 2, "obl"),
        ]);
        assert_eq!(triples(&coder(), &d, 20100101), ["USAGOV>GEO:051"]);
    }
}
