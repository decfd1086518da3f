//! Input at the edges: a 50 MB document on a single line must tokenize in
//! linear time with bounded sentences; odd characters must keep offsets valid.

#[test]
fn fifty_megabyte_single_line() {
    let unit = "Officials met in Geneva on Tuesday, and the talks—which began in 2003—continued ";
    let reps = 50 * 1024 * 1024 / unit.len() + 1;
    let text = unit.repeat(reps);
    assert!(text.len() >= 50 * 1024 * 1024 && !text.contains('\n'));
    let doc = dyads_text::tokenize("big", text);
    // 17 tokens per unit: Officials met in Geneva on Tuesday , and the talks — which began in 2003 — continued
    assert_eq!(doc.len(), reps * 17);
    doc.check().unwrap();
    assert!(doc.sentences.iter().all(|s| s.tokens.len() <= 250));
    assert_eq!(doc.form(doc.len() - 1), "continued");
}

#[test]
fn pathological_characters_keep_offsets_valid() {
    let cases = [
        "\u{feff}\u{200b}Iran\u{00a0}said\u{2028}no.",
        "((((((((((((((((((((((((((",
        "'''''''''''''''''''''",
        "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.",
        "http://x http:// @@@ a@b @b.c ...@... -.-.-.-",
        "é́́́́ 🇮🇷🇺🇸 👨‍👩‍👧 ＵＳＡ",
        "U.S.-Iran 'n' rock'n'roll can't'nt",
    ];
    for text in cases {
        let d = dyads_text::tokenize("t", text);
        d.check().unwrap_or_else(|e| panic!("{text:?}: {e}"));
        for i in 0..d.len() {
            assert!(!d.form(i).is_empty() && !d.form(i).chars().all(char::is_whitespace), "{text:?}");
        }
    }
}

#[test]
fn sentence_cap_holds_at_its_edge() {
    let words = |n: usize| (0..n).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
    let cap = dyads_text::TokenizerOptions::default().max_sentence_tokens;
    // Exactly `cap` tokens (cap - 1 words and a period): one sentence.
    let d = dyads_text::tokenize("a", format!("{}.", words(cap - 1)));
    assert_eq!(d.len(), cap);
    assert_eq!(d.sentences.len(), 1);
    // One more token: cut at the cap, the rest is a sentence of its own.
    let d = dyads_text::tokenize("b", format!("{}.", words(cap)));
    assert_eq!(d.sentences.iter().map(|s| s.tokens.len()).collect::<Vec<_>>(), [cap, 1]);
    // A smaller cap is honoured too.
    let d = dyads_text::tokenize_with("c", words(10), &dyads_text::TokenizerOptions { max_sentence_tokens: 4 });
    assert_eq!(d.sentences.iter().map(|s| s.tokens.len()).collect::<Vec<_>>(), [4, 4, 2]);
}
