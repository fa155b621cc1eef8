"$NEARDUP" scan data/seeds --threshold 1.5
