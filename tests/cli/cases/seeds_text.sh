# The readable listing of the bundled sample.
"$NEARDUP" scan data/seeds --mode lexical --format text
