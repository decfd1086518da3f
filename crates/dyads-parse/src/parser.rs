//! Greedy arc-eager dependency parser with an averaged perceptron over the
//! Zhang & Nivre (2011) rich feature set, trained with Goldberg & Nivre's
//! dynamic oracle (error exploration). Labeled transitions: one class per
//! (LEFT|RIGHT, label), plus SHIFT and REDUCE.
//!
//! Positions are 1-based within a sentence; 0 is the artificial root, which
//! sits at the bottom of the stack and may take exactly one dependent.

use std::cmp::Reverse;
use std::io::{self, Write};

use crate::binio::{CorruptModel, Reader, Writer};
use crate::clusters::WordClass;
use crate::hash::feat;
use crate::perceptron::{argmax, TrainWeights, Weights};

const NONE: usize = usize::MAX;
const V_NONE: u64 = 0x4e4f_4e45;
const V_ROOT: u64 = 0x524f_4f54;

const SHIFT: usize = 0;
const REDUCE: usize = 1;

// Labeled moves: LEFT(l) = 2 + 2l, RIGHT(l) = 3 + 2l.

/// Per-position word and POS values; index 0 is the root.
pub struct SentenceInput {
    pub words: Vec<u64>,
    pub pos: Vec<u64>,
    /// Word clusters and probability buckets (index 0 unused), or empty for
    /// a model without clusters: then the cluster templates are not used.
    pub classes: Vec<WordClass>,
}

impl SentenceInput {
    pub fn new(words: impl Iterator<Item = u64>, pos: impl Iterator<Item = u64>) -> Self {
        let mut w = vec![V_ROOT];
        w.extend(words);
        let mut p = vec![V_ROOT];
        p.extend(pos);
        SentenceInput { words: w, pos: p, classes: Vec::new() }
    }

    /// The words' clusters, one per word, for a model that has them.
    pub fn with_classes(mut self, classes: impl Iterator<Item = WordClass>) -> Self {
        self.classes = std::iter::once(WordClass::UNKNOWN).chain(classes).collect();
        debug_assert_eq!(self.classes.len(), self.words.len());
        self
    }
    fn n(&self) -> usize {
        self.words.len() - 1
    }
}

struct State {
    stack: Vec<usize>,
    in_stack: Vec<bool>,
    b: usize,
    n: usize,
    head: Vec<usize>,
    label: Vec<usize>,
    lc1: Vec<usize>,
    lc2: Vec<usize>,
    rc1: Vec<usize>,
    rc2: Vec<usize>,
    nleft: Vec<u8>,
    nright: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    root_taken: bool,
}

impl State {
    fn new(n: usize) -> State {
        let m = n + 1;
        // The root is not on the stack ("None" variant of Ballesteros & Nivre
        // 2013): an arc-eager parser with the root at the stack bottom
        // commits to a root early ("Separately, ..." became the root).
        // Words left without a head at the end are resolved in `finish`.
        let in_stack = vec![false; m];
        State {
            stack: Vec::with_capacity(16),
            in_stack,
            b: 1,
            n,
            head: vec![NONE; m],
            label: vec![NONE; m],
            lc1: vec![NONE; m],
            lc2: vec![NONE; m],
            rc1: vec![NONE; m],
            rc2: vec![NONE; m],
            nleft: vec![0; m],
            nright: vec![0; m],
            lset: vec![0; m],
            rset: vec![0; m],
            root_taken: false,
        }
    }

    fn done(&self) -> bool {
        self.b > self.n
    }

    fn s0(&self) -> usize {
        *self.stack.last().unwrap_or(&NONE)
    }

    fn add_arc(&mut self, h: usize, d: usize, l: usize) {
        self.head[d] = h;
        self.label[d] = l;
        let bit = 1u64 << (l % 64);
        if d < h {
            if self.lc1[h] == NONE || d < self.lc1[h] {
                self.lc2[h] = self.lc1[h];
                self.lc1[h] = d;
            } else if self.lc2[h] == NONE || d < self.lc2[h] {
                self.lc2[h] = d;
            }
            self.nleft[h] = self.nleft[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            if self.rc1[h] == NONE || d > self.rc1[h] {
                self.rc2[h] = self.rc1[h];
                self.rc1[h] = d;
            } else if self.rc2[h] == NONE || d > self.rc2[h] {
                self.rc2[h] = d;
            }
            self.nright[h] = self.nright[h].saturating_add(1);
            self.rset[h] |= bit;
        }
        if h == 0 {
            self.root_taken = true;
        }
    }

    fn valid(&self, t: usize, root_label: usize) -> bool {
        let s0 = self.s0();
        let has_b = self.b <= self.n;
        match t {
            SHIFT => has_b,
            REDUCE => s0 != NONE && s0 != 0 && self.head[s0] != NONE,
            _ => {
                let l = (t - 2) / 2;
                if !has_b || s0 == NONE {
                    return false;
                }
                if t.is_multiple_of(2) {
                    s0 != 0 && self.head[s0] == NONE && l != root_label
                } else if s0 == 0 {
                    l == root_label && !self.root_taken
                } else {
                    l != root_label
                }
            }
        }
    }

    /// Calls `f` with every valid transition, in class order: `valid`
    /// unrolled over the classes (this runs once per transition, over ~100
    /// classes).
    #[inline]
    fn each_valid(&self, nclasses: usize, root_label: usize, mut f: impl FnMut(usize)) {
        let s0 = self.s0();
        let has_b = self.b <= self.n;
        if has_b {
            f(SHIFT);
        }
        if s0 != NONE && s0 != 0 && self.head[s0] != NONE {
            f(REDUCE);
        }
        if has_b && s0 != NONE {
            let left_ok = s0 != 0 && self.head[s0] == NONE;
            for l in 0..(nclasses - 2) / 2 {
                if l == root_label {
                    if s0 == 0 && !self.root_taken {
                        f(3 + 2 * l);
                    }
                    continue;
                }
                if left_ok {
                    f(2 + 2 * l);
                }
                if s0 != 0 {
                    f(3 + 2 * l);
                }
            }
        }
    }

    /// The best-scoring valid transition (the first of equals).
    fn best_valid(&self, scores: &[f32], root_label: usize) -> usize {
        let mut best = (SHIFT, f32::NEG_INFINITY);
        self.each_valid(scores.len(), root_label, |t| {
            if scores[t] > best.1 {
                best = (t, scores[t]);
            }
        });
        best.0
    }

    /// Makes `self` a copy of `o`, reusing its buffers (beam search copies
    /// a state per kept candidate and step).
    fn copy_from(&mut self, o: &State) {
        self.stack.clone_from(&o.stack);
        self.in_stack.clone_from(&o.in_stack);
        (self.b, self.n, self.root_taken) = (o.b, o.n, o.root_taken);
        self.head.clone_from(&o.head);
        self.label.clone_from(&o.label);
        self.lc1.clone_from(&o.lc1);
        self.lc2.clone_from(&o.lc2);
        self.rc1.clone_from(&o.rc1);
        self.rc2.clone_from(&o.rc2);
        self.nleft.clone_from(&o.nleft);
        self.nright.clone_from(&o.nright);
        self.lset.clone_from(&o.lset);
        self.rset.clone_from(&o.rset);
    }

    fn apply(&mut self, t: usize) {
        match t {
            SHIFT => {
                self.stack.push(self.b);
                self.in_stack[self.b] = true;
                self.b += 1;
            }
            REDUCE => {
                let s0 = self.stack.pop().unwrap();
                self.in_stack[s0] = false;
            }
            _ => {
                let l = (t - 2) / 2;
                let s0 = self.s0();
                if t.is_multiple_of(2) {
                    self.add_arc(self.b, s0, l);
                    self.stack.pop();
                    self.in_stack[s0] = false;
                } else {
                    self.add_arc(s0, self.b, l);
                    self.stack.push(self.b);
                    self.in_stack[self.b] = true;
                    self.b += 1;
                }
            }
        }
    }

    /// Dynamic-oracle cost of transition `t`: gold arcs it makes unreachable.
    fn cost(&self, t: usize, gold_head: &[usize], gold_label: &[usize]) -> u32 {
        let s0 = self.s0();
        let b = self.b;
        let buffer = b..=self.n;
        match t {
            SHIFT => {
                let mut c = 0;
                for &k in &self.stack {
                    if gold_head[b] == k {
                        c += 1;
                    }
                    if k != 0 && gold_head[k] == b && self.head[k] == NONE {
                        c += 1;
                    }
                }
                c
            }
            REDUCE => buffer.filter(|&k| gold_head[k] == s0).count() as u32,
            _ => {
                let l = (t - 2) / 2;
                if t.is_multiple_of(2) {
                    let mut c = buffer.filter(|&k| gold_head[k] == s0).count() as u32;
                    let g = gold_head[s0];
                    if g != b && g > b && g <= self.n {
                        c += 1;
                    }
                    if g == b && gold_label[s0] != l {
                        c += 1;
                    }
                    c
                } else {
                    let mut c = 0;
                    let g = gold_head[b];
                    if g != s0 && g <= self.n && (self.in_stack[g] || g > b) {
                        c += 1;
                    }
                    for &k in &self.stack {
                        if k != 0 && gold_head[k] == b && self.head[k] == NONE {
                            c += 1;
                        }
                    }
                    if g == s0 && gold_label[b] != l {
                        c += 1;
                    }
                    c
                }
            }
        }
    }
}

fn features(st: &State, x: &SentenceInput, out: &mut Vec<u64>) {
    out.clear();
    let n = st.n;
    let w = |i: usize| if i == NONE || i > n { V_NONE } else { x.words[i] };
    let p = |i: usize| if i == NONE || i > n { V_NONE } else { x.pos[i] };
    let lab = |i: usize| if i == NONE || i > n || st.label[i] == NONE { V_NONE } else { st.label[i] as u64 };
    let at = |v: &Vec<usize>, i: usize| if i == NONE || i > n { NONE } else { v[i] };

    let s0 = st.s0();
    let s1 = if st.stack.len() >= 2 { st.stack[st.stack.len() - 2] } else { NONE };
    let (n0, n1, n2) = if st.b <= n { (st.b, st.b + 1, st.b + 2) } else { (NONE, NONE, NONE) };
    let s0h = at(&st.head, s0);
    let s0h2 = at(&st.head, s0h);
    let (s0l, s0l2, s0r, s0r2) = (at(&st.lc1, s0), at(&st.lc2, s0), at(&st.rc1, s0), at(&st.rc2, s0));
    let (n0l, n0l2) = (at(&st.lc1, n0), at(&st.lc2, n0));

    let (s0w, s0p, n0w, n0p) = (w(s0), p(s0), w(n0), p(n0));
    let (n1w, n1p, n2w, n2p) = (w(n1), p(n1), w(n2), p(n2));
    let dist = if s0 != NONE && n0 != NONE { (n0 - s0).min(8) as u64 } else { 0 };
    let vl = |i: usize| if i == NONE || i > n { 99 } else { st.nleft[i] as u64 };
    let vr = |i: usize| if i == NONE || i > n { 99 } else { st.nright[i] as u64 };
    let ls = |i: usize| if i == NONE || i > n { V_NONE } else { st.lset[i] };
    let rs = |i: usize| if i == NONE || i > n { V_NONE } else { st.rset[i] };

    let mut f = |t: u64, vs: &[u64]| out.push(feat(t, vs));
    f(0, &[]);
    // single words
    f(1, &[s0w, s0p]);
    f(2, &[s0w]);
    f(3, &[s0p]);
    f(4, &[n0w, n0p]);
    f(5, &[n0w]);
    f(6, &[n0p]);
    f(7, &[n1w, n1p]);
    f(8, &[n1w]);
    f(9, &[n1p]);
    f(10, &[n2w, n2p]);
    f(11, &[n2w]);
    f(12, &[n2p]);
    // word pairs
    f(13, &[s0w, s0p, n0w, n0p]);
    f(14, &[s0w, s0p, n0w]);
    f(15, &[s0w, n0w, n0p]);
    f(16, &[s0w, s0p, n0p]);
    f(17, &[s0p, n0w, n0p]);
    f(18, &[s0w, n0w]);
    f(19, &[s0p, n0p]);
    f(20, &[n0p, n1p]);
    // three words
    f(21, &[n0p, n1p, n2p]);
    f(22, &[s0p, n0p, n1p]);
    f(23, &[p(s0h), s0p, n0p]);
    f(24, &[s0p, p(s0l), n0p]);
    f(25, &[s0p, p(s0r), n0p]);
    f(26, &[s0p, n0p, p(n0l)]);
    // distance
    f(27, &[s0w, dist]);
    f(28, &[s0p, dist]);
    f(29, &[n0w, dist]);
    f(30, &[n0p, dist]);
    f(31, &[s0w, n0w, dist]);
    f(32, &[s0p, n0p, dist]);
    // valency
    f(33, &[s0w, vr(s0)]);
    f(34, &[s0p, vr(s0)]);
    f(35, &[s0w, vl(s0)]);
    f(36, &[s0p, vl(s0)]);
    f(37, &[n0w, vl(n0)]);
    f(38, &[n0p, vl(n0)]);
    // unigrams of relatives
    f(39, &[w(s0h)]);
    f(40, &[p(s0h)]);
    f(41, &[lab(s0)]);
    f(42, &[w(s0l)]);
    f(43, &[p(s0l)]);
    f(44, &[lab(s0l)]);
    f(45, &[w(s0r)]);
    f(46, &[p(s0r)]);
    f(47, &[lab(s0r)]);
    f(48, &[w(n0l)]);
    f(49, &[p(n0l)]);
    f(50, &[lab(n0l)]);
    // third order
    f(51, &[w(s0h2)]);
    f(52, &[p(s0h2)]);
    f(53, &[lab(s0h)]);
    f(54, &[w(s0l2)]);
    f(55, &[p(s0l2)]);
    f(56, &[lab(s0l2)]);
    f(57, &[w(s0r2)]);
    f(58, &[p(s0r2)]);
    f(59, &[lab(s0r2)]);
    f(60, &[w(n0l2)]);
    f(61, &[p(n0l2)]);
    f(62, &[lab(n0l2)]);
    f(63, &[s0p, p(s0l), p(s0l2)]);
    f(64, &[s0p, p(s0r), p(s0r2)]);
    f(65, &[s0p, p(s0h), p(s0h2)]);
    f(66, &[n0p, p(n0l), p(n0l2)]);
    // label sets
    f(67, &[s0w, rs(s0)]);
    f(68, &[s0p, rs(s0)]);
    f(69, &[s0w, ls(s0)]);
    f(70, &[s0p, ls(s0)]);
    f(71, &[n0w, ls(n0)]);
    f(72, &[n0p, ls(n0)]);
    // second stack item
    f(73, &[w(s1), p(s1)]);
    f(74, &[p(s1), s0p, n0p]);
    f(75, &[p(s1), s0p]);
    f(76, &[s0p, lab(s0), n0p]);
    f(77, &[s0w, n0p, n1p]);
    f(78, &[p(n0l), lab(n0l), n0w]);
    // coarse (UPOS) back-off
    let u = |i: usize| p(i) >> 16;
    f(79, &[u(s0), u(n0)]);
    f(80, &[u(s0), u(n0), u(n1)]);
    f(81, &[u(s1), u(s0), u(n0)]);
    f(82, &[u(s0), u(s0l), u(s0r), u(n0)]);
    f(83, &[u(s0h), u(s0), u(n0), dist]);
    f(84, &[s0w, n0w, u(n1)]);
    let s2 = if st.stack.len() >= 3 { st.stack[st.stack.len() - 3] } else { NONE };
    f(85, &[u(s2), u(s1), u(s0)]);
    f(86, &[w(s1), s0w]);
    if !x.classes.is_empty() {
        let c = |i: usize, bits: u32| match i {
            0 => V_ROOT,
            i if i == NONE || i > n => V_NONE,
            i => x.classes[i].prefix(bits),
        };
        let prob = |i: usize| if i == NONE || i > n || i == 0 { V_NONE } else { x.classes[i].prob_bucket as u64 };
        cluster_features(&mut f, &c, &prob, [s0, s1, n0, n1, s0h, s0l, s0r, n0l], (s0p, n0p, dist));
    }
}

/// Koo et al. (2008)'s cluster templates carried over to the transition
/// system: 4- and 6-bit cluster prefixes stand in for POS and full paths
/// (20 bits) for words, on s0, s1, n0, n1 and the head-dependent pairs
/// (s0 with its head and children, n0 with its left child), plus the
/// probability buckets of s0 and n0 (rare words attach unlike frequent ones).
fn cluster_features(
    f: &mut impl FnMut(u64, &[u64]),
    c: &impl Fn(usize, u32) -> u64,
    prob: &impl Fn(usize) -> u64,
    [s0, s1, n0, n1, s0h, s0l, s0r, n0l]: [usize; 8],
    (s0p, n0p, dist): (u64, u64, u64),
) {
    let full = |i| c(i, 20);
    f(100, &[full(s0), s0p]);
    f(101, &[full(n0), n0p]);
    f(102, &[full(n1)]);
    f(103, &[full(s1)]);
    f(104, &[full(s0), full(n0)]);
    f(105, &[full(s0), n0p]);
    f(106, &[s0p, full(n0)]);
    f(107, &[c(s0, 6), c(n0, 6)]);
    f(108, &[c(s0, 4), c(n0, 4), c(n1, 4)]);
    f(109, &[c(s1, 6), c(s0, 6), c(n0, 6)]);
    f(110, &[c(s0, 6), c(n0, 6), dist]);
    f(111, &[c(s0h, 6), full(s0)]);
    f(112, &[c(s0, 6), c(s0l, 6)]);
    f(113, &[c(s0, 6), c(s0r, 6)]);
    f(114, &[full(n0), c(n0l, 6)]);
    f(115, &[prob(s0), prob(n0), s0p, n0p]);
}

pub struct Parser {
    pub labels: Vec<String>,
    root_label: usize,
    weights: Weights,
    /// Beam width at parse time: 1 is greedy (the default, and how the
    /// model was trained), k > 1 keeps the k best states.
    pub beam: usize,
}

/// Inverse temperature of the beam's log-softmax over a state's valid
/// transitions: perceptron scores are no probabilities. Tuned on EWT dev
/// (LAS, k = 4 and 8: 0.04 to 0.06 best, for the cluster model too; 0.01
/// favours states with few valid moves, LAS -8 at k = 4; raw score sums,
/// LAS -4 at k = 2).
const BEAM_SCALE: f32 = 0.05;

/// How far (summed log-softmax) behind the best a beam candidate may fall
/// and stay. Tuned on EWT dev, k = 2: LAS 82.77 without a margin, 82.78 at
/// 2 (9% more tokens/s on the news-like corpus), 82.70 at 1.
const BEAM_MARGIN: f64 = 2.0;

/// A beam candidate: the state at `parent` extended by transition `t`
/// (`NONE`: a finished state, kept as it is), with its summed log-softmax.
#[derive(Clone, Copy)]
struct Cand {
    total: f64,
    parent: usize,
    score: f32,
    t: usize,
}

/// Inserts `c` into `top`, the `k` best candidates so far, best first.
fn keep(top: &mut Vec<Cand>, k: usize, c: Cand) {
    let key = |c: &Cand| (c.total, Reverse(c.parent), c.score, Reverse(c.t));
    if top.len() == k && (c.total < top[k - 1].total || key(&c) <= key(&top[k - 1])) {
        return;
    }
    let at = top.partition_point(|o| key(o) >= key(&c));
    top.insert(at, c);
    top.truncate(k);
}

/// Result for one sentence: 1-based heads (0 = root) and label indices,
/// indexed from 1 (index 0 unused).
pub struct Parse {
    pub head: Vec<usize>,
    pub label: Vec<usize>,
}

fn finish(mut st: State, punct_label: usize, dep_label: usize, root_label: usize, x: &SentenceInput, punct_pos: &[u64]) -> Parse {
    // Words left without a head: the one with the most dependents becomes
    // the root (the leftmost on ties), the rest attach to it.
    let mut ndeps = vec![0usize; st.n + 1];
    for i in 1..=st.n {
        if st.head[i] != NONE && st.head[i] <= st.n {
            ndeps[st.head[i]] += 1;
        }
    }
    let mut root = (1..=st.n).find(|&i| st.head[i] == 0);
    if root.is_none() {
        if let Some(r) = (1..=st.n).filter(|&i| st.head[i] == NONE).max_by_key(|&i| (ndeps[i], std::cmp::Reverse(i))) {
            st.head[r] = 0;
            st.label[r] = root_label;
            root = Some(r);
        }
    }
    for i in 1..=st.n {
        if st.head[i] != NONE {
            continue;
        }
        match root {
            None => {
                st.head[i] = 0;
                st.label[i] = root_label;
                root = Some(i);
            }
            Some(r) => {
                st.head[i] = r;
                st.label[i] = if punct_pos.contains(&x.pos[i]) { punct_label } else { dep_label };
            }
        }
    }
    Parse { head: st.head, label: st.label }
}

impl Parser {
    pub fn parse(&self, x: &SentenceInput, punct_pos: &[u64]) -> Parse {
        let st = if self.beam > 1 { self.beam_search(x, self.beam) } else { self.greedy(x) };
        finish(st, self.label_id("punct"), self.label_id("dep"), self.root_label, x, punct_pos)
    }

    fn greedy(&self, x: &SentenceInput) -> State {
        let mut st = State::new(x.n());
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0.0f32; self.weights.nclasses];
        while !st.done() {
            features(&st, x, &mut feats);
            self.weights.score(&feats, &mut scores);
            let t = st.best_valid(&scores, self.root_label);
            debug_assert!(st.valid(t, self.root_label));
            st.apply(t);
        }
        st
    }

    /// Beam search with the greedily trained weights: each step extends
    /// every state by each of its valid transitions and keeps the `k` best
    /// by summed log-softmax of the transition scores ([`BEAM_SCALE`]).
    /// Ties go to the better parent, then the higher transition score, then
    /// the lower class, so `k` = 1 is the greedy parse exactly. A finished
    /// state stays in the beam as it is; when the best one is finished no
    /// other can overtake it (log-probabilities only fall), and it is the
    /// parse.
    fn beam_search(&self, x: &SentenceInput, k: usize) -> State {
        let n = x.n();
        let nclasses = self.weights.nclasses;
        let mut beam = vec![(State::new(n), 0.0f64)];
        let mut next: Vec<(State, f64)> = Vec::with_capacity(k);
        let mut feats = Vec::with_capacity(96);
        let (mut scores, mut valid, mut top) = (vec![0.0f32; nclasses], Vec::with_capacity(nclasses), Vec::with_capacity(k + 1));
        while !beam[0].0.done() {
            top.clear();
            for (parent, (st, total)) in beam.iter().enumerate() {
                if st.done() {
                    keep(&mut top, k, Cand { total: *total, parent, score: f32::INFINITY, t: NONE });
                    continue;
                }
                features(st, x, &mut feats);
                self.weights.score(&feats, &mut scores);
                valid.clear();
                let mut max = f32::NEG_INFINITY;
                st.each_valid(nclasses, self.root_label, |t| {
                    valid.push(t);
                    if scores[t] > max {
                        max = scores[t];
                    }
                });
                // A term under e^-20 moves the sum (at least 1) by less than
                // f32's rounding step: its exp is skipped.
                let sum: f32 = valid.iter().map(|&t| (scores[t] - max) * BEAM_SCALE).filter(|&d| d > -20.0).map(f32::exp).sum();
                let log_z = max * BEAM_SCALE + sum.ln();
                for &t in &valid {
                    let logp = scores[t] * BEAM_SCALE - log_z;
                    keep(&mut top, k, Cand { total: total + f64::from(logp), parent, score: scores[t], t });
                }
            }
            // A candidate far behind the best one almost never wins: dropping
            // it leaves one state to extend, at greedy cost (`BEAM_MARGIN`).
            if let Some(best) = top.first().map(|c| c.total) {
                top.retain(|c| best - c.total <= BEAM_MARGIN);
            }
            next.resize_with(top.len(), || (State::new(n), 0.0));
            for ((st, total), c) in next.iter_mut().zip(&top) {
                st.copy_from(&beam[c.parent].0);
                if c.t != NONE {
                    st.apply(c.t);
                }
                *total = c.total;
            }
            std::mem::swap(&mut beam, &mut next);
        }
        beam.swap_remove(0).0
    }

    fn label_id(&self, l: &str) -> usize {
        self.labels.iter().position(|x| x == l).unwrap_or(self.root_label)
    }

    pub fn write<W: Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        w.strs(&self.labels)?;
        self.weights.write(w)
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Parser, CorruptModel> {
        let labels = r.strs("labels")?;
        let root_label = labels.iter().position(|l| l == "root").ok_or_else(|| CorruptModel("no root label".into()))?;
        let weights = Weights::read(r)?;
        if weights.nclasses != 2 + 2 * labels.len() {
            return Err(CorruptModel("parser weights do not match the label set".into()));
        }
        Ok(Parser { labels, root_label, weights, beam: crate::DEFAULT_BEAM })
    }

    pub fn describe(&self) -> String {
        format!(
            "{} labels, {} features ({} dense rows), {} weights",
            self.labels.len(),
            self.weights.nfeatures(),
            self.weights.ndense(),
            self.weights.nweights()
        )
    }
}

// ---------------------------------------------------------------- training

/// A training sentence with gold heads (projectivized) and label indices.
pub struct GoldTree {
    pub input: SentenceInput,
    pub head: Vec<usize>,
    pub label: Vec<usize>,
}

fn is_ancestor(head: &[usize], a: usize, mut k: usize) -> bool {
    let mut steps = 0;
    while k != 0 && steps < head.len() {
        if head[k] == a {
            return true;
        }
        k = head[k];
        steps += 1;
    }
    a == 0
}

/// Lifts non-projective arcs (reattaching the dependent to its head's head)
/// until the tree is projective, so the arc-eager oracle applies.
pub fn projectivize(head: &mut [usize]) {
    let n = head.len() - 1;
    for _ in 0..n * n + 1 {
        let mut lifted = false;
        // Lift the shortest non-projective arc first.
        let mut best: Option<(usize, usize)> = None;
        for d in 1..=n {
            let h = head[d];
            if h == 0 || h > n {
                continue;
            }
            let (lo, hi) = if h < d { (h, d) } else { (d, h) };
            if (lo + 1..hi).any(|k| !is_ancestor(head, h, k)) {
                let len = hi - lo;
                if best.is_none_or(|(_, l)| len < l) {
                    best = Some((d, len));
                }
            }
        }
        if let Some((d, _)) = best {
            head[d] = head[head[d]];
            lifted = true;
        }
        if !lifted {
            return;
        }
    }
}

pub struct ParserTrainer {
    labels: Vec<String>,
    root_label: usize,
    weights: TrainWeights,
    rng: crate::tagger::Rng,
}

impl ParserTrainer {
    pub fn new(labels: Vec<String>) -> Self {
        let root_label = labels.iter().position(|l| l == "root").expect("label set has root");
        let n = 2 + 2 * labels.len();
        ParserTrainer { labels, root_label, weights: TrainWeights::new(n), rng: crate::tagger::Rng(0x2545_f491_4f6c_dd1d) }
    }

    /// One epoch; with `explore`, follow the model's own (possibly wrong)
    /// transitions 90% of the time so it learns to recover from errors.
    pub fn epoch(&mut self, data: &[GoldTree], order: &[usize], explore: bool) -> (usize, usize) {
        let mut feats = Vec::with_capacity(96);
        let nclasses = self.weights.nclasses;
        let mut scores = vec![0.0f32; nclasses];
        let mut costs = vec![0u32; nclasses];
        let (mut correct, mut total) = (0, 0);
        for &si in order {
            let g = &data[si];
            let mut st = State::new(g.input.n());
            while !st.done() {
                features(&st, &g.input, &mut feats);
                self.weights.score(&feats, &mut scores);
                let root = self.root_label;
                let pred = st.best_valid(&scores, root);
                let mut min = u32::MAX;
                for (t, c) in costs.iter_mut().enumerate() {
                    *c = if st.valid(t, root) { st.cost(t, &g.head, &g.label) } else { u32::MAX };
                    min = min.min(*c);
                }
                let best_gold = argmax(&scores, |t| costs[t] == min).unwrap_or(SHIFT);
                if costs[pred] > min {
                    self.weights.update(&feats, best_gold, pred);
                } else {
                    correct += 1;
                }
                total += 1;
                self.weights.tick();
                // Follow the prediction when it is optimal, or (exploring) when it is not, 90% of the time.
                let next = if (explore && costs[pred] > min && self.rng.unit() < 0.9) || costs[pred] == min { pred } else { best_gold };
                st.apply(next);
            }
        }
        (correct, total)
    }

    pub fn snapshot(&self, prune: f32, min_updates: u32) -> Parser {
        Parser { labels: self.labels.clone(), root_label: self.root_label, weights: self.weights.averaged(prune, min_updates), beam: 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word has one head in the sentence, one word is the root, and
    /// following heads from any word reaches it.
    fn assert_tree(head: &[usize]) {
        let n = head.len() - 1;
        assert_eq!((1..=n).filter(|&i| head[i] == 0).count(), 1, "one root: {head:?}");
        for i in 1..=n {
            let (mut k, mut steps) = (i, 0);
            while k != 0 {
                assert!(head[k] <= n && head[k] != k && steps < n, "no cycle: {head:?}");
                (k, steps) = (head[k], steps + 1);
            }
        }
    }

    /// Two parsers: one trained three epochs on random projective trees
    /// (random words and tags: wild scores), one untrained (every score
    /// tied); and fresh random sentences to parse.
    fn toy_parsers() -> ([Parser; 2], Vec<SentenceInput>) {
        let labels: Vec<String> = ["root", "nsubj", "obj", "punct", "dep"].iter().map(|s| s.to_string()).collect();
        let mut rng = crate::tagger::Rng(0x9e37_79b9_7f4a_7c15);
        let sentence = |rng: &mut crate::tagger::Rng| {
            let n = 1 + (rng.next_u64() % 14) as usize;
            let words: Vec<u64> = (0..n).map(|_| rng.next_u64() % 12).collect();
            SentenceInput::new(words.iter().copied(), words.iter().map(|w| w % 4))
        };
        let mut data = Vec::new();
        for _ in 0..60 {
            let input = sentence(&mut rng);
            let n = input.n();
            let root = 1 + (rng.next_u64() % n as u64) as usize;
            let mut head = vec![0; n + 1];
            let mut label = vec![0; n + 1];
            let mut placed = vec![root];
            for d in (1..=n).filter(|&d| d != root) {
                head[d] = placed[(rng.next_u64() % placed.len() as u64) as usize];
                label[d] = 1 + (rng.next_u64() % 4) as usize;
                placed.push(d);
            }
            projectivize(&mut head);
            data.push(GoldTree { input, head, label });
        }
        let untrained = ParserTrainer::new(labels.clone()).snapshot(0.0, 0);
        let mut trainer = ParserTrainer::new(labels);
        let order: Vec<usize> = (0..data.len()).collect();
        for _ in 0..3 {
            trainer.epoch(&data, &order, true);
        }
        ([trainer.snapshot(0.0, 0), untrained], (0..200).map(|_| sentence(&mut rng)).collect())
    }

    /// The EWT dev slice the repository ships, with its gold tags, as the
    /// embedded model's parser sees it.
    #[cfg(dyads_embedded_model)]
    fn ewt_slice() -> (crate::Model, Vec<SentenceInput>) {
        use crate::hash::hash_str;
        let model = crate::Model::embedded().unwrap();
        let text = include_str!("../../../data/eval/en_ewt-ud-dev-slice.conllu");
        let docs = dyads_text::read_conllu(text, "slice").unwrap();
        let tags = &model.tagger.tagset;
        let mut inputs = Vec::new();
        for doc in &docs {
            for s in &doc.sentences {
                let r = s.tokens.clone();
                let words = r.clone().map(|i| hash_str(&crate::tagger::normalize(doc.form(i))));
                inputs.push(SentenceInput::new(words, r.map(|i| tags.parser_pos(tags.closest(doc.upos[i], &doc.xpos[i]) as u16))));
            }
        }
        assert!(inputs.len() > 500);
        (model, inputs)
    }

    fn assert_beam_of_one_is_greedy(parser: &Parser, inputs: &[SentenceInput]) {
        for x in inputs {
            let (g, b) = (parser.greedy(x), parser.beam_search(x, 1));
            assert_eq!((g.head, g.label, g.stack), (b.head, b.label, b.stack));
        }
    }

    fn assert_beam_parses_are_trees(parser: &Parser, inputs: &[SentenceInput]) {
        for k in [2, 3, 8] {
            for x in inputs {
                let p = finish(parser.beam_search(x, k), 3, 4, parser.root_label, x, &[]);
                assert_tree(&p.head);
                assert!((1..=x.n()).all(|i| p.label[i] < parser.labels.len()));
            }
        }
    }

    #[test]
    fn beam_of_one_is_greedy() {
        let (parsers, inputs) = toy_parsers();
        parsers.iter().for_each(|p| assert_beam_of_one_is_greedy(p, &inputs));
        #[cfg(dyads_embedded_model)]
        {
            let (model, inputs) = ewt_slice();
            assert_beam_of_one_is_greedy(&model.parser, &inputs);
        }
    }

    #[test]
    fn beam_parses_are_trees() {
        let (parsers, inputs) = toy_parsers();
        parsers.iter().for_each(|p| assert_beam_parses_are_trees(p, &inputs));
        #[cfg(dyads_embedded_model)]
        {
            let (model, inputs) = ewt_slice();
            assert_beam_parses_are_trees(&model.parser, &inputs);
        }
    }

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 1 <- 3, 2 -> 4 crosses; root is 3.
        let mut head = vec![0, 3, 3, 0, 2];
        projectivize(&mut head);
        for d in 1..head.len() {
            let h = head[d];
            if h == 0 {
                continue;
            }
            let (lo, hi) = if h < d { (h, d) } else { (d, h) };
            assert!((lo + 1..hi).all(|k| is_ancestor(&head, h, k)), "{head:?}");
        }
        assert_eq!(head[4], 3);
    }

    #[test]
    fn static_oracle_path_has_zero_cost_and_rebuilds_tree() {
        // "Iran accused the US" : accused root, Iran nsubj, the det, US obj
        let labels: Vec<String> = ["root", "nsubj", "det", "obj"].iter().map(|s| s.to_string()).collect();
        let head = vec![0, 2, 0, 4, 2];
        let label = vec![0, 1, 0, 2, 3];
        let mut st = State::new(4);
        let n = 2 + 2 * labels.len();
        while !st.done() {
            let t = (0..n).find(|&t| st.valid(t, 0) && st.cost(t, &head, &label) == 0).expect("zero-cost move");
            st.apply(t);
        }
        // Every arc is built except the root's, which `finish` assigns.
        assert_eq!(st.head[2], NONE);
        for i in [1, 3, 4] {
            assert_eq!((st.head[i], st.label[i]), (head[i], label[i]));
        }
        let x = SentenceInput::new([1u64, 2, 3, 4].into_iter(), [1u64, 2, 3, 4].into_iter());
        let p = finish(st, 0, 0, 0, &x, &[]);
        assert_eq!(&p.head[1..], &head[1..]);
    }
}
