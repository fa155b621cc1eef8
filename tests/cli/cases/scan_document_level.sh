# Document-level scan: whole texts are the units (para 0, the trimmed text's range); a copy of an
# article under another name pairs with it, and the other articles do not.
mkdir -p "$TMPDIR_CASE/in"
cp data/seeds/00[01]*.txt "$TMPDIR_CASE/in/"
cp data/seeds/001_5d173cefb2dd4a82.txt "$TMPDIR_CASE/in/copy.txt"
"$NEARDUP" scan "$TMPDIR_CASE/in" --mode reworded --level document --format jsonl --quiet | python3 -c "
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    if r['type'] == 'pair':
        print('pair', r['a']['doc'], r['a']['para'], r['b']['doc'], r['b']['para'], r['similarity'])
    elif r['type'] == 'summary':
        print('documents', r['documents'], 'units', r['units'])
"
"$NEARDUP" scan "$TMPDIR_CASE/in" --level sentence 2>&1
