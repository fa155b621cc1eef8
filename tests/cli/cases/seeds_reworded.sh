# The readable listing of the bundled sample in the default (reworded) mode: paragraph pairs,
# and single statements rewritten inside other paragraphs, reported on their sentences.
"$NEARDUP" scan data/seeds --mode reworded --format text
