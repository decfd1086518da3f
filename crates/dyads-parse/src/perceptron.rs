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
    /// Number of examples seen: the averaging clock.
    time: u32,
}

impl TrainWeights {
    pub fn new(nclasses: usize) -> Self {
        TrainWeights { nclasses, index: KeyMap::default(), w: Vec::new(), total: Vec::new(), stamp: Vec::new(), time: 0 }
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
        }
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
    /// magnitude is below `prune` are dropped.
    pub fn averaged(&self, prune: f32) -> Weights {
        let t = self.time.max(1) as f64;
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(self.index.len());
        for (&f, &row) in &self.index {
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

#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    /// Offset of the row in `entries`; `u32::MAX` marks an empty slot.
    start: u32,
    len: u32,
}

#[derive(Clone, Copy)]
#[repr(C)]
struct Entry {
    class: u16,
    weight: f32,
}

/// Inference weights: open addressing, linear probing, power-of-two size.
pub struct Weights {
    pub nclasses: usize,
    slots: Vec<Slot>,
    mask: usize,
    entries: Vec<Entry>,
    nfeatures: usize,
}

impl Weights {
    fn from_rows(nclasses: usize, rows: Vec<(u64, Vec<(u16, f32)>)>) -> Weights {
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mut w = Weights {
            nclasses,
            slots: vec![Slot { key: 0, start: u32::MAX, len: 0 }; cap],
            mask: cap - 1,
            entries: Vec::with_capacity(rows.iter().map(|r| r.1.len()).sum()),
            nfeatures: rows.len(),
        };
        for (key, row) in rows {
            let start = w.entries.len() as u32;
            w.entries.extend(row.iter().map(|&(class, weight)| Entry { class, weight }));
            let mut i = finalize(key) as usize & w.mask;
            while w.slots[i].start != u32::MAX {
                i = (i + 1) & w.mask;
            }
            w.slots[i] = Slot { key, start, len: row.len() as u32 };
        }
        w
    }

    pub fn nfeatures(&self) -> usize {
        self.nfeatures
    }

    pub fn nweights(&self) -> usize {
        self.entries.len()
    }

    #[inline]
    fn find(&self, key: u64) -> Option<&Slot> {
        let mut i = finalize(key) as usize & self.mask;
        loop {
            let s = &self.slots[i];
            if s.start == u32::MAX {
                return None;
            }
            if s.key == key {
                return Some(s);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Sets `scores` to the summed weights of `feats`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for &f in feats {
            if let Some(s) = self.find(f) {
                for e in &self.entries[s.start as usize..(s.start + s.len) as usize] {
                    scores[e.class as usize] += e.weight;
                }
            }
        }
    }

    pub fn write<W: Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        w.u32(self.nclasses as u32)?;
        let mut rows: Vec<&Slot> = self.slots.iter().filter(|s| s.start != u32::MAX).collect();
        rows.sort_unstable_by_key(|s| s.start);
        w.u32(rows.len() as u32)?;
        for s in &rows {
            w.u64(s.key)?;
            w.u32(s.len)?;
        }
        w.u32(self.entries.len() as u32)?;
        for e in &self.entries {
            w.u32(e.class as u32)?;
        }
        for e in &self.entries {
            w.f32(e.weight)?;
        }
        Ok(())
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Weights, CorruptModel> {
        let nclasses = r.u32("classes")? as usize;
        let nrows = r.len(12, "feature rows")?;
        let mut keys = Vec::with_capacity(nrows);
        for _ in 0..nrows {
            keys.push((r.u64("feature key")?, r.u32("row length")? as usize));
        }
        let nentries = r.len(8, "weights")?;
        if keys.iter().map(|k| k.1).sum::<usize>() != nentries {
            return Err(CorruptModel("row lengths do not add up to the weight count".into()));
        }
        let classes = r.bytes(nentries * 4, "classes")?;
        let weights = r.bytes(nentries * 4, "weights")?;
        let mut rows = Vec::with_capacity(nrows);
        let mut at = 0;
        for (key, len) in keys {
            let mut row = Vec::with_capacity(len);
            for i in at..at + len {
                let c = u32::from_le_bytes(classes[i * 4..i * 4 + 4].try_into().unwrap());
                if c as usize >= nclasses {
                    return Err(CorruptModel(format!("class {c} out of range")));
                }
                row.push((c as u16, f32::from_le_bytes(weights[i * 4..i * 4 + 4].try_into().unwrap())));
            }
            at += len;
            rows.push((key, row));
        }
        Ok(Weights::from_rows(nclasses, rows))
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
        let w = tw.averaged(0.0);
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
}
