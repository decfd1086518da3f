//! Geolocation without a service: an embedded GeoNames gazetteer (countries
//! and the 34,000 cities over 15,000 people, with Latin-script alternate
//! names; `data/geo/`, CC BY 4.0), toponyms found on the parse, and
//! disambiguation by the countries the document talks about, then by
//! population.
//!
//! A toponym counts only as the object of a locative preposition ("in
//! Geneva", "near Basra", "across Iraq"): capitalised common words that are
//! also town names ("Split", "Mobile", "Reading") then rarely fire.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};
use dyads_text::{Doc, Upos};
use serde::Serialize;

const CITIES: &str = include_str!("../../../data/geo/cities.tsv");
const COUNTRIES: &str = include_str!("../../../data/geo/countries.tsv");
const LOCATIVE: &[&str] = &["in", "at", "near", "outside", "across", "inside", "throughout", "around", "within"];

#[derive(Debug, Clone, PartialEq)]
struct Place {
    geonames_id: u32,
    name: String,
    /// ISO 3166 alpha-2 of the place's country.
    country: String,
    admin1: String,
    lat: f32,
    lon: f32,
    population: u64,
    is_country: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Location {
    /// The words of the text ("Saudi Arabia").
    pub text: String,
    /// The gazetteer's name ("Geneva").
    pub name: String,
    pub country_iso3: String,
    pub country_fips: String,
    /// GeoNames first-level division, `CC.code` (e.g. `CH.GE`).
    pub admin1: String,
    pub lat: f32,
    pub lon: f32,
    pub geonames_id: u32,
    /// `city` or `country` (GDELT's geo types 4 and 1).
    pub precision: &'static str,
    pub span: [usize; 2],
}

/// A toponym of the document and the word it locates ("attack" in "a
/// terrorist attack in Saudi Arabia").
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocLocation {
    pub location: Location,
    pub locates: String,
}

/// A toponym: first token, end token, candidate places (gazetteer indices).
pub type Toponym<'g> = (usize, usize, &'g [u32]);

pub struct Gazetteer {
    places: Vec<Place>,
    /// ISO2 -> (ISO3, FIPS).
    codes: HashMap<String, (String, String)>,
    /// ISO3 -> ISO2, to relate actor codes (CAMEO uses ISO3 for most countries).
    iso3: HashMap<String, String>,
    matcher: AhoCorasick,
    pattern_places: Vec<Vec<u32>>,
}

const SEP: char = '\u{1}';

fn key(words: &str) -> String {
    let mut k = String::new();
    for w in words.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()) {
        k.push(SEP);
        k.push_str(&w.to_uppercase());
    }
    k.push(SEP);
    k
}

impl Gazetteer {
    /// The gazetteer shipped in the binary (built once, ~0.1 s).
    pub fn embedded() -> &'static Gazetteer {
        static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        G.get_or_init(Gazetteer::load)
    }

    fn load() -> Gazetteer {
        let mut places = Vec::new();
        let mut names: HashMap<String, Vec<u32>> = HashMap::new();
        let mut codes = HashMap::new();
        let mut iso3 = HashMap::new();
        for line in COUNTRIES.lines().skip(1) {
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 8 {
                continue;
            }
            codes.insert(c[2].to_string(), (c[3].to_string(), c[4].to_string()));
            iso3.insert(c[3].to_string(), c[2].to_string());
            let id = places.len() as u32;
            places.push(Place {
                geonames_id: c[0].parse().unwrap_or(0),
                name: c[1].to_string(),
                country: c[2].to_string(),
                admin1: String::new(),
                lat: c[5].parse().unwrap_or(0.0),
                lon: c[6].parse().unwrap_or(0.0),
                population: c[7].parse().unwrap_or(0),
                is_country: true,
            });
            names.entry(key(c[1])).or_default().push(id);
        }
        for line in CITIES.lines().skip(1) {
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 8 {
                continue;
            }
            let id = places.len() as u32;
            places.push(Place {
                geonames_id: c[0].parse().unwrap_or(0),
                name: c[1].to_string(),
                country: c[3].to_string(),
                admin1: if c[4].is_empty() { String::new() } else { format!("{}.{}", c[3], c[4]) },
                lat: c[5].parse().unwrap_or(0.0),
                lon: c[6].parse().unwrap_or(0.0),
                population: c[7].parse().unwrap_or(0),
                is_country: false,
            });
            names.entry(key(c[1])).or_default().push(id);
            for alt in c[2].split('|').filter(|a| !a.is_empty()) {
                let ids = names.entry(key(alt)).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let mut patterns: Vec<String> = Vec::with_capacity(names.len());
        let mut pattern_places = Vec::with_capacity(names.len());
        for (k, ids) in names {
            patterns.push(k);
            pattern_places.push(ids);
        }
        let matcher = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).expect("gazetteer patterns build");
        Gazetteer { places, codes, iso3, matcher, pattern_places }
    }

    /// Each sentence's toponyms, found once per document and shared by
    /// `document_countries`, `event_location` and `document_locations`.
    pub fn toponyms_by_sentence(&self, doc: &Doc) -> Vec<Vec<Toponym<'_>>> {
        doc.sentences.iter().map(|s| self.toponyms(doc, s.tokens.clone())).collect()
    }

    /// Toponyms of sentence `range` that follow a locative preposition.
    fn toponyms(&self, doc: &Doc, range: std::ops::Range<usize>) -> Vec<Toponym<'_>> {
        // Most sentences have no locative preposition before a capital: skip
        // the gazetteer scan for them.
        let candidate = range.clone().any(|i| {
            i + 1 < range.end
                && LOCATIVE.iter().any(|p| doc.form(i).eq_ignore_ascii_case(p))
                && (doc.form(i + 1).starts_with(char::is_uppercase)
                    || (doc.form(i + 1) == "the" && i + 2 < range.end && doc.form(i + 2).starts_with(char::is_uppercase)))
        });
        if !candidate {
            return Vec::new();
        }
        let mut hay = String::new();
        let mut starts = Vec::new();
        for i in range.clone() {
            starts.push(hay.len());
            hay.push(SEP);
            hay.push_str(&doc.form(i).to_uppercase());
        }
        hay.push(SEP);
        let tok = |b: usize| match starts.binary_search(&b) {
            Ok(k) => k,
            Err(k) => k.saturating_sub(1),
        };
        let mut out = Vec::new();
        // Matches must start and end on token boundaries (patterns carry the
        // separators), and overlap the next match's leading separator.
        let mut pos = 0;
        while let Some(m) = self.matcher.find(aho_corasick::Input::new(&hay).span(pos..hay.len())) {
            pos = m.end() - 1;
            let a = range.start + tok(m.start());
            // The match's closing separator opens the next token (or ends the hay).
            let b = range.start + starts.binary_search(&(m.end() - 1)).unwrap_or_else(|k| k);
            let capitalised = (a..b).all(|i| doc.form(i).chars().next().is_some_and(char::is_uppercase) || doc.form(i) == "-");
            let proper = (a..b).any(|i| doc.upos[i] == Upos::Propn);
            let locative = a > range.start && {
                // "in Saudi Arabia", "in the Gaza Strip" (an article between).
                let p = if doc.form(a - 1).eq_ignore_ascii_case("the") && a - 1 > range.start { a - 2 } else { a - 1 };
                LOCATIVE.contains(&doc.form(p).to_lowercase().as_str())
            };
            if capitalised && proper && locative {
                out.push((a, b, self.pattern_places[m.pattern().as_usize()].as_slice()));
            }
        }
        out
    }

    /// Picks among same-named places: a country over a city of that name,
    /// then a place in a country the document mentions, then the most
    /// populous.
    fn choose(&self, ids: &[u32], doc_countries: &HashSet<String>) -> &Place {
        ids.iter()
            .map(|&i| &self.places[i as usize])
            .max_by_key(|p| (p.is_country, doc_countries.contains(&p.country), p.population))
            .expect("patterns have places")
    }

    fn location(&self, doc: &Doc, a: usize, b: usize, p: &Place) -> Location {
        let span = [doc.start[a] as usize, doc.end[b - 1] as usize];
        let (iso3, fips) = self.codes.get(&p.country).cloned().unwrap_or_default();
        Location {
            text: doc.text[span[0]..span[1]].to_string(),
            name: p.name.clone(),
            country_iso3: iso3,
            country_fips: fips,
            admin1: p.admin1.clone(),
            lat: p.lat,
            lon: p.lon,
            geonames_id: p.geonames_id,
            precision: if p.is_country { "country" } else { "city" },
            span,
        }
    }

    /// ISO2 codes of the countries a document is about: its country
    /// toponyms and the country prefixes of its actor codes.
    pub fn document_countries<'a>(&self, tops: &[Vec<Toponym<'_>>], actor_codes: impl Iterator<Item = &'a str>) -> HashSet<String> {
        let mut out: HashSet<String> = actor_codes.filter_map(|c| c.get(..3)).filter_map(|c| self.iso3.get(c).cloned()).collect();
        for sentence in tops {
            for &(_, _, ids) in sentence {
                out.extend(ids.iter().map(|&i| &self.places[i as usize]).filter(|p| p.is_country).map(|p| p.country.clone()));
            }
        }
        out
    }

    /// Where the event at verb `v` took place: a locative toponym attached
    /// to `v`.
    pub fn event_location(&self, doc: &Doc, tops: &[Toponym<'_>], v: usize, countries: &HashSet<String>) -> Option<Location> {
        // The toponym's phrase hangs from the verb itself: "met ... in
        // Geneva". One hanging from a noun locates that noun ("talks prior to
        // the war in Iraq" were not held in Iraq).
        // Also through the verb's direct object ("met his counterpart in
        // Amman", "arrested fishermen in Mumbai"), where attachment is
        // ambiguous and the place is nearly always the event's.
        let attached = |t: usize| match doc.head[t] {
            Some(h) if h as usize == v => true,
            Some(h) => doc.head[h as usize] == Some(v as u32) && doc.deprel[h as usize] == "obj",
            None => false,
        };
        tops.iter().find(|&&(a, b, _)| attached(doc.span_head(a, b))).map(|&(a, b, ids)| self.location(doc, a, b, self.choose(ids, countries)))
    }

    /// The ISO3 code of the country a toponym's best candidate lies in.
    pub fn toponym_country(&self, ids: &[u32], countries: &HashSet<String>) -> Option<String> {
        if ids.is_empty() {
            return None;
        }
        self.codes.get(&self.choose(ids, countries).country).map(|(iso3, _)| iso3.clone())
    }

    /// The ISO3 code of the country of a place named by tokens `a..b`
    /// outside any locative phrase: a dateline's "JACKSON, Miss." or
    /// "BEN-GURION AIRPORT, Israel". Comma-separated parts are tried from
    /// the last (the country or region is written last) to the first.
    pub fn place_country(&self, doc: &Doc, a: usize, b: usize) -> Option<String> {
        self.place_country_of_size(doc, a, b, 0)
    }

    /// `place_country` among countries and places of at least `min_population`
    /// people: a bare "Name:" opening a story is a dateline when it names a
    /// city ("New Delhi:"), a speaker's label when it does not ("Obama:",
    /// which is also a town in Japan).
    pub fn place_country_of_size(&self, doc: &Doc, a: usize, b: usize, min_population: u64) -> Option<String> {
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut start = a;
        for i in a..b {
            if doc.form(i) == "," {
                parts.push((start, i));
                start = i + 1;
            }
        }
        parts.push((start, b));
        let none = HashSet::new();
        parts.into_iter().rev().filter(|(s, e)| s < e).find_map(|(s, e)| {
            let mut hay = String::new();
            for i in s..e {
                hay.push(SEP);
                hay.push_str(&doc.form(i).to_uppercase());
            }
            hay.push(SEP);
            let m = self.matcher.find(hay.as_str())?;
            // The whole part, not a town inside a longer name.
            let ids: Vec<u32> = self.pattern_places[m.pattern().as_usize()]
                .iter()
                .copied()
                .filter(|&id| self.places[id as usize].is_country || self.places[id as usize].population >= min_population)
                .collect();
            (m.start() == 0 && m.end() == hay.len()).then(|| self.toponym_country(&ids, &none)).flatten()
        })
    }

    /// Every locative toponym of the document with the word it locates.
    pub fn document_locations(&self, doc: &Doc, tops: &[Vec<Toponym<'_>>], countries: &HashSet<String>) -> Vec<DocLocation> {
        let mut out = Vec::new();
        for sentence in tops {
            for &(a, b, ids) in sentence {
                let head = doc.span_head(a, b);
                let locates = doc.head[head].map_or(String::new(), |h| doc.form(h as usize).to_string());
                out.push(DocLocation { location: self.location(doc, a, b, self.choose(ids, countries)), locates });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(rows: &[(&str, &str, usize, &str)]) -> Doc {
        let mut s = String::new();
        for (i, (f, u, h, r)) in rows.iter().enumerate() {
            s.push_str(&format!("{}\t{f}\t_\t{u}\t_\t_\t{h}\t{r}\t_\t_\n", i + 1));
        }
        s.push('\n');
        dyads_text::read_conllu(&s, "t").unwrap().pop().unwrap()
    }

    #[test]
    fn locative_toponyms_are_found_and_disambiguated() {
        let g = Gazetteer::embedded();
        // Officials met in Paris
        let d = parsed(&[("Officials", "NOUN", 2, "nsubj"), ("met", "VERB", 0, "root"), ("in", "ADP", 4, "case"), ("Paris", "PROPN", 2, "obl")]);
        let none = HashSet::new();
        let tops = g.toponyms_by_sentence(&d);
        let l = g.event_location(&d, &tops[0], 1, &none).unwrap();
        assert_eq!((l.name.as_str(), l.country_iso3.as_str(), l.precision), ("Paris", "FRA", "city"));
        assert!((l.lat - 48.85).abs() < 0.1);
        // A document about the United States: Paris, Texas wins.
        let us: HashSet<String> = ["US".to_string()].into();
        assert_eq!(g.event_location(&d, &tops[0], 1, &us).unwrap().country_iso3, "USA");
        // a terrorist attack in Saudi Arabia: a country, locating "attack".
        let d = parsed(&[
            ("an", "DET", 2, "det"),
            ("attack", "NOUN", 0, "root"),
            ("in", "ADP", 5, "case"),
            ("Saudi", "PROPN", 5, "compound"),
            ("Arabia", "PROPN", 2, "nmod"),
        ]);
        let locs = g.document_locations(&d, &g.toponyms_by_sentence(&d), &none);
        assert_eq!(locs.len(), 1);
        assert_eq!((locs[0].location.name.as_str(), locs[0].location.precision, locs[0].locates.as_str()), ("Saudi Arabia", "country", "attack"));
        assert_eq!(locs[0].location.country_fips, "SA");
        // Not after a locative preposition: not a place ("Split said").
        let d = parsed(&[("Split", "PROPN", 2, "nsubj"), ("said", "VERB", 0, "root")]);
        assert!(g.document_locations(&d, &g.toponyms_by_sentence(&d), &none).is_empty());
    }
}
