#!/usr/bin/env bash
# demo_check.sh BIN_DIR: runs scripts/demo (issue 6) against the coach and coach-syncd already built in BIN_DIR
# and checks what it printed: the three devices enrolled with the fingerprint check, both coaches' timelines
# agree after syncing, the concurrent edit of the note shows as a conflict, and the agenda is printed.
# Registered with ctest by tests/cli/CMakeLists.txt.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(COACH_DEMO_LANG=en "$root/scripts/demo" --bin "${1:?the folder with coach and coach-syncd}" 2>&1)"
rc=$?
printf '%s\n' "$out"
fail() { echo "demo_check: $*" >&2; exit 1; }
[[ $rc -eq 0 ]] || fail "scripts/demo exited $rc"
grep -q "Device .* approved" <<<"$out" || fail "no device was approved"
[[ "$(grep -c "Approved: this device now belongs to team" <<<"$out")" -eq 2 ]] || fail "not both coaches joined"
grep -q "Both devices' timelines agree." <<<"$out" || fail "the timelines were not compared equal"
grep -q "current text" <<<"$out" || fail "no conflict table was printed"
grep -q "Resolve with 'coach conflicts resolve" <<<"$out" || fail "the conflict's resolution hint is missing"
grep -q "Sanne de Vries" <<<"$out" || fail "the timeline or agenda does not name the participant"
echo "demo_check: the demo converged and showed its conflict"
