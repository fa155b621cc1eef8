# -o writes the file and leaves no temporary file behind; a failed run leaves an old file alone.
mkdir "$TMPDIR_CASE/o"; out="$TMPDIR_CASE/o/result.jsonl"
"$NEARDUP" scan data/seeds --mode lexical -o "$out" --quiet
echo "exit $?"
grep -c '"type":"pair"' "$out"
ls "$TMPDIR_CASE/o"
echo old > "$out"
"$NEARDUP" scan data/seeds/missing.txt --mode lexical -o "$out" --quiet
echo "exit $?"
cat "$out"
ls "$TMPDIR_CASE/o"
