#!/usr/bin/env bash
# The damaged-index sweep (index_damage_test.py): the issue's meta-page cases, transaction-id
# rollbacks, every meta byte, and 250 random single-byte changes.
# Usage: NEARDUP=path/to/neardup tests/fault/index_damage_test.sh
set -uo pipefail
source "$(dirname "$0")/../cli/test_env.sh"  # root, neardup, tmp
python3 "$root/tests/fault/index_damage_test.py" "$neardup" "$root/scripts/gen_corpus.py" --cases 250 --seed 21
