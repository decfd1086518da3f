//! Distributional word features: each word form's Brown cluster (Brown et
//! al. 1992; a leaf of a binary merge tree, named by its bit path) and a
//! bucket of its log probability in a large corpus. Both come from spaCy's
//! lexeme tables (spacy-lookups-data, MIT), are read at training time only,
//! and are stored in the model file, pruned, so a shipped model needs
//! nothing beside it.
//!
//! The cluster integers are spaCy's encoding of the bit path `b1 b2 ... bn`
//! (root first): `int(reversed(path), 2)`, so `b1` is the *lowest* bit and a
//! k-bit prefix of the path is `value & (2^k - 1)`. (Sibling clusters differ
//! in their highest bit: `Iran` 1446 and `France` 3494 = 1446 + 2^11;
//! `January` 209 and `March` 81 share their low 6 bits.) Trailing zeros of a
//! path are lost in that encoding, which is harmless for prefixes: the lost
//! bits are zeros, and the masks put them back. 0 means "no cluster".

use std::io::{self, Read, Write};
use std::path::Path;

use serde::de::{self, Deserializer as _, MapAccess, Visitor};

use crate::binio::{CorruptModel, Reader, Writer};
use crate::hash::hash_str;
use crate::perceptron::KeyMap;

/// The most frequent words have log probabilities around -3; the bucket is
/// the whole part of the negated log probability, so buckets run from
/// `MIN_BUCKET` (very frequent) to `RARE_BUCKET`.
const MIN_BUCKET: u8 = 3;
/// Words at or past e^-17 (~200k forms of the table's 1M), and words not in
/// the table at all, share this bucket; so a form without a cluster in this
/// bucket says nothing a missing form would not, and is pruned losslessly.
pub const RARE_BUCKET: u8 = 17;
/// The longest cluster path stored (the tables' longest is 18 bits).
const MAX_CLUSTER_BITS: u32 = 24;

/// A word's cluster and probability bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordClass {
    pub cluster: u32,
    pub prob_bucket: u8,
    /// For a form without a cluster, in a model whose clusters back off
    /// (format 4): the stand-in every prefix takes, its shape class (see
    /// [`shape_class`]); 0 otherwise.
    pub fallback: u64,
}

impl WordClass {
    /// A form neither table knows: no cluster, rare.
    pub const UNKNOWN: WordClass = WordClass { cluster: 0, prob_bucket: RARE_BUCKET, fallback: 0 };

    /// The first `bits` bits of the cluster path as a feature value; a form
    /// without a cluster gets its fallback (its shape class, or 0 in a
    /// format 3 model), which no prefix of a real cluster equals (the
    /// all-zeros path is told apart by the flag bit).
    #[inline]
    pub fn prefix(self, bits: u32) -> u64 {
        if self.cluster == 0 {
            return self.fallback;
        }
        let mask = if bits >= 32 { u32::MAX } else { (1u32 << bits) - 1 };
        (self.cluster & mask) as u64 | 1 << 40
    }

    fn pack(self) -> u32 {
        self.cluster | (self.prob_bucket as u32) << MAX_CLUSTER_BITS
    }

    fn unpack(v: u32) -> WordClass {
        WordClass { cluster: v & ((1 << MAX_CLUSTER_BITS) - 1), prob_bucket: (v >> MAX_CLUSTER_BITS) as u8, fallback: 0 }
    }
}

/// The stand-in cluster of a form the table gives none: a punctuation or
/// symbol token is its own class (the table has none of them, and a comma
/// is not a colon), any other form the class of its shape: with a digit,
/// all capitals, capitalized, lower case. A single "no cluster" value would
/// lump the names the table lacks (Gondor, Obama) with punctuation, which
/// is most of the cluster-less tokens in a treebank, and the features would
/// learn punctuation from it.
pub fn shape_class(form: &str) -> u64 {
    const FLAG: u64 = 1 << 63;
    let mut chars = form.chars();
    let Some(first) = chars.next() else { return FLAG | hash_str("") >> 1 };
    if !form.chars().any(char::is_alphanumeric) {
        return FLAG | hash_str(form) >> 1;
    }
    let class = if form.chars().any(|c| c.is_ascii_digit()) {
        "SHAPE:digit"
    } else if first.is_uppercase() && form.chars().count() > 1 && !form.chars().any(char::is_lowercase) {
        "SHAPE:XX"
    } else if first.is_uppercase() {
        "SHAPE:Xx"
    } else {
        "SHAPE:x"
    };
    FLAG | hash_str(class) >> 1
}

/// The bucket of log probability `logprob` (natural log, <= 0).
pub fn prob_bucket(logprob: f64) -> u8 {
    (-logprob).floor().clamp(MIN_BUCKET as f64, RARE_BUCKET as f64) as u8
}

/// Word form (hashed, case kept) -> cluster and probability bucket.
#[derive(Clone, Default)]
pub struct WordClusters {
    classes: KeyMap<u32>,
    /// A form without a cluster takes its [`shape_class`] (format 4 models
    /// and newly trained ones); format 3 models were trained with 0 there.
    pub backoff: bool,
}

impl std::fmt::Debug for WordClusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WordClusters({} forms)", self.classes.len())
    }
}

/// A bad clusters or probabilities file: `file:line: reason` (no line when
/// the file cannot be opened at all).
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {reason}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct LexiconError {
    pub file: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl WordClusters {
    /// The class of `form`: its own entry, else its lower-case form's
    /// (sentence-initial and headline capitals); with `backoff`, also when
    /// its own entry has a probability but no cluster, and a form left
    /// without a cluster takes its [`shape_class`].
    pub fn get(&self, form: &str) -> WordClass {
        let mut class = self.lookup(form);
        if class.cluster == 0 && self.backoff {
            class.fallback = shape_class(form);
        }
        class
    }

    fn lookup(&self, form: &str) -> WordClass {
        let own = self.classes.get(&hash_str(form)).map(|&v| WordClass::unpack(v));
        if let Some(c) = own {
            if c.cluster != 0 || !self.backoff {
                return c;
            }
        }
        if form.chars().any(char::is_uppercase) {
            if let Some(&v) = self.classes.get(&hash_str(&form.to_lowercase())) {
                let lower = WordClass::unpack(v);
                if lower.cluster != 0 || own.is_none() {
                    return WordClass { prob_bucket: own.map_or(lower.prob_bucket, |o| o.prob_bucket), ..lower };
                }
            }
        }
        own.unwrap_or(WordClass::UNKNOWN)
    }

    pub fn len(&self) -> usize {
        self.classes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// Reads spaCy's `en_lexeme_cluster.json(.gz)` (form -> cluster integer)
    /// and, if given, `en_lexeme_prob.json(.gz)` (form -> log probability),
    /// keeping the forms that carry information: those with a cluster and
    /// those more frequent than [`RARE_BUCKET`].
    pub fn from_files(clusters: &Path, probs: Option<&Path>) -> Result<WordClusters, LexiconError> {
        let mut cluster_of: KeyMap<u32> = KeyMap::default();
        let lines = read_json_object(clusters, |form, v: u64| {
            if v >= 1 << MAX_CLUSTER_BITS {
                return Err(format!("cluster {v} of {form:?} is longer than {MAX_CLUSTER_BITS} bits"));
            }
            if v != 0 {
                cluster_of.insert(hash_str(&form), v as u32);
            }
            Ok(())
        })?;
        if cluster_of.is_empty() {
            let reason = "no word has a cluster (expected a JSON object of word -> cluster integer)".to_string();
            return Err(LexiconError { file: clusters.display().to_string(), line: Some(lines), reason });
        }
        let mut bucket_of: KeyMap<u8> = KeyMap::default();
        if let Some(probs) = probs {
            read_json_object(probs, |form, lp: f64| {
                if !lp.is_finite() || lp > 0.0 {
                    return Err(format!("log probability {lp} of {form:?} is not <= 0"));
                }
                let b = prob_bucket(lp);
                if b < RARE_BUCKET {
                    bucket_of.insert(hash_str(&form), b);
                }
                Ok(())
            })?;
        }
        let mut classes = KeyMap::default();
        for (&k, &cluster) in &cluster_of {
            let prob_bucket = bucket_of.get(&k).copied().unwrap_or(RARE_BUCKET);
            classes.insert(k, WordClass { cluster, prob_bucket, fallback: 0 }.pack());
        }
        for (&k, &prob_bucket) in &bucket_of {
            classes.entry(k).or_insert(WordClass { cluster: 0, prob_bucket, fallback: 0 }.pack());
        }
        Ok(WordClusters { classes, backoff: true })
    }

    pub fn write<W: Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        crate::tagger::write_map(w, &self.classes, |w, v| w.u32(*v))
    }

    /// Reads the table; `backoff` as the model's format says.
    pub fn read(r: &mut Reader<'_>, backoff: bool) -> Result<WordClusters, CorruptModel> {
        let classes = crate::tagger::read_map(r, 12, |r| {
            let v = r.u32("word class")?;
            let b = WordClass::unpack(v).prob_bucket;
            if !(MIN_BUCKET..=RARE_BUCKET).contains(&b) {
                return Err(CorruptModel(format!("probability bucket {b} out of range")));
            }
            Ok(v)
        })?;
        Ok(WordClusters { classes, backoff })
    }
}

/// The line (1-based) at byte `at` of `text`.
fn line_at(text: &[u8], at: usize) -> usize {
    1 + text[..at.min(text.len())].iter().filter(|&&b| b == b'\n').count()
}

/// The number of the last line of `text` (a final newline ends it, it
/// starts none).
fn last_line(text: &[u8]) -> usize {
    line_at(text, text.len().saturating_sub(1)).max(1)
}

/// The line of the first member named `form` (written without escapes).
fn line_of_key(text: &[u8], form: &str) -> Option<usize> {
    let key = serde_json::to_string(form).ok()?;
    let mut from = 0;
    while let Some(at) = text[from..].windows(key.len()).position(|w| w == key.as_bytes()) {
        let end = from + at + key.len();
        if text[end..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':') {
            return Some(line_at(text, from + at));
        }
        from = end;
    }
    None
}

/// Reads `path` (gzip or plain) and calls `entry` for each member of the
/// one JSON object it must hold; returns the number of lines. Every error
/// names the file and line.
fn read_json_object<V: de::DeserializeOwned>(path: &Path, mut entry: impl FnMut(String, V) -> Result<(), String>) -> Result<usize, LexiconError> {
    let file = path.display().to_string();
    let fail = |line: Option<usize>, reason: String| LexiconError { file: file.clone(), line, reason };
    let raw = std::fs::read(path).map_err(|e| fail(None, format!("cannot read: {e}")))?;
    let text = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if let Err(e) = flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut out) {
            // What was decompressed before the damage tells the line.
            return Err(fail(Some(line_at(&out, out.len())), format!("gzip data is truncated or corrupt: {e}")));
        }
        out
    } else {
        raw
    };
    let mut de = serde_json::Deserializer::from_slice(&text);
    let mut rejected = None;
    let visited = de.deserialize_map(EntryVisitor { entry: &mut entry, rejected: &mut rejected, _value: std::marker::PhantomData }).and_then(|()| de.end());
    visited.map_err(|e| {
        // serde_json says "... at line L column C": the line goes in front.
        let message = e.to_string();
        let reason = message.rsplit_once(" at line ").map_or(message.as_str(), |(r, _)| r).to_string();
        // serde_json places an error raised after a value at the next
        // character it peeked, often on the next line; a rejected entry's
        // line is where its key is.
        let line = rejected.as_deref().and_then(|form| line_of_key(&text, form)).unwrap_or(e.line().max(1));
        fail(Some(line), reason)
    })?;
    Ok(last_line(&text))
}

struct EntryVisitor<'a, F, V> {
    entry: &'a mut F,
    /// The form whose value `entry` rejected.
    rejected: &'a mut Option<String>,
    _value: std::marker::PhantomData<V>,
}

impl<'de, F: FnMut(String, V) -> Result<(), String>, V: de::Deserialize<'de>> Visitor<'de> for EntryVisitor<'_, F, V> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object of word -> value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some((form, value)) = map.next_entry::<String, V>()? {
            if let Err(reason) = (self.entry)(form.clone(), value) {
                *self.rejected = Some(form);
                return Err(de::Error::custom(reason));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("dyads-clusters-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn prefixes_are_the_low_bits() {
        let iran = WordClass { cluster: 1446, prob_bucket: 11, fallback: 0 };
        let france = WordClass { cluster: 3494, prob_bucket: 10, fallback: 0 };
        assert_eq!(iran.prefix(10), france.prefix(10));
        assert_ne!(iran.prefix(20), france.prefix(20));
        assert_eq!(WordClass::UNKNOWN.prefix(4), 0);
        assert_ne!(WordClass { cluster: 16, prob_bucket: 5, fallback: 0 }.prefix(4), 0);
    }

    #[test]
    fn reads_plain_and_gzip_and_falls_back_to_lower_case() {
        let c = temp("c.json", br#"{"Iran": 1446, "france": 3494, "zzz": 0, "bree": 77}"#);
        let p = temp("p.json.gz", &gzip(b"{\n\"Iran\": -11.1,\n\"france\": -10.7,\n\"zzz\": -5.5,\n\"rare\": -18.0,\n\"Bree\": -15.2\n}\n"));
        let mut wc = WordClusters::from_files(&c, Some(&p)).unwrap();
        assert!(wc.backoff, "a newly read table backs off");
        assert_eq!(wc.get("Iran"), WordClass { cluster: 1446, prob_bucket: 11, fallback: 0 });
        assert_eq!(wc.get("France"), WordClass { cluster: 3494, prob_bucket: 10, fallback: 0 });
        // "Bree" has its own probability but no cluster: the lower-case
        // form's cluster, with its own bucket.
        assert_eq!(wc.get("Bree"), WordClass { cluster: 77, prob_bucket: 15, fallback: 0 });
        // No cluster anywhere: the shape class stands in.
        assert_eq!(wc.get("zzz"), WordClass { cluster: 0, prob_bucket: 5, fallback: shape_class("zzz") });
        assert_eq!(wc.get("rare"), WordClass { fallback: shape_class("rare"), ..WordClass::UNKNOWN });
        assert_eq!(wc.len(), 5, "the rare form without a cluster is pruned");
        let mut buf = Vec::new();
        wc.write(&mut Writer { inner: &mut buf }).unwrap();
        let back = WordClusters::read(&mut Reader::new(&buf), true).unwrap();
        assert_eq!(back.get("France"), wc.get("France"));
        assert_eq!(back.get("Gondor"), wc.get("Gondor"));
        // A format 3 table: one "no cluster" value, no lower-case fallback
        // past a form's own entry.
        let old = WordClusters::read(&mut Reader::new(&buf), false).unwrap();
        assert_eq!(old.get("Bree"), WordClass { cluster: 0, prob_bucket: 15, fallback: 0 });
        assert_eq!(old.get("rare"), WordClass::UNKNOWN);
        assert_eq!(old.get("rare").prefix(4), 0);
        wc.backoff = false;
        assert_eq!(wc.get("zzz"), WordClass { cluster: 0, prob_bucket: 5, fallback: 0 });
    }

    /// Forms without a cluster fall into classes by shape: names are not
    /// punctuation, one punctuation mark is not another, and no class is a
    /// real cluster's prefix.
    #[test]
    fn shape_classes_tell_names_from_punctuation() {
        assert_eq!(shape_class("Gondor"), shape_class("Osgiliath"));
        assert_ne!(shape_class("Gondor"), shape_class("gondor"));
        assert_ne!(shape_class("Gondor"), shape_class("GONDOR"));
        assert_eq!(shape_class("1,200"), shape_class("3"));
        assert_ne!(shape_class(","), shape_class(":"));
        assert_ne!(shape_class(","), shape_class("Gondor"));
        let gondor = WordClass { fallback: shape_class("Gondor"), ..WordClass::UNKNOWN };
        assert_eq!(gondor.prefix(4), gondor.prefix(20));
        for bits in [4, 6, 10, 20] {
            assert_ne!(gondor.prefix(bits), WordClass { cluster: (1 << 20) - 1, prob_bucket: 5, fallback: 0 }.prefix(bits));
            assert_ne!(gondor.prefix(bits), 0);
        }
    }

    fn error(clusters: &Path, probs: Option<&Path>) -> String {
        WordClusters::from_files(clusters, probs).unwrap_err().to_string()
    }

    #[test]
    fn bad_files_say_file_line_and_reason() {
        let missing = std::env::temp_dir().join("dyads-no-such-clusters.json");
        assert!(error(&missing, None).starts_with(&format!("{}: cannot read", missing.display())));
        let truncated = temp("t.json", b"{\n\"a\": 1,\n\"b\": 2,\n");
        assert!(error(&truncated, None).starts_with(&format!("{}:4: EOF", truncated.display())), "{}", error(&truncated, None));
        let not_int = temp("s.json", b"{\n\"a\": 1,\n\"b\": \"x\"\n}");
        assert!(error(&not_int, None).starts_with(&format!("{}:3: invalid type", not_int.display())), "{}", error(&not_int, None));
        let negative = temp("n.json", b"{\"a\": -3}");
        assert!(error(&negative, None).starts_with(&format!("{}:1: invalid value", negative.display())));
        let long = temp("l.json", b"{\n\"a\": 99999999999}");
        assert!(error(&long, None).starts_with(&format!("{}:2: cluster", long.display())));
        let empty = temp("e.json", b"{}\n");
        assert!(error(&empty, None).contains("no word has a cluster"));
        let array = temp("a.json", b"[1, 2]");
        assert!(error(&array, None).starts_with(&format!("{}:1: invalid type", array.display())));
        let full = gzip(b"{\n\"a\": 1,\n\"b\": 2,\n\"c\": 3\n}\n");
        let cut = temp("cut.json.gz", &full[..full.len() - 12]);
        assert!(error(&cut, None).contains("gzip data is truncated or corrupt"), "{}", error(&cut, None));
        let good = temp("g.json", b"{\"a\": 1}");
        let bad_prob = temp("bp.json", b"{\n\"a\": 0.5\n}");
        assert!(error(&good, Some(&bad_prob)).starts_with(&format!("{}:2: log probability", bad_prob.display())), "{}", error(&good, Some(&bad_prob)));
    }
}
