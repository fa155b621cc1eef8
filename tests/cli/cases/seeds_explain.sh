# --explain: under each reworded pair, the features that carried the scorer's decision (name,
# value, what it added to the log-odds); site furniture folded into its section at the end.
"$NEARDUP" scan data/seeds --mode reworded --format text --explain
