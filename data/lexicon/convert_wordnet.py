#!/usr/bin/env python3
"""Converts the WordNet lemmatizer tables of spacy-lookups-data 1.0.5
(en_lemma_exc, en_lemma_index, en_lemma_rules; WordNet 3.0 license) into
data/lexicon/wordnet-lemmas.tsv, which dyads embeds (crates/dyads-parse/src/wordnet.rs).

Usage: python3 data/lexicon/convert_wordnet.py ../shared/lexicon data/lexicon/wordnet-lemmas.tsv

Only single words are kept (multi-word entries such as "take_off" can never
be a token's lemma). Lines: `exc POS FORM LEMMA`, `lemma POS WORD`,
`rule POS SUFFIX REPLACEMENT` (an empty replacement is written as `-`).
"""
import gzip, json, sys

src, out = sys.argv[1], sys.argv[2]
load = lambda n: json.load(gzip.open(f"{src}/en_lemma_{n}.json.gz"))
exc, index, rules = load("exc"), load("index"), load("rules")
single = lambda w: w.isascii() and w.replace("-", "").replace("'", "").isalpha() and w == w.lower()
with open(out, "w") as f:
    f.write("# WordNet 3.0 lemmatizer tables (Princeton University, WordNet 3.0 license: see NOTICE)\n")
    f.write("# via spacy-lookups-data 1.0.5; made by data/lexicon/convert_wordnet.py\n")
    for pos in ("noun", "verb", "adj", "adv"):
        for suffix, repl in rules.get(pos, []):
            f.write(f"rule\t{pos}\t{suffix or '-'}\t{repl or '-'}\n")
        for form in sorted(exc[pos]):
            lemmas = [l for l in exc[pos][form] if single(l)]
            if single(form) and lemmas:
                f.write(f"exc\t{pos}\t{form}\t{lemmas[0]}\n")
        for word in sorted(set(index[pos])):
            if single(word):
                f.write(f"lemma\t{pos}\t{word}\n")
