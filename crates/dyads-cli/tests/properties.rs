//! Property tests over every reader, with a seeded generator (reproducible:
//! a failure prints the seed and the input). Invariants, not just "no
//! panic": token offsets on UTF-8 boundaries and inside the text, tokens
//! round-trip to their surface form, a parse is a tree, events point at
//! real tokens, readers report bad input as errors.

use dyads_code::{default_dictionaries, Coder, CoderOptions, Dictionaries};
use dyads_parse::{Layers, Model};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that stress tokenizers: words, punctuation, quotes, combining
/// marks, right-to-left text, emoji with joiners, NUL and control bytes,
/// odd spaces, abbreviations, numbers, hyphens, URLs.
const PIECES: &[&str] = &[
    "Iran",
    "the",
    "United",
    "States",
    "accused",
    "met",
    "in",
    "Geneva",
    "on",
    "Tuesday",
    ".",
    ",",
    "!",
    "?",
    "\"",
    "“",
    "”",
    "'s",
    "n't",
    "U.S.",
    "Dr.",
    "al-Qaeda",
    "-",
    "—",
    "(",
    ")",
    "e\u{301}",
    "\u{64a}\u{631}\u{627}\u{646}",
    "\u{5d0}\u{5d1}",
    "👩\u{200d}👩\u{200d}👧",
    "🇮🇷",
    "\u{0}",
    "\u{7}",
    "\u{a0}",
    "\u{2028}",
    "\t",
    "\n",
    "\n\n",
    "  ",
    "2003",
    "March",
    "19,",
    "10:30",
    "$5",
    "http://x.y/z?q=1",
    "x@y.z",
    "…",
    "...",
    "Zarif",
    "Then-Iranian",
    "he",
    "said",
    "wrote",
    "\u{feff}",
    "\u{fffd}",
    "ß",
    "İ",
    "ﬁ",
    "Ⅻ",
];

fn random_text(r: &mut Rng, max: usize) -> String {
    let n = r.below(max);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(PIECES[r.below(PIECES.len())]);
        if r.below(3) > 0 {
            s.push(' ');
        }
    }
    s
}

fn check_doc(doc: &dyads_text::Doc, seed: u64) {
    doc.check_tokens().unwrap_or_else(|e| panic!("seed {seed}: {e}: {:?}", doc.text));
}

fn check_tree(doc: &dyads_text::Doc, seed: u64) {
    doc.check_tree().unwrap_or_else(|e| panic!("seed {seed}: {e}: {:?}", doc.text));
}

#[test]
fn tokenizer_parser_and_coder_keep_their_invariants_on_random_text() {
    let pipeline = dyads_pipeline::Pipeline::new(Model::embedded().unwrap(), Coder::new(default_dictionaries(), CoderOptions::default()));
    for seed in 1..=1500u64 {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let text = random_text(&mut r, 80);
        let mut doc = dyads_text::tokenize("p", text.clone());
        check_doc(&doc, seed);
        pipeline.annotator.annotate(&mut doc, Layers::All);
        check_doc(&doc, seed);
        check_tree(&doc, seed);
        let dyads_pipeline::Coding { events, entities, locations } = pipeline.code_parsed(&doc, 20160306, "2016-03-06");
        for e in &events {
            e.check(&text, doc.sentences.len()).unwrap_or_else(|err| panic!("seed {seed}: {err}: {e:?}"));
        }
        for m in entities.iter().flat_map(|e| e.mentions.iter()).chain(locations.iter().map(|l| &l.location.span)) {
            assert!(m[0] < m[1] && m[1] <= text.len() && text.is_char_boundary(m[0]), "seed {seed}");
        }
    }
}

#[test]
fn random_bytes_decode_strictly_or_lossily_never_panic() {
    for seed in 1..=300u64 {
        let mut r = Rng(seed);
        let bytes: Vec<u8> = (0..r.below(200)).map(|_| r.next() as u8).collect();
        match dyads_text::decode(bytes.clone(), "x", false) {
            Ok(s) => assert_eq!(s.as_bytes(), bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes)),
            Err(e) => assert!(e.offset <= bytes.len() && std::str::from_utf8(&bytes[..e.offset]).is_ok() || bytes.starts_with(&[0xEF, 0xBB, 0xBF])),
        }
        let s = dyads_text::decode(bytes, "x", true).unwrap();
        check_doc(&dyads_text::tokenize("b", s), seed);
    }
}

/// Mutations of a valid input: cut, duplicate, swap, insert garbage.
fn mutate(r: &mut Rng, base: &str) -> String {
    let mut s: Vec<char> = base.chars().collect();
    for _ in 0..1 + r.below(6) {
        if s.is_empty() {
            break;
        }
        let i = r.below(s.len());
        match r.below(5) {
            0 => {
                s.truncate(i);
            }
            1 => {
                let j = (i + r.below(20)).min(s.len());
                let dup: Vec<char> = s[i..j].to_vec();
                s.splice(i..i, dup);
            }
            2 => {
                let j = r.below(s.len());
                s.swap(i, j);
            }
            3 => s.insert(i, ['\t', '\n', '#', '[', ']', '{', '}', '"', '\u{0}', 'é', '-', '>', '<', '=', '|'][r.below(15)]),
            _ => {
                s.remove(i);
            }
        }
    }
    s.into_iter().collect()
}

#[test]
fn conllu_reader_reports_or_reads_mutated_files() {
    let valid = "# sent_id = 1\n# text = Iran met Iraq.\n1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tIraq\tIraq\tPROPN\tNNP\t_\t2\tobj\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
    for seed in 1..=500u64 {
        let mut r = Rng(seed);
        let text = mutate(&mut r, valid);
        match dyads_text::read_conllu(&text, "m.conllu") {
            Ok(docs) => {
                for d in &docs {
                    check_doc(d, seed);
                }
            }
            Err(e) => assert!(e.to_string().contains("m.conllu"), "seed {seed}: error names the file: {e}"),
        }
    }
}

#[test]
fn dictionary_readers_report_mutated_entries_by_line() {
    let actors = "IRAN [IRN]\nTEHRAN [IRN]\nMOHAMMAD_JAVAD_ZARIF [IRNGOV 030101-070731] [IRNGOV >130815]\n+ZARIF\n";
    let agents = "FOREIGN_MINISTER [~GOVFRM]\nREBEL [~REB] {REBELS}\n";
    let verbs = "--- ACCUSE   [112] ---\nACCUSE\n- * OF [112]\n- * FOR [112]\n";
    let native = "actor IRAN\n  name IRAN\n  code IRN\n\nagent MINISTER\n  name MINISTER\n  code ~GOV\n";
    for seed in 1..=300u64 {
        let mut r = Rng(seed);
        let mut d = Dictionaries::default();
        dyads_code::petrarch::read_actors(&mutate(&mut r, actors), "a.txt", &mut d);
        dyads_code::petrarch::read_agents(&mutate(&mut r, agents), "g.txt", &mut d);
        dyads_code::petrarch::read_verbs(&mutate(&mut r, verbs), "v.txt", &mut d);
        dyads_code::native::read(&mutate(&mut r, native), "n.txt", &mut d);
        for w in &d.warnings {
            let msg = w.to_string();
            assert!(["a.txt:", "g.txt:", "v.txt:", "n.txt:"].iter().any(|f| msg.contains(f)), "seed {seed}: {msg}");
        }
        // Whatever loaded, a coder builds and codes without panicking.
        let coder = Coder::new(d, CoderOptions::default());
        let doc = dyads_text::read_conllu(
            "1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\taccused\taccuse\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tIraq\tIraq\tPROPN\tNNP\t_\t2\tobj\t_\t_\n\n",
            "t",
        )
        .unwrap()
        .pop()
        .unwrap();
        let _ = coder.code(&doc, 20100101, "2010-01-01");
    }
}

#[test]
fn validation_records_and_html_survive_mutation() {
    let records = "<Environment>\n<Verbfile name=\"v.txt\"></Verbfile>\n</Environment>\n<Sentence date=\"20150806\" id=\"A-1\" category=\"X\" place=\"\" evaluate=\"true\">\n<EventCoding sentenceid=\"A-1\" noevents=\"True\"></EventCoding>\n<Text>\nIran met Iraq.\n</Text>\n</Sentence>\n";
    let page = "<html><head><title>T</title><meta property=\"article:published_time\" content=\"2016-03-06\"></head><body><article><p>Iran met Iraq in Geneva on Tuesday.</p><script>x</script></article></body></html>";
    for seed in 1..=400u64 {
        let mut r = Rng(seed);
        let (_, recs, errors) = dyads_code::validate::read_records(&mutate(&mut r, records));
        for (line, reason) in &errors {
            assert!(*line >= 1 && !reason.is_empty(), "seed {seed}");
        }
        for rec in &recs {
            check_doc(&dyads_text::tokenize(rec.id.clone(), rec.text.clone()), seed);
        }
        let h = dyads_pipeline::sources::html::extract(&mutate(&mut r, page));
        // Script content never reaches the text (unless the mutation broke the tag).
        assert!(!h.text.contains("<script>"), "seed {seed}: {:?}", h.text);
        if let Some(d) = &h.date {
            assert_eq!(d.len(), 10, "seed {seed}: {d}");
        }
    }
}
