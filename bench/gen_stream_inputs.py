# Synthetic inputs for the streaming benchmark in BENCHMARKS.md ("Streaming `code`"):
#   python3 bench/gen_stream_inputs.py text 50 text50.txt
#   python3 bench/gen_stream_inputs.py jsonl 100 docs100.jsonl
# Paragraphs of ten news-like sentences, seeded, so every run writes the same bytes.
import json, random, sys
random.seed(18)
S = ["The United States accused Iran of harboring al Qaeda fighters.", "Washington met Tehran in Geneva on Tuesday.",
     "Israeli troops fired on Palestinian protesters near Gaza, witnesses said.", "Russia threatened Ukraine with sanctions over the gas dispute.",
     "The European Union urged both sides to resume talks.", "Police arrested dozens of opposition supporters in Cairo.",
     "China and India signed a trade agreement in Beijing last month.", "Rebels attacked a military convoy in northern Mali, killing five soldiers.",
     "The prime minister said the government would not negotiate with the militants.", "Protesters marched through the capital demanding the president resign."]
def para():
    return " ".join(random.choice(S) for _ in range(random.randint(3, 7)))
kind, mb, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
target = mb * 1_000_000
with open(out, "w") as f:
    n = 0; i = 0
    while n < target:
        if kind == "text":
            s = para() + "\n\n"
        else:
            s = json.dumps({"id": f"d{i}", "date": "2016-03-06", "text": "\n\n".join(para() for _ in range(random.randint(1, 3)))}) + "\n"
        f.write(s); n += len(s); i += 1
