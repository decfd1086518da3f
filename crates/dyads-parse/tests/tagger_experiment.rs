//! Experiment harness (ignored by default): trains only the tagger and prints
//! dev UPOS / joint accuracy per epoch. Run with
//! `cargo test --release -p dyads-parse --test tagger_experiment -- --ignored --nocapture`.

use dyads_parse::tagger::{build_tagset, sentences_for_training, tag_words, Rng, TaggerTrainer};

#[test]
#[ignore]
fn tagger_dev_accuracy_per_epoch() {
    let read = |f: &str| {
        let p = format!("{}/../../../shared/ud/ewt/{f}", env!("CARGO_MANIFEST_DIR"));
        dyads_text::read_conllu(&std::fs::read_to_string(p).unwrap(), f).unwrap()
    };
    let (train_docs, dev_docs) = (read("en_ewt-ud-train.conllu"), read("en_ewt-ud-dev.conllu"));
    let tagset = build_tagset(&train_docs);
    let train = sentences_for_training(&train_docs, &tagset, None);
    let dev = sentences_for_training(&dev_docs, &tagset, None);
    let mut t = TaggerTrainer::new(tagset.clone(), &train);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng(0x64_79_61_64_73);
    for epoch in 1..=7 {
        rng.shuffle(&mut order);
        t.epoch(&train, &order);
        let tagger = t.snapshot();
        let (mut joint, mut upos, mut all) = (0, 0, 0);
        for s in &dev {
            for (p, g) in tag_words(&tagger, &s.words).iter().zip(&s.gold) {
                joint += (p == g) as usize;
                upos += (tagset.tags[*p as usize].0 == tagset.tags[*g as usize].0) as usize;
                all += 1;
            }
        }
        if epoch == 7 {
            let known: std::collections::HashSet<u64> = train.iter().flat_map(|s| s.words.iter().map(|w| w.form)).collect();
            let mut conf: std::collections::HashMap<(String, String, bool), usize> = Default::default();
            let (mut unk, mut unk_ok) = (0, 0);
            for s in &dev {
                for ((p, g), w) in tag_words(&tagger, &s.words).iter().zip(&s.gold).zip(&s.words) {
                    let (pu, gu) = (tagset.tags[*p as usize].0, tagset.tags[*g as usize].0);
                    let k = known.contains(&w.form);
                    if !k {
                        unk += 1;
                        unk_ok += (pu == gu) as usize;
                    }
                    if pu != gu {
                        *conf.entry((gu.to_string(), pu.to_string(), k)).or_default() += 1;
                    }
                }
            }
            let mut v: Vec<_> = conf.into_iter().collect();
            v.sort_by_key(|e| std::cmp::Reverse(e.1));
            println!("unknown words: {unk}, UPOS acc {:.1}", 100.0 * unk_ok as f64 / unk as f64);
            for ((g, p, k), n) in v.iter().take(25) {
                println!("  gold {g:6} pred {p:6} known={k} {n}");
            }
        }
        println!("epoch {epoch}: UPOS {:.2} joint {:.2}", 100.0 * upos as f64 / all as f64, 100.0 * joint as f64 / all as f64);
    }
}
