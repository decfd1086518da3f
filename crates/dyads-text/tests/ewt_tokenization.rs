//! Diagnostic (ignored by default): lists where our tokenization of EWT text
//! differs from the gold tokens. Run with
//! `cargo test -p dyads-text --test ewt_tokenization -- --ignored --nocapture`.

use std::collections::{HashMap, HashSet};

#[test]
#[ignore]
fn ewt_dev_tokenization_differences() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ud/ewt/en_ewt-ud-dev.conllu");
    let text = std::fs::read_to_string(path).unwrap();
    let docs = dyads_text::read_conllu(&text, "dev").unwrap();
    let mut diffs: HashMap<String, usize> = HashMap::new();
    for g in &docs {
        let d = dyads_text::tokenize("x", g.text.clone());
        let gold: HashSet<(u32, u32)> = (0..g.len()).map(|i| (g.start[i], g.end[i])).collect();
        let pred: HashSet<(u32, u32)> = (0..d.len()).map(|i| (d.start[i], d.end[i])).collect();
        for i in 0..d.len() {
            if !gold.contains(&(d.start[i], d.end[i])) {
                let gs: Vec<&str> = (0..g.len()).filter(|&j| g.start[j] >= d.start[i] && g.end[j] <= d.end[i]).map(|j| g.form(j)).collect();
                *diffs.entry(format!("pred {:?} gold {:?}", d.form(i), gs)).or_default() += 1;
            }
        }
        for j in 0..g.len() {
            if !pred.contains(&(g.start[j], g.end[j])) {
                let ps: Vec<&str> = (0..d.len()).filter(|&i| d.start[i] >= g.start[j] && d.end[i] <= g.end[j]).map(|i| d.form(i)).collect();
                if ps.len() > 1 {
                    *diffs.entry(format!("gold {:?} pred {:?}", g.form(j), ps)).or_default() += 1;
                }
            }
        }
    }
    let mut v: Vec<_> = diffs.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    for (k, n) in v.iter().take(80) {
        println!("{n:4} {k}");
    }
}
