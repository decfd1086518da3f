//! English UD features from Penn Treebank tags. The tagger predicts UPOS and
//! XPOS; the coder reads FEATS (so a parse of any language feeds it), and
//! for English the verbal and nominal features follow from the XPOS tag.
//! Each tag gets the FEATS UD English EWT gives it most often in its
//! training file, less what the tag alone cannot tell (Person and Number of
//! a past or non-3rd-person verb, `Voice=Pass` of a participle, `Mood=Imp`
//! of a base form).

/// The FEATS (CoNLL-U column 6, `_`-free) for Penn Treebank tag `xpos`;
/// empty for a tag that implies none.
pub fn english_feats(xpos: &str) -> &'static str {
    match xpos {
        "VB" => "VerbForm=Inf",
        "VBD" => "Mood=Ind|Tense=Past|VerbForm=Fin",
        // EWT: 2,275 Tense=Pres|VerbForm=Part, 994 VerbForm=Ger.
        "VBG" => "Tense=Pres|VerbForm=Part",
        "VBN" => "Tense=Past|VerbForm=Part",
        "VBP" => "Mood=Ind|Tense=Pres|VerbForm=Fin",
        "VBZ" => "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
        "MD" => "VerbForm=Fin",
        "NN" | "NNP" => "Number=Sing",
        "NNS" | "NNPS" => "Number=Plur",
        "JJ" => "Degree=Pos",
        "JJR" | "RBR" => "Degree=Cmp",
        "JJS" | "RBS" => "Degree=Sup",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyads_text::Doc;

    #[test]
    fn verb_and_noun_tags_give_ewt_features() {
        assert_eq!(english_feats("VBD"), "Mood=Ind|Tense=Past|VerbForm=Fin");
        assert_eq!(english_feats("VBN"), "Tense=Past|VerbForm=Part");
        assert_eq!(english_feats("VBG"), "Tense=Pres|VerbForm=Part");
        assert_eq!(english_feats("VBZ"), "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin");
        assert_eq!(english_feats("VB"), "VerbForm=Inf");
        assert_eq!(english_feats("NNS"), "Number=Plur");
        assert_eq!(english_feats("NNPS"), "Number=Plur");
        assert_eq!(english_feats("NNP"), "Number=Sing");
        assert_eq!(english_feats("IN"), "");
        assert_eq!(english_feats(""), "");
    }

    /// Every tag's features are UD's: sorted by name, `Name=Value` pairs.
    #[test]
    fn features_are_well_formed() {
        for x in ["VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD", "NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS", "RBR", "RBS"] {
            let f = english_feats(x);
            let names: Vec<&str> = f.split('|').map(|kv| kv.split_once('=').expect(f).0).collect();
            assert!(names.windows(2).all(|w| w[0] < w[1]), "{x}: {f}");
        }
    }

    /// The model fills FEATS when it tags (embedded model only).
    #[test]
    #[cfg(dyads_embedded_model)]
    fn the_model_derives_feats_after_tagging() {
        let model = crate::Model::embedded().unwrap();
        let mut doc = dyads_text::tokenize("t", "The ministers said that Iran is rebuilding the towns.");
        model.annotate(&mut doc, crate::Layers::All);
        let i = |w: &str| (0..doc.len()).find(|&i| doc.form(i) == w).unwrap();
        let d: &Doc = &doc;
        assert_eq!(d.feat(i("towns"), "Number"), Some("Plur"));
        assert_eq!(d.feat(i("is"), "Person"), Some("3"));
        assert_eq!(d.feat(i("rebuilding"), "VerbForm"), Some("Part"));
        assert_eq!(d.feats[i(".")], "");
        for k in 0..d.len() {
            assert_eq!(d.feats[k], english_feats(&d.xpos[k]), "{}", d.form(k));
        }
    }
}
