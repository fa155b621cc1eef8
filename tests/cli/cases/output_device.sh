# -o naming a device or a FIFO writes into it: it is not replaced by a renamed temporary file
# (`-o /dev/null` run as root once turned /dev/null into a regular file). A folder is an error.
"$NEARDUP" scan data/seeds --mode lexical --format jsonl --quiet -o /dev/null; echo "exit $?"
[ -c /dev/null ] && echo "/dev/null is still a character device"
mkfifo "$TMPDIR_CASE/fifo"
wc -l <"$TMPDIR_CASE/fifo" >"$TMPDIR_CASE/count" &
"$NEARDUP" scan data/seeds --mode lexical --format jsonl --quiet -o "$TMPDIR_CASE/fifo"; echo "exit $?"
wait
echo "lines through the FIFO: $(tr -d ' ' <"$TMPDIR_CASE/count")"
ls "$TMPDIR_CASE"
"$NEARDUP" scan data/seeds --quiet -o "$TMPDIR_CASE" 2>&1 | sed "s#$TMPDIR_CASE#TMP#"; echo "exit ${PIPESTATUS[0]}"
