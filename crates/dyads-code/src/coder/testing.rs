//! Test helpers shared by the coder's modules: small dictionaries and
//! hand-built parses, so each test states the tree it codes.

pub(super) use dyads_text::Doc;

pub(super) use super::{Coder, CoderOptions};
pub(super) use crate::dict::{Date, Dictionaries};
pub(super) use crate::petrarch;

pub(super) fn coder() -> Coder {
    let mut d = Dictionaries::default();
    petrarch::read_actors(
        "ARNOR_ [ARN]\nGONDOR [GON]\nOSGILIATH [OSG]\nIRAN_ [IRN]\n+IRANIAN_\nUNITED_STATES_ [USA]\nZARIF_\n\t[IRNGOV >20130815]\n\t[IRNELI]\n",
        "a",
        &mut d,
    );
    petrarch::read_agents("FOREIGN_MINISTER [~GOVFRM]\nGOVERNMENT [~GOV]\n", "g", &mut d);
    petrarch::read_verbs(
        "--- WELCOME [050] ---\nWELCOME\n--- MEET [040] ---\nMEET {MEETS MET MEETING}\nHOLD {HOLDS HELD HOLDING} [---]\n- * TALKS [040]\n--- ATTACK [190] ---\nATTACK\nFIRE\n--- ACCUSE [112] ---\nACCUSE\n--- AGREE [030] ---\nAGREE\n",
        "v",
        &mut d,
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    Coder::new(d, CoderOptions::default())
}

/// (form, lemma, upos, head, deprel) rows -> a parsed Doc (verbs in -ing
/// present participles, other verbs finite past forms).
pub(super) fn doc(rows: &[(&str, &str, &str, usize, &str)]) -> Doc {
    let mut s = String::new();
    for (i, (f, l, u, h, r)) in rows.iter().enumerate() {
        let (x, feats) = match *u {
            "VERB" if f.ends_with("ing") => ("VBG", "Tense=Pres|VerbForm=Part"),
            "VERB" => ("VBD", "Mood=Ind|Tense=Past|VerbForm=Fin"),
            "NOUN" => ("NN", "Number=Sing"),
            "PROPN" => ("NNP", "Number=Sing"),
            _ => ("_", "_"),
        };
        s.push_str(&format!("{}\t{f}\t{l}\t{u}\t{x}\t{feats}\t{h}\t{r}\t_\t_\n", i + 1));
    }
    s.push('\n');
    dyads_text::read_conllu(&s, "t").unwrap().pop().unwrap()
}

pub(super) fn triples(c: &Coder, d: &Doc, date: Date) -> Vec<String> {
    let mut v: Vec<String> = c
        .code(d, date, "x")
        .events
        .iter()
        .map(|e| format!("{}>{}:{}{}", e.source, e.target.as_deref().unwrap_or("-"), e.code, if e.negated { "!" } else { "" }))
        .collect();
    v.sort();
    v
}

pub(super) fn coder_with(verbs: &str, options: CoderOptions) -> Coder {
    let mut d = Dictionaries::default();
    petrarch::read_actors("ARNOR_ [ARN]\nGONDOR [GON]\nOSGILIATH [OSG]\n", "a", &mut d);
    petrarch::read_verbs(verbs, "v", &mut d);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    Coder::new(d, options)
}

/// Why verb token `v` of one-sentence `d` codes nothing, `None` when it
/// codes: the reason the document loop and `explain` see.
pub(super) fn no_code(c: &Coder, d: &Doc, v: usize, date: Date) -> Option<super::no_code::NoCode> {
    let (upper, rels, children) = (super::Upper::new(d), super::Rels::new(d), d.children());
    let mentions = c.mentions(d, &upper, d.sentences[0].tokens.clone(), date);
    let gazetteer = crate::geo::Gazetteer::embedded();
    let (settings, dateline) = super::setting::settings_and_dateline(d, gazetteer);
    let sent = super::SentenceCtx {
        doc: d,
        children: &children,
        mentions: &mentions,
        coder: c,
        date,
        upper: &upper,
        rels: &rels,
        setting: settings[0].as_deref(),
        dateline: dateline.as_deref(),
    };
    sent.verb_match(v).and_then(|m| sent.dyads(v, m)).err()
}
