"$NEARDUP" scan data/seeds --threshold 0
