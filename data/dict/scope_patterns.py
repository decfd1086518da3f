#!/usr/bin/env python3
"""Scopes the verb patterns of data/dict/verbs.txt to the verb each belongs to.

PETRARCH2's CAMEO.2.0.txt merged TABARI's per-verb patterns into synonym
blocks and kept the verb a pattern was written for only as a comment:

    ---  EXPLAIN_VERBAL   [010]  ---
    ...
    - * ATTACK          [190]         # REPORT

PETRARCH applies every pattern of a block to all of the block's verbs, so
"Israeli police say an attack ..." codes "say" as 190. dyads' format says
whose a pattern is: `pattern * ATTACK => 190 only report`. This script
walks CAMEO.2.0.txt and verbs.txt block by block, pairs their patterns in
order (aligning on the codes where a block was edited), and appends
`only VERB` where the comment names a verb of the same block. Patterns
without such a comment stay the whole block's.

Usage (from the repository root, once, after converting a new CAMEO.2.0.txt):
    python3 data/dict/scope_patterns.py ../shared/petrarch2/dictionaries/CAMEO.2.0.txt data/dict/verbs.txt
"""
import collections
import difflib
import re
import sys

orig, native = sys.argv[1], sys.argv[2]

# Original: block name -> [(code, comment word or None)] in file order.
comments = collections.OrderedDict()
block = None
for line in open(orig, encoding="utf-8", errors="replace"):
    t = line.strip()
    if t.startswith("---"):
        block = re.match(r"-+\s*(\S+)", t).group(1)
        comments.setdefault(block, [])
    elif block and t.startswith("-"):
        code = re.search(r"\[([^\]]*)\]", t)
        words = t.split("#", 1)[1].split() if "#" in t else []
        comments[block].append((code.group(1).strip() if code else "", words[0] if words else None))

lines = open(native, encoding="utf-8").read().split("\n")
patterns = collections.OrderedDict()  # block -> line indices of its patterns
verbs = collections.defaultdict(set)  # block -> verb lemmas
block = None
for i, l in enumerate(lines):
    m = re.match(r"block (\S+)", l)
    if m:
        block = m.group(1)
        patterns.setdefault(block, [])
    elif block and (m := re.match(r"  verb (\S+)", l)):
        verbs[block].add(m.group(1))
    elif block and l.startswith("  pattern "):
        patterns[block].append(i)

stats = collections.Counter()
for block, idx in patterns.items():
    orig_block = comments.get(block)
    if not orig_block:
        continue
    codes = [lines[i].rsplit("=>", 1)[1].split(" only ")[0].strip() for i in idx]
    if len(orig_block) == len(idx):
        pairs = list(zip(orig_block, idx))
    else:
        sm = difflib.SequenceMatcher(a=[c for c, _ in orig_block], b=codes, autojunk=False)
        pairs = [(orig_block[a + k], idx[b + k]) for a, b, n in sm.get_matching_blocks() for k in range(n)]
    for (_, comment), i in pairs:
        if not comment or " only " in lines[i]:
            continue
        verb = comment.lower().lstrip("+")
        if verb not in verbs[block] and verb.split("_")[0] in verbs[block]:
            verb = verb.split("_")[0]  # phrasal: CARRY_OUT is the entry "carry"
        if verb in verbs[block]:
            lines[i] += " only " + verb
            stats["scoped"] += 1
        else:
            stats["comment names no verb of the block"] += 1
open(native, "w", encoding="utf-8").write("\n".join(lines))
print(dict(stats), file=sys.stderr)
