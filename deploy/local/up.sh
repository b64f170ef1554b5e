#!/usr/bin/env bash
# Brings Pipelines up locally: a private PostgreSQL cluster in <repo>/.data/postgres (created once, reused), the API
# built in Release and run with the in-memory bus on http://127.0.0.1:${PIPELINES_PORT:-5080}, and the sandbox
# provider on http://127.0.0.1:${PIPELINES_SANDBOX_PORT:-5081}. The providers are the local ONNX models (local-minilm,
# local-arctic) and, from deploy/local/providers.yaml, two DEMO chat providers on the sandbox (demo-chat-primary,
# demo-chat-backup: they echo prompts, no model runs), so the example pipelines run offline. Runs until Ctrl-C or
# SIGTERM, then stops the API, the sandbox and PostgreSQL and leaves nothing running.
#
# Environment: PIPELINES_PORT (5080), PIPELINES_PG_PORT (55433), PIPELINES_SANDBOX_PORT (5081), PIPELINES_ADMIN_KEY
# (else generated once and kept in .data/admin-key), PIPELINES_DATA_DIR (<repo>/.data), PIPELINES_PROVIDERS_FILE
# (deploy/local/providers.yaml), PIPELINES_INFRA_ONLY=1 (start PostgreSQL only and wait, e.g. to run the API from an IDE).
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG="up"
STARTED=$EPOCHREALTIME

PORT=${PIPELINES_PORT:-5080}
PG_PORT=${PIPELINES_PG_PORT:-55433}
SANDBOX_PORT=${PIPELINES_SANDBOX_PORT:-5081}
PROVIDERS_FILE=${PIPELINES_PROVIDERS_FILE:-$PIPELINES_ROOT/deploy/local/providers.yaml}
DATA_DIR=${PIPELINES_DATA_DIR:-$PIPELINES_ROOT/.data}
PG_DIR=$DATA_DIR/postgres
API_DIR=$PIPELINES_ROOT/src/Pipelines.Api
API_DLL=$PIPELINES_ROOT/artifacts/bin/Pipelines.Api/release_linux-x64/Pipelines.Api.dll
SANDBOX_DIR=$PIPELINES_ROOT/src/Pipelines.Sandbox
SANDBOX_DLL=$PIPELINES_ROOT/artifacts/bin/Pipelines.Sandbox/release_linux-x64/Pipelines.Sandbox.dll
CHILD_PID='' CHILD_NAME='' # the API, or a placeholder sleep with PIPELINES_INFRA_ONLY
SANDBOX_PID=''
PG_STARTED='' # stop only the PostgreSQL we started (not one of another up.sh)

# shellcheck disable=SC2317 # called by the traps
cleanup() {
    trap - EXIT INT TERM
    if [[ -n $CHILD_PID ]]; then
        [[ $CHILD_NAME != API ]] || log "stopping the API"
        stop_pid "$CHILD_PID" TERM 20
    fi
    [[ -z $SANDBOX_PID ]] || stop_pid "$SANDBOX_PID" TERM 10
    [[ -z $PG_STARTED ]] || pg_stop "$PG_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_packages postgresql curl

# Fail early, before starting anything, if the ports are taken (another up.sh?).
if [[ -z ${PIPELINES_INFRA_ONLY:-} ]] && port_open "$PORT"; then
    die "port $PORT is in use (another up.sh running?). Set PIPELINES_PORT to use another one."
fi
if [[ -z ${PIPELINES_INFRA_ONLY:-} ]] && port_open "$SANDBOX_PORT"; then
    die "port $SANDBOX_PORT (the demo sandbox provider) is in use. Set PIPELINES_SANDBOX_PORT to use another one."
fi

mkdir -p "$DATA_DIR"
if [[ -n ${PIPELINES_ADMIN_KEY:-} ]]; then
    ADMIN_KEY=$PIPELINES_ADMIN_KEY
else
    # Generated once and kept, so the key printed last time keeps working.
    if [[ ! -s $DATA_DIR/admin-key ]]; then
        (
            umask 077
            if command -v openssl >/dev/null; then openssl rand -hex 24; else head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; echo; fi >"$DATA_DIR/admin-key"
        )
        log "generated an admin key in $DATA_DIR/admin-key"
    fi
    chmod 600 "$DATA_DIR/admin-key"
    ADMIN_KEY=$(<"$DATA_DIR/admin-key")
fi

pg_find_bin "$PG_DIR"
if pg_running "$PG_DIR"; then
    die "the private PostgreSQL in $PG_DIR is already running (another up.sh?). If it is a leftover, stop it:" \
        "$([[ $EUID -eq 0 ]] && echo 'runuser -u postgres -- ')$PG_BIN/pg_ctl -D $PG_DIR/data -m fast stop"
fi
port_open "$PG_PORT" && die "port $PG_PORT is in use. Set PIPELINES_PG_PORT to use another one."
PG_STARTED=1
pg_start "$PG_DIR" "$PG_PORT"
pg_ensure_db "$PG_PORT" pipelines
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Database=pipelines;Username=postgres"

if [[ -n ${PIPELINES_INFRA_ONLY:-} ]]; then
    log "PostgreSQL only (PIPELINES_INFRA_ONLY). Ctrl-C stops it."
    printf '\nexport ConnectionStrings__Postgres="%s"\nexport Pipelines__AdminKey="%s"\n\n' "$CONNECTION" "$ADMIN_KEY"
    # sleep in the background + wait, so that a signal interrupts the wait at once.
    sleep infinity &
    CHILD_PID=$! CHILD_NAME=sleep
    wait "$CHILD_PID"
    exit 0
fi

log "building the API (Release)"
BUILD_STARTED=$EPOCHREALTIME
dotnet build "$API_DIR" -c Release -v quiet -clp:NoSummary "${DOTNET_NO_SERVERS[@]}" >&2 || die "the build failed"
dotnet build "$SANDBOX_DIR" -c Release -v quiet -clp:NoSummary "${DOTNET_NO_SERVERS[@]}" >&2 || die "the sandbox build failed"
log "built in $(seconds_since "$BUILD_STARTED") s"
[[ -f $API_DLL ]] || die "the build did not produce $API_DLL"
[[ -f $SANDBOX_DLL ]] || die "the build did not produce $SANDBOX_DLL"

# The demo chat providers of providers.yaml point at this sandbox (an echoing, fault-scriptable OpenAI-compatible server).
dotnet "$SANDBOX_DLL" --urls "http://127.0.0.1:$SANDBOX_PORT" >"$DATA_DIR/sandbox.log" 2>&1 &
SANDBOX_PID=$!
wait_for_http "http://127.0.0.1:$SANDBOX_PORT/v1/models" 60 "$SANDBOX_PID" || die "the sandbox did not start (see $DATA_DIR/sandbox.log)"

# The project folder is the content root, so wwwroot (the designer) and appsettings.json are found as with `dotnet run`.
(
    cd "$API_DIR"
    export ConnectionStrings__Postgres=$CONNECTION Pipelines__AdminKey=$ADMIN_KEY \
        Pipelines__Bus__Transport=InMemory Pipelines__Providers__File=$PROVIDERS_FILE PIPELINES_SANDBOX_PORT=$SANDBOX_PORT \
        Pipelines__Egress__Allow__0=127.0.0.0/8 Pipelines__Egress__Allow__1=::1 Pipelines__Egress__Allow__2=localhost
    # Local single-tenant mode: the sandbox and sample connectors listen on loopback, which the egress policy refuses by default.
    # Gateway routes (OpenAI-compatible /v1): "model" names a route; env sets them because the names hold a dash.
    exec env Pipelines__Gateway__Routes__demo-chat__Providers__0=demo-chat-primary \
        Pipelines__Gateway__Routes__demo-chat__Providers__1=demo-chat-backup \
        Pipelines__Gateway__Routes__local-embed__Providers__0=local-minilm \
        Pipelines__Gateway__Routes__local-embed__Providers__1=local-arctic \
        dotnet "$API_DLL" --role all --urls "http://127.0.0.1:$PORT"
) &
CHILD_PID=$! CHILD_NAME=API

BASE=http://127.0.0.1:$PORT
wait_for_http "$BASE/health/ready" 120 "$CHILD_PID" || die "the API did not become ready"

# Load the local models now (a probe is a real call), so the examples' short step timeouts are not spent loading them.
for provider in local-minilm local-arctic; do
    curl -s -o /dev/null -X POST "$BASE/api/v1/providers/$provider/probe" -H "X-Api-Key: $ADMIN_KEY" || true
done

# Load the example pipelines once: create and publish each; one that already exists (a later start) is left alone.
for file in "$PIPELINES_ROOT"/pipelines/*.yaml; do
    id=$(basename "$file" .yaml)
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/pipelines" \
        -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/yaml' --data-binary "@$file")
    case $status in
        201) curl -s -o /dev/null -X POST "$BASE/api/v1/pipelines/$id/publish" -H "X-Api-Key: $ADMIN_KEY"
             log "example pipeline $id created and published" ;;
        409) ;;
        *) log "example pipeline $id was not loaded (HTTP $status)" ;;
    esac
done
cat >&2 <<EOF

  Pipelines is ready in $(seconds_since "$STARTED") s  (PostgreSQL 127.0.0.1:$PG_PORT, data in $DATA_DIR)

    Designer     $BASE/
    Swagger UI   $BASE/swagger
    Health       $BASE/health/ready
    Admin key    $ADMIN_KEY
    Gateway      $BASE/v1  (OpenAI-compatible: model "demo-chat" or "local-embed", the admin key as API key)
    Providers    local-minilm, local-arctic (offline models); demo-chat-primary, demo-chat-backup
                 (DEMO: the sandbox on http://127.0.0.1:$SANDBOX_PORT echoes prompts; see deploy/local/providers.yaml)

    curl -H "X-Api-Key: $ADMIN_KEY" $BASE/api/v1/pipelines

  Ctrl-C stops the API, the sandbox and PostgreSQL.

EOF
# Wait for the API: a signal interrupts this wait and runs the traps; if the API exits on its own, so do we.
rc=0
wait "$CHILD_PID" || rc=$?
CHILD_PID=''
log "the API exited with code $rc"
exit "$rc"
