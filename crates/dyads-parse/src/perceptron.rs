//! Averaged perceptron: dense rows while training, sparse rows in an
//! open-addressing table for inference.
//!
//! Inference cost is one table probe per feature plus a walk over that
//! feature's non-zero class weights; rows are sparse because a perceptron only
//! ever touches the gold and the predicted class of an update.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Write};

use crate::binio::{CorruptModel, Reader, Writer};
use crate::hash::finalize;

/// Feature keys are already hashes; hashing them again (SipHash) would only
/// cost time.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        finalize(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = crate::hash::mix(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Weights being learned: one dense row per feature that was ever updated.
pub struct TrainWeights {
    pub nclasses: usize,
    index: KeyMap<u32>,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u32>,
    /// Updates per row: features updated only once are mostly noise.
    updates: Vec<u32>,
    /// Number of examples seen: the averaging clock.
    time: u32,
}

impl TrainWeights {
    pub fn new(nclasses: usize) -> Self {
        TrainWeights { nclasses, index: KeyMap::default(), w: Vec::new(), total: Vec::new(), stamp: Vec::new(), updates: Vec::new(), time: 0 }
    }

    /// Adds the current (not averaged) weights of `feats` into `scores`.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let r = row as usize * self.nclasses;
                for (s, w) in scores.iter_mut().zip(&self.w[r..r + self.nclasses]) {
                    *s += w;
                }
            }
        }
    }

    /// Advances the averaging clock by one example.
    pub fn tick(&mut self) {
        self.time += 1;
    }

    fn row(&mut self, f: u64) -> usize {
        let n = self.nclasses;
        let next = self.index.len() as u32;
        let row = *self.index.entry(f).or_insert(next) as usize;
        if row == next as usize {
            self.w.extend(std::iter::repeat_n(0.0, n));
            self.total.extend(std::iter::repeat_n(0.0, n));
            self.stamp.extend(std::iter::repeat_n(0, n));
            self.updates.push(0);
        }
        self.updates[row] += 1;
        row
    }

    fn add(&mut self, row: usize, class: usize, delta: f32) {
        let i = row * self.nclasses + class;
        self.total[i] += (self.time - self.stamp[i]) as f64 * self.w[i] as f64;
        self.stamp[i] = self.time;
        self.w[i] += delta;
    }

    /// Standard perceptron update: reward `good`, penalize `bad`.
    pub fn update(&mut self, feats: &[u64], good: usize, bad: usize) {
        if good == bad {
            return;
        }
        for &f in feats {
            let row = self.row(f);
            self.add(row, good, 1.0);
            self.add(row, bad, -1.0);
        }
    }

    /// The averaged weights as a compact inference table; weights whose
    /// magnitude is below `prune` are dropped, and so are features updated
    /// fewer than `min_updates` times.
    pub fn averaged(&self, prune: f32, min_updates: u32) -> Weights {
        let t = self.time.max(1) as f64;
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(self.index.len());
        for (&f, &row) in &self.index {
            if self.updates[row as usize] < min_updates {
                continue;
            }
            let r = row as usize * self.nclasses;
            let mut entries = Vec::new();
            for c in 0..self.nclasses {
                let i = r + c;
                let tot = self.total[i] + (self.time - self.stamp[i]) as f64 * self.w[i] as f64;
                let avg = (tot / t) as f32;
                if avg.abs() > prune {
                    entries.push((c as u16, avg));
                }
            }
            if !entries.is_empty() {
                rows.push((f, entries));
            }
        }
        rows.sort_unstable_by_key(|r| r.0);
        Weights::from_rows(self.nclasses, rows)
    }
}

const EMPTY: u64 = u64::MAX;
/// Slot offset flag: the row is the `offset`-th row of `Weights::dense`.
const DENSE: u64 = 1 << 31;

#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, even on a bad address.
    #[allow(unused_unsafe)]
    unsafe {
        core::arch::x86_64::_mm_prefetch(p as *const i8, core::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Inference weights, laid out for cache efficiency:
///
/// * `slots`: open addressing with linear probing; each slot packs a 32-bit
///   key fingerprint (high half) and the row's offset in `entries` (low half).
/// * `entries`: for each row, its length, then one `u32` per non-zero class
///   weight: an `f32` whose lowest 8 mantissa bits are replaced by the class
///   id. The weight keeps 15 mantissa bits (relative error < 2^-16), and
///   decoding is a mask, not an int-to-float conversion.
///
/// * `dense`: rows with many non-zero weights (the bias, POS-only features)
///   again, as plain `f32` arrays of `stride` classes. Adding a dense row is a
///   vectorized loop; scattering 100 packed entries one by one cost more
///   than the cache misses (the slot's offset then has `DENSE` set and
///   counts rows of `dense`); such rows are not in `entries`.
///
/// Scoring prefetches every feature's slot, then every row, before summing,
/// so the ~90 cache misses of a parser state overlap instead of queueing.
#[derive(Clone)]
pub struct Weights {
    pub nclasses: usize,
    slots: Vec<u64>,
    mask: usize,
    entries: Vec<u32>,
    dense: Vec<f32>,
    stride: usize,
    nfeatures: usize,
    nweights: usize,
    /// Full feature keys in row order, with each row's slot offset; only for
    /// writing the model back out.
    row_keys: Vec<(u64, u32)>,
}

#[inline(always)]
fn pack(class: u16, weight: f32) -> u32 {
    // Round the magnitude to the nearest representable value, then make room.
    (weight.to_bits().wrapping_add(0x80) & !0xFF) | class as u32
}

#[inline(always)]
fn unpack(e: u32) -> (usize, f32) {
    ((e & 0xFF) as usize, f32::from_bits(e & !0xFF))
}

impl Weights {
    fn from_rows(nclasses: usize, rows: Vec<(u64, Vec<(u16, f32)>)>) -> Weights {
        assert!(nclasses <= 256, "class ids are stored in 8 bits");
        let packed = rows.into_iter().map(|(k, row)| (k, row.into_iter().map(|(c, w)| pack(c, w)).collect())).collect();
        Weights::from_packed(nclasses, packed)
    }

    fn from_packed(nclasses: usize, rows: Vec<(u64, Vec<u32>)>) -> Weights {
        let cap = (rows.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let stride = nclasses.div_ceil(8) * 8;
        let mut w = Weights {
            nclasses,
            slots: vec![EMPTY; cap],
            mask: cap - 1,
            entries: Vec::with_capacity(rows.iter().map(|r| r.1.len() + 1).sum()),
            dense: Vec::new(),
            stride,
            nfeatures: rows.len(),
            nweights: rows.iter().map(|r| r.1.len()).sum(),
            row_keys: Vec::with_capacity(rows.len()),
        };
        for (key, row) in rows {
            // Dense when scattering would cost more than adding the whole
            // row (about 6 instructions per entry against ~1 per 4 classes).
            let offset = if row.len() * 8 >= nclasses {
                let at = w.dense.len();
                w.dense.resize(at + stride, 0.0);
                for &e in &row {
                    let (class, weight) = unpack(e);
                    w.dense[at + class] = weight;
                }
                DENSE | (at / stride) as u64
            } else {
                let start = w.entries.len() as u64;
                w.entries.push(row.len() as u32);
                w.entries.extend_from_slice(&row);
                start
            };
            assert!(offset & 0xFFFF_FFFF == offset, "weight table too large");
            w.row_keys.push((key, offset as u32));
            let mut i = finalize(key) as usize & w.mask;
            while w.slots[i] != EMPTY {
                i = (i + 1) & w.mask;
            }
            w.slots[i] = (key >> 32) << 32 | offset;
        }
        w
    }

    /// Rows stored dense (see the type's comment).
    pub fn ndense(&self) -> usize {
        self.dense.len() / self.stride
    }

    pub fn nfeatures(&self) -> usize {
        self.nfeatures
    }

    pub fn nweights(&self) -> usize {
        self.nweights
    }

    /// Row at slot offset `offset`, as packed entries.
    fn packed_row(&self, offset: u32) -> Vec<u32> {
        let offset = offset as u64;
        if offset & DENSE != 0 {
            let at = (offset & !DENSE) as usize * self.stride;
            // Dense values were unpacked from packed ones: packing them again
            // gives back the same bits.
            (0..self.nclasses).filter(|&c| self.dense[at + c] != 0.0).map(|c| pack(c as u16, self.dense[at + c])).collect()
        } else {
            let at = offset as usize;
            self.entries[at + 1..at + 1 + self.entries[at] as usize].to_vec()
        }
    }

    /// Offset of `key`'s row in `entries`.
    #[inline(always)]
    fn find(&self, key: u64) -> Option<usize> {
        let fp = key >> 32;
        let mut i = finalize(key) as usize & self.mask;
        loop {
            let s = self.slots[i];
            if s == EMPTY {
                return None;
            }
            if s >> 32 == fp {
                return Some((s & 0xFFFF_FFFF) as usize);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Sets `scores` to the summed weights of `feats`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for &f in feats {
            prefetch(&self.slots[finalize(f) as usize & self.mask]);
        }
        let mut rows = [0u32; 128];
        let mut nrows = 0;
        for chunk in feats.chunks(128) {
            nrows = 0;
            for &f in chunk {
                if let Some(r) = self.find(f) {
                    if r as u64 & DENSE != 0 {
                        let at = (r as u64 & !DENSE) as usize * self.stride;
                        for line in (at..at + self.nclasses).step_by(16) {
                            prefetch(&self.dense[line]);
                        }
                    } else {
                        prefetch(&self.entries[r]);
                    }
                    rows[nrows] = r as u32;
                    nrows += 1;
                }
            }
            let n = self.nclasses;
            for &r in &rows[..nrows] {
                let r = r as usize;
                if r as u64 & DENSE != 0 {
                    let at = (r as u64 & !DENSE) as usize * self.stride;
                    for (s, w) in scores[..n].iter_mut().zip(&self.dense[at..at + n]) {
                        *s += *w;
                    }
                    continue;
                }
                let len = self.entries[r] as usize;
                for &e in &self.entries[r + 1..r + 1 + len] {
                    let (class, weight) = unpack(e);
                    scores[class] += weight;
                }
            }
        }
        let _ = nrows;
    }

    pub fn write<W: Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        w.u32(self.nclasses as u32)?;
        // Full keys in row order (the slots keep only fingerprints).
        w.u32(self.row_keys.len() as u32)?;
        for &(key, _) in &self.row_keys {
            w.u64(key)?;
        }
        let rows: Vec<Vec<u32>> = self.row_keys.iter().map(|&(_, offset)| self.packed_row(offset)).collect();
        w.u32(rows.iter().map(|r| 1 + r.len()).sum::<usize>() as u32)?;
        for row in rows {
            w.u32(row.len() as u32)?;
            for e in row {
                w.u32(e)?;
            }
        }
        Ok(())
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Weights, CorruptModel> {
        let nclasses = r.u32("classes")? as usize;
        let nrows = r.len(8, "feature rows")?;
        let mut keys = Vec::with_capacity(nrows);
        for _ in 0..nrows {
            keys.push(r.u64("feature key")?);
        }
        let nentries = r.len(4, "weights")?;
        let raw = r.bytes(nentries * 4, "weights")?;
        let entries: Vec<u32> = raw.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect();
        let mut rows = Vec::with_capacity(nrows);
        let mut at = 0;
        for key in keys {
            let len = *entries.get(at).ok_or_else(|| CorruptModel("weight rows run past the end".into()))? as usize;
            let row = entries.get(at + 1..at + 1 + len).ok_or_else(|| CorruptModel("weight row runs past the end".into()))?;
            if let Some(&e) = row.iter().find(|&&e| unpack(e).0 >= nclasses) {
                return Err(CorruptModel(format!("class {} out of range", unpack(e).0)));
            }
            let out = row.to_vec();
            rows.push((key, out));
            at += 1 + len;
        }
        if at != entries.len() {
            return Err(CorruptModel("weight rows do not add up".into()));
        }
        Ok(Weights::from_packed(nclasses, rows))
    }
}

/// Index of the highest score among classes allowed by `valid`.
#[inline]
pub fn argmax(scores: &[f32], valid: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if valid(i) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|b| b.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_separable_problem_and_round_trips() {
        let mut tw = TrainWeights::new(3);
        let data = [(vec![1u64, 10], 0usize), (vec![2, 10], 1), (vec![3, 10], 2)];
        let mut scores = vec![0.0; 3];
        for _ in 0..5 {
            for (f, y) in &data {
                tw.score(f, &mut scores);
                let p = argmax(&scores, |_| true).unwrap();
                tw.update(f, *y, p);
                tw.tick();
            }
        }
        let w = tw.averaged(0.0, 1);
        for (f, y) in &data {
            w.score(f, &mut scores);
            assert_eq!(argmax(&scores, |_| true), Some(*y));
        }
        let mut buf = Vec::new();
        w.write(&mut Writer { inner: &mut buf }).unwrap();
        let back = Weights::read(&mut Reader::new(&buf)).unwrap();
        let mut s2 = vec![0.0; 3];
        for (f, _) in &data {
            w.score(f, &mut scores);
            back.score(f, &mut s2);
            assert_eq!(scores, s2);
        }
        assert!(Weights::read(&mut Reader::new(&buf[..buf.len() - 3])).is_err());
    }

    #[test]
    fn dense_and_packed_rows_score_alike() {
        // 40 classes: a row of 2 weights stays packed, one of 30 goes dense.
        let short = vec![(3u16, 1.5f32), (39, -2.0)];
        let long: Vec<(u16, f32)> = (0..30).map(|c| (c as u16, c as f32 * 0.25 - 3.125)).collect();
        let w = Weights::from_rows(40, vec![(11, short.clone()), (12, long.clone())]);
        assert_eq!(w.ndense(), 1);
        let mut s = vec![0.0; 40];
        w.score(&[11, 12, 99], &mut s);
        let mut expect = vec![0.0f32; 40];
        for (c, v) in short.iter().chain(&long) {
            expect[*c as usize] += v;
        }
        assert_eq!(s, expect);
        let mut buf = Vec::new();
        w.write(&mut Writer { inner: &mut buf }).unwrap();
        let back = Weights::read(&mut Reader::new(&buf)).unwrap();
        let mut s2 = vec![0.0; 40];
        back.score(&[11, 12, 99], &mut s2);
        assert_eq!(s2, expect);
        assert_eq!(back.nweights(), 32);
    }

    #[test]
    fn largest_weight_keeps_its_sign_after_quantization() {
        let rows = vec![(7u64, vec![(0u16, 43.509_552f32), (1, -43.509_552), (2, 0.001)])];
        let w = Weights::from_rows(3, rows);
        let mut s = vec![0.0; 3];
        w.score(&[7], &mut s);
        assert!((s[0] - 43.509_552).abs() < 1e-3 && (s[1] + 43.509_552).abs() < 1e-3, "{s:?}");
        assert!((s[2] - 0.001).abs() < 1e-4);
    }
}
