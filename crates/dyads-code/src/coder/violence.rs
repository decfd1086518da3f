//! CAMEO's line between fighting (19x, "use conventional military force")
//! and assault (18x, "use unconventional violence"). PETRARCH's
//! dictionaries file the plain verbs of violence ("kill", "shoot",
//! "attack", "assault") under 190, which is right for a state's forces
//! fighting an armed side ("the army killed 109 fighters", "Russia attacked
//! Ukraine"), and wrong for violence against unarmed people by anyone but
//! a state's or an alliance's force (`state_force`): "Boko Haram has killed
//! over 1,400 people", "a girl who was shot by police" are assaults, and
//! CAMEO's codebook has them as 18x
//! (1823 "kill by physical assault"). The split is read from the
//! participants' codes, so it holds for any parse.

use super::event::Dyad;
use crate::ontology::Ontology;

/// Roles of people who do not fight: civilians, the general population,
/// refugees, and the professions CAMEO names (education, media, health,
/// human rights, labour, religion, business).
const UNARMED: &[&str] = &["CVL", "PPL", "REF", "EDU", "MED", "HLH", "HRI", "LAB", "REL", "BUS"];

/// Verbs whose act is a killing: 1823 rather than the root's 180.
const KILLING: &[&str] = &["kill", "murder", "slay", "execute", "behead", "lynch", "slaughter"];

/// The role part of an actor code: after a country ("NGAREB" -> "REB"), or
/// the code itself for a role-only one ("CVL").
fn role<'a>(code: &'a str, ontology: &Ontology) -> &'a str {
    match code.get(..3) {
        Some(c) if ontology.country(c).is_some() => code.get(3..6).unwrap_or(""),
        _ => code.get(..3).unwrap_or(""),
    }
}

/// Whether actor `code` fights with a state's or an alliance's forces: a
/// whole country, its government or army ("MMRGOVMIL", a junta "MMRGOV"),
/// or an international organisation ("IGOWSTNATMIL", NATO forces).
fn state_force(code: &str, ontology: &Ontology) -> bool {
    let a_country = ontology.is_country_code(code);
    let components: Vec<&str> = (0..code.len() / 3).filter_map(|i| code.get(3 * i..3 * i + 3)).collect();
    a_country || code.starts_with("IGO") || components.iter().skip(1).any(|c| matches!(*c, "MIL" | "GOV")) || matches!(role(code, ontology), "MIL" | "GOV")
}

/// Recode plain conventional force (190) by verb `lemma` as assault when
/// its target is unarmed and its source is not a state's or an alliance's
/// force (`state_force`).
pub(super) fn settle_violence(lemma: &str, dyads: &mut [Dyad], ontology: &Ontology) {
    for d in dyads.iter_mut().filter(|d| d.code == "190") {
        let Some(target) = &d.target else { continue };
        if state_force(&d.source.code, ontology) || !UNARMED.contains(&role(&target.code, ontology)) {
            continue;
        }
        d.code = if KILLING.contains(&lemma) { "1823" } else { "180" }.to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn killing_unarmed_people_is_assault_fighting_armed_ones_is_force() {
        let c = {
            let mut d = Dictionaries::default();
            petrarch::read_actors("IRAN_ [IRN]\nIRAQ_ [IRQ]\n", "a", &mut d);
            petrarch::read_agents("REBELS [~REB]\nCIVILIANS [~CVL]\nSOLDIERS [~MIL]\nARMY [~MIL]\nGOVERNMENT [~GOV]\n", "g", &mut d);
            petrarch::read_verbs("--- KILL [190] ---\nKILL\n--- ATTACK [190] ---\nATTACK\n", "v", &mut d);
            assert!(d.warnings.is_empty(), "{:?}", d.warnings);
            Coder::new(d, CoderOptions::default())
        };
        // "Iran(ian) <subject> <verb> Iraq(i) <object>"
        let sentence = |subject: &str, verb: &str, object: &str| {
            let lemma = if verb == "killed" { "kill" } else { "attack" };
            doc(&[
                ("Iran", "Iran", "PROPN", 2, "compound"),
                (subject, subject, "NOUN", 3, "nsubj"),
                (verb, lemma, "VERB", 0, "root"),
                ("Iraq", "Iraq", "PROPN", 5, "compound"),
                (object, object, "NOUN", 3, "obj"),
            ])
        };
        assert_eq!(triples(&c, &sentence("rebels", "killed", "civilians"), 20000101), ["IRNREB>IRQCVL:1823"]);
        assert_eq!(triples(&c, &sentence("rebels", "attacked", "civilians"), 20000101), ["IRNREB>IRQCVL:180"]);
        // An army's or a government's force stays force; so does anyone's
        // against soldiers.
        assert_eq!(triples(&c, &sentence("army", "killed", "civilians"), 20000101), ["IRNMIL>IRQCVL:190"]);
        assert_eq!(triples(&c, &sentence("government", "killed", "civilians"), 20000101), ["IRNGOV>IRQCVL:190"]);
        assert_eq!(triples(&c, &sentence("rebels", "killed", "soldiers"), 20000101), ["IRNREB>IRQMIL:190"]);
        // A whole country fights: "Iran killed Iraqi civilians" stays 190.
        let d = doc(&[
            ("Iran", "Iran", "PROPN", 2, "nsubj"),
            ("killed", "kill", "VERB", 0, "root"),
            ("Iraq", "Iraq", "PROPN", 4, "compound"),
            ("civilians", "civilian", "NOUN", 2, "obj"),
        ]);
        assert_eq!(triples(&c, &d, 20000101), ["IRN>IRQCVL:190"]);
    }
}
