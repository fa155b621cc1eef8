#!/usr/bin/env bash
# Every option of every command acts or is refused: tests/cli/option_sweep.py reads each command's
# options from its --help and runs each one against the same run without it.
set -uo pipefail
source "$(dirname "$0")/test_env.sh"
exec /usr/bin/python3 "$root/tests/cli/option_sweep.py" "$neardup" "$root"
