# A reader that goes away early: neardup ends without a message and with a code below 128.
"$NEARDUP" scan data/seeds --mode lexical --format jsonl --quiet | head -c 10 >/dev/null
code=${PIPESTATUS[0]}
[ "$code" -lt 128 ] && echo "exit below 128"
