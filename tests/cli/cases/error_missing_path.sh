"$NEARDUP" scan does/not/exist --mode lexical
