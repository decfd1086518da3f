//! Date expressions: the first three bytes pick a report date, the rest is
//! text. Every date found is a real calendar day, its tokens lie in its
//! sentence, range bounds are ordered, and the display form is well shaped.
#![no_main]
use dyads_code::dating::{event_date, sentence_date, EventDate, Precision};
use libfuzzer_sys::fuzz_target;

fn valid_day(d: u32) -> bool {
    let (y, m, day) = (d / 10000, d / 100 % 100, d % 100);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let len = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&m) && day >= 1 && day <= len[m as usize - 1]
}

fn check(ed: &EventDate, range: &std::ops::Range<usize>) {
    assert!(valid_day(ed.date), "date {}", ed.date);
    if let Some((a, b)) = ed.tokens {
        assert!(range.start <= a && a < b && b <= range.end, "tokens {a}..{b} outside {range:?}");
    }
    if let Some((lo, hi)) = ed.range {
        for d in [lo, hi].into_iter().flatten() {
            assert!(valid_day(d), "bound {d}");
        }
        if let (Some(lo), Some(hi)) = (lo, hi) {
            assert!(lo <= hi, "range {lo}..{hi}");
        }
    }
    let shown = ed.display();
    let expected = match ed.precision {
        Precision::Month => 7,
        Precision::Year => 4,
        _ => 10,
    };
    assert_eq!(shown.len(), expected, "display {shown:?}");
}

// The model loads before fuzzing starts, outside the per-input timeout.
fuzz_target!(init: { dyads_fuzz::model(); dyads_fuzz::coder(); }, |data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let year = 1950 + data[0] as u32 % 100;
    let month = 1 + data[1] as u32 % 12;
    let day = 1 + data[2] as u32 % 28;
    let report = year * 10000 + month * 100 + day;
    let text = String::from_utf8_lossy(&data[3..]).into_owned();
    let mut doc = dyads_text::tokenize("f", text);
    dyads_fuzz::model().annotate(&mut doc, dyads_parse::Layers::All);
    for s in &doc.sentences {
        let range = s.tokens.clone();
        if let Some(ed) = sentence_date(&doc, range.clone(), report) {
            check(&ed, &range);
        }
        for v in range.clone() {
            if doc.upos[v] == dyads_text::Upos::Verb {
                check(&event_date(&doc, range.clone(), v, report), &range);
            }
        }
    }
});
