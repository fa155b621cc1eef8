# Shared by the browser tests (sourced): finds Debian's chromium and runs it headless.
# After sourcing: $browser (or the caller exits 77 with SKIP), and run_browser.

browser="${NEARDUP_CHROMIUM:-}"
if [ -z "$browser" ]; then
  for b in chromium chromium-browser; do
    if command -v "$b" >/dev/null 2>&1; then browser="$(command -v "$b")"; break; fi
  done
fi
if [ -z "$browser" ]; then
  echo "SKIP: chromium not found; install it with scripts/setup_browser (Debian package chromium)"
  exit 77
fi

# run_browser TMP NAME URL [flags...]: loads URL headless (every host name unresolvable, a fresh
# profile under TMP), dumps the rendered DOM to TMP/NAME.dom and the log to TMP/NAME.log; the
# seconds it took (chromium start to exit) go to TMP/NAME.seconds. Fails the test on a nonzero exit.
run_browser() {
  local tmp="$1" name="$2" url="$3"
  shift 3
  local rc=0 start end
  mkdir -p "$tmp/home"
  start=$EPOCHREALTIME
  HOME="$tmp/home" timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" --host-resolver-rules="MAP * ~NOTFOUND" \
    --enable-logging=stderr --v=0 --window-size=1280,1600 \
    --run-all-compositor-stages-before-draw "$@" --dump-dom "$url" \
    >"$tmp/$name.dom" 2>"$tmp/$name.log" || rc=$?
  end=$EPOCHREALTIME
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }' >"$tmp/$name.seconds"
  if [ "$rc" -ne 0 ]; then
    echo "FAIL: chromium exited with $rc on $url; its log:"
    tail -n 30 "$tmp/$name.log"
    exit 1
  fi
}
