# --progress=always draws the progress line even when stderr is no terminal; never and the
# default (auto, not a terminal here) draw none; another value is a usage error.
"$NEARDUP" dedup data/seeds --mode lexical --progress=always -o /dev/null 2>&1 | tr '\r' '\n' | grep -c "paragraphs/s"
"$NEARDUP" dedup data/seeds --mode lexical --progress=never -o /dev/null 2>&1 | tr '\r' '\n' | grep -c "paragraphs/s"
"$NEARDUP" dedup data/seeds --mode lexical -o /dev/null 2>&1 | tr '\r' '\n' | grep -c "paragraphs/s"
"$NEARDUP" scan data/seeds --progress=sometimes; echo "exit $?"
