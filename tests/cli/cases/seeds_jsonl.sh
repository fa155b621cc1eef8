# The JSONL report of the bundled sample, lexical mode.
"$NEARDUP" scan data/seeds --mode lexical --format jsonl --quiet
