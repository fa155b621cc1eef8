# JSONL on standard input gives the same pairs, ids taken from the records.
python3 - <<'PY' | "$NEARDUP" scan - --mode lexical --format jsonl --quiet | grep -c '"type":"pair"'
import json, os, sys
for name in sorted(os.listdir("data/seeds")):
    print(json.dumps({"id": name, "text": open(os.path.join("data/seeds", name), encoding="utf-8").read()}))
PY
