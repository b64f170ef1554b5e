#!/usr/bin/env bash
# Runs the whole test suite against private, throwaway PostgreSQL and RabbitMQ instances on free ports in a temp
# folder (stopped and removed at exit, also on failure or Ctrl-C). It builds Pipelines.sln while RabbitMQ boots,
# then runs `dotnet test --no-build`; extra arguments go to that `dotnet test`, e.g.
#   deploy/local/test.sh --filter "FullyQualifiedName~Definitions"
# PIPELINES_TEST_CONFIGURATION (Debug) is the configuration of both (so do not pass -c yourself).
# The last line printed is `N passed, N failed` (plus `, N skipped` when some were): CI reads it and the exit code,
# which is non-zero when a test failed, `dotnet test` failed, or no test ran.
#
# PIPELINES_INFRA_ONLY=1: start the two servers, print the variables the tests read, wait for Ctrl-C (to run tests
# from an IDE).
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG="test"
STARTED=$EPOCHREALTIME

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pipelines-test.XXXXXX")
chmod 755 "$TMP" # PostgreSQL runs as user postgres when we are root, and must reach $TMP/postgres
RESULTS=$TMP/results
CONFIGURATION=${PIPELINES_TEST_CONFIGURATION:-Debug}
SUMMARY_PRINTED='' SLEEP_PID=''

# Sums passed / failed / skipped over the TRX files. error, timeout and aborted count as failed; notExecuted is
# what xunit's skipped tests become.
trx_counts() {
    cat "$RESULTS"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
        { for (i = 2; i <= NF; i++) { split($i, kv, "="); gsub(/[^0-9]/, "", kv[2]); c[kv[1]] += kv[2] } }
        END { printf "%d %d %d\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], c["notExecuted"] }'
}

print_summary() {
    local passed failed skipped line
    read -r passed failed skipped < <(trx_counts)
    line="$passed passed, $failed failed"
    ((skipped > 0)) && line+=", $skipped skipped"
    SUMMARY_PRINTED=1
    echo "$line"
}

# Runs on every exit: stop the servers, remove the temp folder, and make sure the summary is the last line.
# shellcheck disable=SC2317 # called by the trap
on_exit() {
    local rc=$?
    trap - EXIT INT TERM
    [[ -z $SLEEP_PID ]] || stop_pid "$SLEEP_PID"
    rabbit_stop
    pg_stop "$TMP/postgres"
    rm -rf "$TMP"
    [[ -n $SUMMARY_PRINTED ]] || print_summary
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_packages postgresql rabbitmq-server
[[ -n ${PIPELINES_INFRA_ONLY:-} ]] || ensure_chromium

# RabbitMQ boots in ~5 s: launch it first, and start PostgreSQL and build meanwhile.
RABBIT_BASE_PORT=$(free_port 3)
rabbit_launch "$TMP/rabbitmq" "$RABBIT_BASE_PORT"
PG_PORT=$(free_port)
pg_start "$TMP/postgres" "$PG_PORT" fast

cd "$PIPELINES_ROOT"
if [[ -z ${PIPELINES_INFRA_ONLY:-} ]]; then
    BUILD_STARTED=$EPOCHREALTIME
    dotnet build Pipelines.sln -c "$CONFIGURATION" -v quiet -clp:NoSummary "${DOTNET_NO_SERVERS[@]}" || die "the build failed"
    log "built in $(seconds_since "$BUILD_STARTED") s"
fi
rabbit_wait 180

export PIPELINES_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export PIPELINES_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$RABBIT_BASE_PORT/"
# The broker's own CLI, for tests that restart the RabbitMQ application under the running services.
export PIPELINES_TEST_RABBITMQCTL="HOME=$TMP/rabbitmq ERL_EPMD_PORT=$((RABBIT_BASE_PORT + 2)) /usr/lib/rabbitmq/bin/rabbitmqctl -n pipelines$RABBIT_BASE_PORT@localhost"
log "infrastructure ready in $(seconds_since "$STARTED") s"

if [[ -n ${PIPELINES_INFRA_ONLY:-} ]]; then
    printf '\nexport PIPELINES_TEST_POSTGRES="%s"\nexport PIPELINES_TEST_RABBITMQ="%s"\n\nCtrl-C stops both.\n' \
        "$PIPELINES_TEST_POSTGRES" "$PIPELINES_TEST_RABBITMQ" >&2
    SUMMARY_PRINTED=1 # nothing to summarise
    # sleep in the background + wait, so that a signal interrupts the wait at once.
    sleep infinity &
    SLEEP_PID=$!
    wait "$SLEEP_PID" || true
    exit 0
fi

TEST_STARTED=$EPOCHREALTIME
rc=0
dotnet test Pipelines.sln -c "$CONFIGURATION" --no-build --logger trx --results-directory "$RESULTS" "$@" || rc=$?
log "dotnet test exited with $rc after $(seconds_since "$TEST_STARTED") s (whole script $(seconds_since "$STARTED") s)"

read -r passed failed skipped < <(trx_counts)
if ((passed + failed + skipped == 0)); then
    log "no test ran"
    ((rc != 0)) || rc=1
fi
((failed == 0)) || ((rc != 0)) || rc=1

# Stop the servers now, so that their log lines come before the closing summary line.
rabbit_stop
pg_stop "$TMP/postgres"
print_summary
exit "$rc"
