#!/usr/bin/env bash
# Measures the run engine and rewrites docs/benchmarks.md: builds Release, starts a private PostgreSQL (durable
# settings: fsync on, unlike the test instance) and RabbitMQ in a temp folder, runs tests/Pipelines.Benchmarks, and
# stops everything at exit. Arguments: [engine|routing|all] [sequentialRuns=40] [saturationRuns=100]; the routing
# benchmarks (tests/Pipelines.Routing.Benchmarks) measure routing decisions, connectors, embeddings and the gateway.
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG="bench"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pipelines-bench.XXXXXX")
chmod 755 "$TMP"
# shellcheck disable=SC2317 # called by the trap
on_exit() {
    trap - EXIT INT TERM
    rabbit_stop
    pg_stop "$TMP/postgres"
    rm -rf "$TMP"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_packages postgresql rabbitmq-server
RABBIT_BASE_PORT=$(free_port 3)
rabbit_launch "$TMP/rabbitmq" "$RABBIT_BASE_PORT"
PG_PORT=$(free_port)
pg_start "$TMP/postgres" "$PG_PORT"

cd "$PIPELINES_ROOT"
WHAT=all
case "${1:-}" in engine|routing|all) WHAT=$1; shift ;; esac
for project in Pipelines.Benchmarks Pipelines.Routing.Benchmarks; do
    dotnet build "tests/$project" -c Release -v quiet -clp:NoSummary "${DOTNET_NO_SERVERS[@]}" || die "the build failed"
done
rabbit_wait 180

export PIPELINES_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export PIPELINES_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$RABBIT_BASE_PORT/"
if [[ $WHAT != routing ]]; then
    dotnet artifacts/bin/Pipelines.Benchmarks/release_linux-x64/Pipelines.Benchmarks.dll docs/benchmarks.md "$@"
fi
if [[ $WHAT != engine ]]; then
    dotnet artifacts/bin/Pipelines.Routing.Benchmarks/release_linux-x64/Pipelines.Routing.Benchmarks.dll docs/benchmarks.md
fi
