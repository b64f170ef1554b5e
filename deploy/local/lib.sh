# shellcheck shell=bash disable=SC2034 # globals set here are used by the scripts that source this file
# Helpers shared by deploy/local/up.sh and deploy/local/test.sh. Source it; it defines functions and a few
# globals and starts nothing by itself.
#
# Processes started here are children of the calling script (never daemons of their own), so the caller's
# trap can stop them and nothing outlives the script.

# Where the repository is, whatever the caller's working directory.
PIPELINES_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Keep `dotnet build` from leaving build servers behind (MSBuild nodes, the Roslyn compiler server): they would
# outlive the script by minutes and break "nothing left running". PIPELINES_BUILD_SERVERS=1 allows them (faster
# repeated builds on a workstation).
DOTNET_NO_SERVERS=(-nodeReuse:false -p:UseSharedCompilation=false)
[[ ${PIPELINES_BUILD_SERVERS:-} != 1 ]] || DOTNET_NO_SERVERS=()
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

log() { printf '[%s] %s\n' "${LOG_TAG:-local}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Seconds since an ${EPOCHREALTIME} value, one decimal.
seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    else
        command -v sudo >/dev/null || die "not root and no sudo: cannot run $*"
        sudo "$@"
    fi
}

# Installs the Debian packages that are missing; `apt-get update` at most once per script run.
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qx installed || missing+=("$pkg")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    log "installing missing packages: ${missing[*]}"
    local started=$EPOCHREALTIME
    if [[ -z ${_PIPELINES_APT_UPDATED:-} ]]; then
        as_root apt-get update -qq
        _PIPELINES_APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    log "installed ${missing[*]} in $(seconds_since "$started") s"
}

# The designer's browser tests drive Debian's Chromium at /usr/bin/chromium (Playwright's own browser download is
# never used). Installed with its recommended packages (fonts among them), so pages render as a person sees them.
ensure_chromium() {
    [[ -x /usr/bin/chromium ]] && return 0
    log "installing chromium (for the designer's browser tests)"
    local started=$EPOCHREALTIME
    if [[ -z ${_PIPELINES_APT_UPDATED:-} ]]; then
        as_root apt-get update -qq
        _PIPELINES_APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    [[ -x /usr/bin/chromium ]] || die "apt-get installed chromium, but /usr/bin/chromium is missing"
    log "installed chromium in $(seconds_since "$started") s"
}

# True when a pid exists and is not a zombie (this PID 1 reaps orphans late, so `kill -0` alone lies).
pid_alive() {
    local line
    [[ -n ${1:-} ]] && read -r line 2>/dev/null <"/proc/$1/stat" || return 1
    line=${line##*) } # the state follows "pid (comm) "
    [[ ${line%% *} != Z ]]
}

# Sends a signal to a pid and waits up to $3 seconds for it to go; then SIGKILL. Reaps it if it is our child.
stop_pid() {
    local pid=$1 signal=${2:-TERM} timeout=${3:-15} deadline
    pid_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
    kill "-$signal" "$pid" 2>/dev/null || true
    deadline=$((SECONDS + timeout))
    while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    if pid_alive "$pid"; then
        log "pid $pid did not stop after SIG$signal in ${timeout} s, killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# Ports that something on this machine listens on or uses (any TCP state, IPv4 and IPv6), one decimal per line.
# The port is hex in /proc/net/tcp; converted by hand because Debian's awk (mawk) has no strtonum.
_used_ports() {
    awk 'FNR > 1 { split($2, a, ":"); h = a[2]; n = 0
                   for (i = 1; i <= length(h); i++) n = n * 16 + index("0123456789ABCDEF", substr(h, i, 1)) - 1
                   print n }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Prints a port P such that P .. P+count-1 are all unused. Picks from 20000-32000: below Linux's ephemeral range,
# so outgoing connections do not take it meanwhile. Random, so parallel runs rarely pick the same one.
free_port() {
    local count=${1:-1} used port i attempt ok
    used=" $(_used_ports | tr '\n' ' ') "
    for attempt in $(seq 1 200); do
        port=$((20000 + RANDOM % 12000))
        ok=1
        for ((i = 0; i < count; i++)); do
            [[ $used == *" $((port + i)) "* ]] && { ok=0; break; }
        done
        ((ok)) && { echo "$port"; return 0; }
    done
    die "no free port found after $attempt attempts"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Polls a URL until it answers 2xx. Fails after $2 seconds, or at once when pid $3 (the server) has exited.
wait_for_http() {
    local url=$1 timeout=${2:-120} pid=${3:-} deadline=$((SECONDS + ${2:-120}))
    until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
        if [[ -n $pid ]] && ! pid_alive "$pid"; then log "the server (pid $pid) exited before $url answered"; return 1; fi
        ((SECONDS < deadline)) || { log "$url did not answer 2xx within ${timeout} s"; return 1; }
        sleep 0.2
    done
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL: a private cluster in a folder (data in DIR/data, log in DIR/postgres.log, Unix socket in DIR),
# listening on 127.0.0.1 only. Auth is `trust`: only local processes can reach it.

# Sets PG_BIN to the server binaries: the version of an existing cluster in $1/data, else the newest installed.
pg_find_bin() {
    local dir=$1 version dirs
    if [[ -f $dir/data/PG_VERSION ]]; then
        version=$(<"$dir/data/PG_VERSION")
        PG_BIN=/usr/lib/postgresql/$version/bin
        [[ -x $PG_BIN/postgres ]] || die "$dir/data is a PostgreSQL $version cluster, but PostgreSQL $version is not installed (remove $dir to recreate it)"
        return 0
    fi
    dirs=(/usr/lib/postgresql/*/bin)
    PG_BIN=$(printf '%s\n' "${dirs[@]}" | sort -V | tail -n1)
    [[ -x $PG_BIN/postgres ]] || die "no PostgreSQL server found in /usr/lib/postgresql (apt-get install postgresql)"
}

# initdb refuses to run as root, so as root the server runs as user postgres (which owns DIR).
as_pg_owner() {
    if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Is the cluster in $1 running? (pg_ctl checks the pid in postmaster.pid, so a stale file after a crash is fine.)
pg_running() { [[ -f $1/data/postmaster.pid ]] && as_pg_owner "$PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1; }

# pg_start DIR PORT [fast]: creates the cluster once (reused afterwards) and starts it; waits until it accepts
# connections. "fast" turns durability off (fsync, synchronous commit, full-page writes): only for throwaway
# test data, never for the data up.sh keeps.
pg_start() {
    local dir=$1 port=$2 mode=${3:-} started=$EPOCHREALTIME opts initdb_opts=()
    [[ $dir != *"'"* ]] || die "the PostgreSQL folder must not contain a single quote: $dir"
    mkdir -p "$dir"
    if [[ $EUID -eq 0 ]]; then
        chown postgres: "$dir"
        runuser -u postgres -- test -w "$dir" ||
            die "user postgres cannot reach $dir (a parent folder is private?). Clone the repo elsewhere or set PIPELINES_DATA_DIR."
    fi
    pg_find_bin "$dir"
    if [[ ! -f $dir/data/PG_VERSION ]]; then
        [[ $mode == fast ]] && initdb_opts+=(--no-sync)
        # C.UTF-8 always exists in Debian; the caller's LANG may name a locale that is not generated.
        as_pg_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 "${initdb_opts[@]}" >"$dir/initdb.log" 2>&1 ||
            { cat "$dir/initdb.log" >&2; die "initdb failed in $dir/data"; }
        log "created PostgreSQL cluster in $dir/data"
    fi
    # pg_ctl hands -o to a shell, hence the single quotes around the socket folder.
    opts="-p $port -k '$dir' -c listen_addresses=127.0.0.1"
    [[ $mode == fast ]] && opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -o "$opts" start >/dev/null ||
        { tail -n 20 "$dir/postgres.log" >&2; die "PostgreSQL did not start (log: $dir/postgres.log)"; }
    log "PostgreSQL $(basename "$(dirname "$PG_BIN")") on 127.0.0.1:$port ready in $(seconds_since "$started") s"
}

# pg_stop DIR: fast shutdown (rolls back open transactions, no waiting for clients); no-op when not running.
pg_stop() {
    local dir=$1
    [[ -n ${PG_BIN:-} ]] || return 0
    pg_running "$dir" || return 0
    as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null ||
        as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    log "PostgreSQL stopped"
}

pg_psql() { local port=$1; shift; "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres "$@"; }

# pg_ensure_db PORT NAME: creates the database when it does not exist yet.
pg_ensure_db() {
    local port=$1 name=$2
    if [[ $(pg_psql "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'") != 1 ]]; then
        pg_psql "$port" -d postgres -c "CREATE DATABASE \"$name\"" || die "could not create database $name"
        log "created database $name"
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# RabbitMQ: a private node in DIR, on 127.0.0.1 only, with its own epmd. Uses ports PORT (AMQP), PORT+1
# (Erlang distribution) and PORT+2 (epmd), so pick PORT with `free_port 3`.
# /usr/lib/rabbitmq/bin/rabbitmq-server is called directly: /usr/sbin/rabbitmq-server su's to user rabbitmq and
# writes to /var/log/rabbitmq.

RABBIT_PID='' EPMD_PID='' RABBIT_DIR=''

# rabbit_launch DIR PORT: starts epmd and the broker in the background and returns at once (the broker needs ~5 s;
# do other work, then rabbit_wait).
rabbit_launch() {
    local dir=$1 port=$2 epmd_port=$(($2 + 2)) epmd deadline
    RABBIT_DIR=$dir RABBIT_PORT=$port RABBIT_STARTED=$EPOCHREALTIME
    [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || die "rabbitmq-server is not installed (apt-get install rabbitmq-server)"
    epmd=$(command -v epmd || true)
    [[ -n $epmd ]] || { local found=(/usr/lib/erlang/erts-*/bin/epmd); epmd=${found[-1]}; }
    mkdir -p "$dir/mnesia" "$dir/log"
    echo '[].' >"$dir/enabled_plugins"
    printf 'listeners.tcp.default = 127.0.0.1:%s\n' "$port" >"$dir/rabbitmq.conf"
    : >"$dir/rabbitmq-env.conf" # so /etc/rabbitmq/rabbitmq-env.conf cannot override anything

    # Our own epmd on its own port: we know its pid (to stop it) and it does not clash with a system one on 4369.
    "$epmd" -port "$epmd_port" -address 127.0.0.1 >"$dir/log/epmd.out" 2>&1 &
    EPMD_PID=$!
    deadline=$((SECONDS + 10))
    until port_open "$epmd_port"; do
        if ! pid_alive "$EPMD_PID" || ((SECONDS >= deadline)); then die "epmd did not start on port $epmd_port"; fi
        sleep 0.05
    done

    HOME=$dir \
        ERL_EPMD_PORT=$epmd_port \
        RABBITMQ_NODENAME="pipelines$port@localhost" \
        RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
        RABBITMQ_NODE_PORT=$port \
        RABBITMQ_DIST_PORT=$((port + 1)) \
        RABBITMQ_MNESIA_BASE="$dir/mnesia" \
        RABBITMQ_LOG_BASE="$dir/log" \
        RABBITMQ_PID_FILE="$dir/rabbit.pid" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
        RABBITMQ_CONFIG_FILE="$dir/rabbitmq" \
        RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
        RABBITMQ_SERVER_START_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
        /usr/lib/rabbitmq/bin/rabbitmq-server >"$dir/log/server.out" 2>&1 &
    RABBIT_PID=$!
}

# rabbit_wait [TIMEOUT]: waits until the AMQP port accepts connections (the listener opens last in the boot).
rabbit_wait() {
    local deadline=$((SECONDS + ${1:-60}))
    until port_open "$RABBIT_PORT"; do
        if ! pid_alive "$RABBIT_PID" || ((SECONDS >= deadline)); then
            tail -n 30 "$RABBIT_DIR/log/server.out" >&2
            die "RabbitMQ did not open port $RABBIT_PORT (logs: $RABBIT_DIR/log)"
        fi
        sleep 0.1
    done
    log "RabbitMQ on 127.0.0.1:$RABBIT_PORT accepts connections, $(seconds_since "$RABBIT_STARTED") s after launch"
}

# Pids whose parent is $1 (read from /proc: no procps needed).
child_pids() {
    local f line fields
    for f in /proc/[0-9]*/stat; do
        read -r line 2>/dev/null <"$f" || continue
        read -r -a fields <<<"${line##*) }" # after "pid (comm) ": state, ppid, ...
        [[ ${fields[1]} == "$1" ]] || continue
        f=${f#/proc/}
        echo "${f%/stat}"
    done
}

# rabbit_stop: stops the Erlang VM, then the wrapper script, then our epmd. No-op when nothing was started.
# The VM is the wrapper's child (the wrapper execs erl). Once booted it writes the pid file and stops cleanly on
# SIGTERM (~1 s). Earlier in the boot it may ignore SIGTERM, and the data is throwaway anyway: SIGKILL it then.
# The VM must be gone before epmd: a VM that loses its epmd starts an `epmd -daemon` of its own, which would leak.
rabbit_stop() {
    local beam
    if [[ -n $RABBIT_PID ]]; then
        if [[ -s $RABBIT_DIR/rabbit.pid ]] && pid_alive "$(<"$RABBIT_DIR/rabbit.pid")"; then
            stop_pid "$(<"$RABBIT_DIR/rabbit.pid")" TERM 15
        else
            for beam in $(child_pids "$RABBIT_PID"); do stop_pid "$beam" KILL 5; done
        fi
        stop_pid "$RABBIT_PID" TERM 10
        RABBIT_PID=''
        log "RabbitMQ stopped"
    fi
    if [[ -n $EPMD_PID ]]; then
        stop_pid "$EPMD_PID" TERM 5
        EPMD_PID=''
    fi
}
