"$NEARDUP" scan data/seeds --no-such-option
