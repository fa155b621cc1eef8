# Near-verbatim text (real cases from news pages): a tweet one page cut off mid-sentence scores
# under the scorer's threshold, but lexical mode reports it (word 3-gram Jaccard 0.5), so reworded
# mode reports it too, marked "near-verbatim" with that similarity (JSONL, then text --explain).
printf '%s\n' \
  '{"id":"a","text":"Our relationship with Russia has NEVER been worse thanks to many years of\n\nThe city council met on Tuesday to discuss the new budget for the parks."}' \
  '{"id":"b","text":"Our relationship with Russia has NEVER been worse thanks to many years of U.S. foolishness and stupidity and now, the Rigged Witch Hunt!\n\nFishermen in the northern bay reported their largest catch in a decade."}' \
  >"$TMPDIR_CASE/tweets.jsonl"
"$NEARDUP" scan "$TMPDIR_CASE/tweets.jsonl" --format jsonl | grep -v '"type":"summary"'
"$NEARDUP" scan "$TMPDIR_CASE/tweets.jsonl" --format text --explain --quiet
