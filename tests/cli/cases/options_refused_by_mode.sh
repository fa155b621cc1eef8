# An option that does nothing in the chosen mode is refused, naming the mode; dedup --help lists
# only what dedup uses (no --max-group-pairs); filter adopts an existing index's settings unless
# told otherwise, and a stated mismatch is still refused by name.
"$NEARDUP" scan data/seeds --mode lexical --lsh-threshold 0.3; echo "exit $?"
"$NEARDUP" dedup data/seeds --mode lexical --context-min-score 0.2; echo "exit $?"
"$NEARDUP" scan data/seeds --mode reworded --ngram 1; echo "exit $?"
"$NEARDUP" dedup --help | grep -c -- "--max-group-pairs"
"$NEARDUP" scan --help | grep -c -- "--max-group-pairs"
idx="$TMPDIR_CASE/idx"
printf '{"id":"a","text":"North Korea warned of strikes against the White House over the hack."}\n' |
  "$NEARDUP" filter --index "$idx" --mode reworded --no-fsync --quiet >/dev/null; echo "exit $?"
printf '{"id":"b","text":"North Korea warned of strikes against the White House over the hack."}\n' |
  "$NEARDUP" filter --index "$idx" --no-fsync --quiet --verdicts-only | sed 's/,"matches".*//'; echo "exit ${PIPESTATUS[1]}"
printf '{"id":"c","text":"x"}\n' | "$NEARDUP" filter --index "$idx" --mode lexical --no-fsync --quiet 2>&1 >/dev/null |
  sed "s#$TMPDIR_CASE#TMP#"; echo "exit ${PIPESTATUS[1]}"
