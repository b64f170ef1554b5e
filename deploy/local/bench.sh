#!/usr/bin/env bash
# Measures the run engine and rewrites docs/benchmarks.md: builds Release, starts a private PostgreSQL (durable
# settings: fsync on, unlike the test instance) and RabbitMQ in a temp folder, runs tests/Pipelines.Benchmarks, and
# stops everything at exit. Arguments: [engine|routing|gateway|all] then the benchmark's own: engine [sequentialRuns=40]
# [saturationRuns=100], gateway [window seconds=5] [rounds=2]. The routing benchmark (tests/Pipelines.Routing.Benchmarks)
# measures routing decisions, connectors and embeddings; the gateway one, in the same project, our gateway side by side
# with calling the sandbox directly and with the Portkey gateway (npm, installed once into ~/.cache, run by node).
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

WHAT=all
case "${1:-}" in engine|routing|gateway|all) WHAT=$1; shift ;; esac
ensure_packages postgresql
PG_PORT=$(free_port)
pg_start "$TMP/postgres" "$PG_PORT"
if [[ $WHAT == engine || $WHAT == all ]]; then
    ensure_packages rabbitmq-server
    RABBIT_BASE_PORT=$(free_port 3)
    rabbit_launch "$TMP/rabbitmq" "$RABBIT_BASE_PORT"
fi

cd "$PIPELINES_ROOT"
projects=(Pipelines.Routing.Benchmarks)
[[ $WHAT == routing || $WHAT == gateway ]] || projects+=(Pipelines.Benchmarks)
for project in "${projects[@]}"; do
    dotnet build "tests/$project" -c Release -v quiet -clp:NoSummary "${DOTNET_NO_SERVERS[@]}" || die "the build failed"
done

if [[ $WHAT == gateway || $WHAT == all ]]; then
    # The Portkey gateway at the versions in its package-lock.json, installed outside the repository and reinstalled
    # only when the lock file changes.
    PORTKEY_GATEWAY_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/pipelines-bench/portkey"
    if ! cmp -s tests/Pipelines.Routing.Benchmarks/portkey/package-lock.json "$PORTKEY_GATEWAY_DIR/package-lock.json"; then
        command -v npm >/dev/null || die "the gateway benchmark needs node and npm"
        log "installing the Portkey gateway into $PORTKEY_GATEWAY_DIR"
        rm -rf "$PORTKEY_GATEWAY_DIR"
        mkdir -p "$PORTKEY_GATEWAY_DIR"
        cp tests/Pipelines.Routing.Benchmarks/portkey/package.json tests/Pipelines.Routing.Benchmarks/portkey/package-lock.json "$PORTKEY_GATEWAY_DIR/"
        npm ci --prefix "$PORTKEY_GATEWAY_DIR" --no-audit --no-fund --loglevel=error || die "npm could not install the Portkey gateway"
    fi
    export PORTKEY_GATEWAY_DIR
fi

export PIPELINES_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
ROUTING_BENCH=artifacts/bin/Pipelines.Routing.Benchmarks/release_linux-x64/Pipelines.Routing.Benchmarks.dll
if [[ $WHAT == engine || $WHAT == all ]]; then
    rabbit_wait 180
    export PIPELINES_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$RABBIT_BASE_PORT/"
    dotnet artifacts/bin/Pipelines.Benchmarks/release_linux-x64/Pipelines.Benchmarks.dll docs/benchmarks.md "$@"
fi
if [[ $WHAT == routing || $WHAT == all ]]; then
    dotnet "$ROUTING_BENCH" routing docs/benchmarks.md
fi
if [[ $WHAT == gateway ]]; then
    dotnet "$ROUTING_BENCH" gateway docs/benchmarks.md "$@"
elif [[ $WHAT == all ]]; then
    dotnet "$ROUTING_BENCH" gateway docs/benchmarks.md
fi
