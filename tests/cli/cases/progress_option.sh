# --progress=always draws the progress line even when stderr is no terminal (one line per stage:
# six distinct stages); never and the default (auto, not a terminal here) draw none; another value
# is a usage error.
"$NEARDUP" dedup data/seeds --mode lexical --progress=always -o /dev/null 2>&1 | grep -o "^neardup: [a-z]* ([1-6]/6)" | sort -u | wc -l
"$NEARDUP" dedup data/seeds --mode lexical --progress=never -o /dev/null 2>&1 | tr '\r' '\n' | grep -c "ETA"
"$NEARDUP" dedup data/seeds --mode lexical -o /dev/null 2>&1 | tr '\r' '\n' | grep -c "ETA"
"$NEARDUP" scan data/seeds --progress=sometimes; echo "exit $?"
