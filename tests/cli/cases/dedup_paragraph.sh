# Paragraph-level dedup of the sample: repeated paragraphs and shared furniture removed.
out="$TMPDIR_CASE/dedup.jsonl"
"$NEARDUP" dedup data/seeds -o "$out" --mode lexical 2>&1 | sed "s#$TMPDIR_CASE#TMP#"
echo "exit ${PIPESTATUS[0]}"
python3 -c "
import json,sys
for line in open('$out'):
    d=json.loads(line); print(d['id'], len(d['text'].split('\n\n')), 'paragraphs')
"
