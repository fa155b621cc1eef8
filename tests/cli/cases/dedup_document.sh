# Document-level dedup: a document repeated under another id is dropped.
mkdir -p "$TMPDIR_CASE/in"
cp data/seeds/00[01]*.txt "$TMPDIR_CASE/in/"
cp data/seeds/001_5d173cefb2dd4a82.txt "$TMPDIR_CASE/in/copy.txt"
"$NEARDUP" dedup "$TMPDIR_CASE/in" -o "$TMPDIR_CASE/out.jsonl" --level document --mode lexical 2>&1 | sed "s#$TMPDIR_CASE#TMP#"
python3 -c "
import json
for line in open('$TMPDIR_CASE/out.jsonl'): print(json.loads(line)['id'])
"
