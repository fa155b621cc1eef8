# index stats gives the oldest and newest additions as UTC dates, not only as epoch numbers.
printf '{"id":"a","text":"North Korea warned of strikes against the White House."}\n' |
  "$NEARDUP" filter --mode lexical --index "$TMPDIR_CASE/i" --no-fsync --quiet >/dev/null
"$NEARDUP" index stats --index "$TMPDIR_CASE/i" | grep -o '"[a-z]*_added_utc":"[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:]\{8\}Z"' | sed 's/":".*/":DATE/'
