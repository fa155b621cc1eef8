"$NEARDUP" dedup data/seeds
