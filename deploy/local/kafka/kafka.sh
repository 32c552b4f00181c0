#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, combined broker+controller) for Salesflow.
#
# The broker runs from Apache Kafka's Maven Central artifacts (see pom.xml in this
# directory); no Kafka distribution tarball or Docker needed. Requires Java 17+
# and Maven (only for the first start, to fetch the classpath).
#
# Usage: kafka.sh {start|stop|status|wait|kill|reset|logs [-f]}
#
#   start   Idempotent. Fetches libs if missing, formats storage once, launches
#           the broker in the background and waits until it answers an Admin
#           describeCluster request. Exits 0 at once if already running.
#   stop    SIGTERM, wait up to KAFKA_STOP_TIMEOUT s (30), then SIGKILL. Idempotent.
#   status  Prints "running ..." (exit 0) or "stopped" (exit 3).
#   wait    Polls readiness with a real Admin request for up to KAFKA_WAIT_TIMEOUT s (90).
#   kill    SIGKILL the broker immediately (fault-injection tests).
#   reset   stop, then delete the data directory (topics, offsets, metadata).
#   logs    Print the tail of the broker log; "logs -f" follows it.
#
# Environment:
#   SALESFLOW_STATE_DIR    state directory (default: <repo root>/.local/kafka)
#   KAFKA_PORT             client listener port (default 19092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener port (default 19093)
#   KAFKA_WAIT_TIMEOUT     readiness timeout in seconds (default 90)
#   KAFKA_STOP_TIMEOUT     graceful stop timeout in seconds (default 30)
#   KAFKA_HEAP_OPTS        JVM heap flags (default "-Xms256m -Xmx512m")
#   KAFKA_JVM_OPTS         extra JVM flags for the broker (default empty)
#   KAFKA_CDS              1 (default) = use an AppCDS class archive (<state>/kafka-cds.jsa,
#                          recorded at the first clean stop) to start ~40% faster; 0 = off
#   JAVA_HOME              optional; otherwise `java` from PATH
#
# Everything listens on 127.0.0.1 only.

set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd -- "${SCRIPT_DIR}/../../.." && pwd -P)"

STATE_DIR="${SALESFLOW_STATE_DIR:-${REPO_ROOT}/.local/kafka}"
[[ "${STATE_DIR}" == /* ]] || STATE_DIR="${PWD}/${STATE_DIR}"
STATE_DIR="${STATE_DIR%/}"
LIBS_DIR="${STATE_DIR}/libs"
DATA_DIR="${STATE_DIR}/data"
LOG_FILE="${STATE_DIR}/kafka.log"
PID_FILE="${STATE_DIR}/kafka.pid"
LOCK_FILE="${STATE_DIR}/kafka.lock"
CLUSTER_ID_FILE="${STATE_DIR}/cluster.id"
SERVER_PROPERTIES="${STATE_DIR}/server.properties"
PROBE_CLASSES_DIR="${STATE_DIR}/classes"
CDS_ARCHIVE="${STATE_DIR}/kafka-cds.jsa"

POM_FILE="${SCRIPT_DIR}/pom.xml"
LOG4J_CONFIG="${SCRIPT_DIR}/log4j2.properties"
READY_PROBE="${SCRIPT_DIR}/KafkaReady.java"

KAFKA_HOST="127.0.0.1"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_WAIT_TIMEOUT="${KAFKA_WAIT_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:-}"
KAFKA_CDS="${KAFKA_CDS:-1}"
BOOTSTRAP="${KAFKA_HOST}:${KAFKA_PORT}"

if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
  JAVA="${JAVA_HOME}/bin/java"
else
  JAVA="java"
fi

log() { printf 'kafka: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: kafka.sh {start|stop|status|wait|kill|reset|logs [-f]}
EOF
}

# --- process helpers ----------------------------------------------------------

read_pid() {
  local pid=""
  if [[ -f "${PID_FILE}" ]]; then
    pid="$(tr -dc '0-9' <"${PID_FILE}" || true)"
  fi
  printf '%s' "${pid}"
}

# True if $1 is a live (non-zombie) process.
pid_alive() {
  local pid="$1" state
  [[ -n "${pid}" ]] || return 1
  kill -0 "${pid}" 2>/dev/null || return 1
  if [[ -r "/proc/${pid}/stat" ]]; then
    # Field 3 of /proc/<pid>/stat is the state; comm (field 2) may contain spaces.
    state="$(sed -e 's/^.*) //' "/proc/${pid}/stat" 2>/dev/null | cut -d' ' -f1 || true)"
    [[ "${state}" != "Z" ]] || return 1
  fi
  return 0
}

# True if $1 is a live broker started from *this* state dir (guards against pid reuse).
is_our_broker() {
  local pid="$1" cmdline
  pid_alive "${pid}" || return 1
  if [[ -r "/proc/${pid}/cmdline" ]]; then
    cmdline="$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null || true)"
    [[ "${cmdline}" == *"kafka.Kafka ${SERVER_PROPERTIES}"* ]] || return 1
  fi
  return 0
}

# Prints the pid of the running broker (empty + non-zero status if not running).
running_pid() {
  local pid
  pid="$(read_pid)"
  if is_our_broker "${pid}"; then
    printf '%s' "${pid}"
    return 0
  fi
  return 1
}

port_in_use() {
  # Loopback-only connect probe via bash's /dev/tcp.
  (exec 3<>"/dev/tcp/${KAFKA_HOST}/$1") 2>/dev/null
}

# Bootstrap address of the broker in this state dir (as last written by start),
# so status/wait work without repeating the KAFKA_PORT used at start.
state_bootstrap() {
  local addr=""
  if [[ -f "${SERVER_PROPERTIES}" ]]; then
    addr="$(sed -n 's|^advertised\.listeners=PLAINTEXT://||p' "${SERVER_PROPERTIES}" | head -n1)"
  fi
  printf '%s' "${addr:-${BOOTSTRAP}}"
}

with_lock() {
  mkdir -p "${STATE_DIR}"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"${LOCK_FILE}"
    flock -w 600 9 || die "could not acquire ${LOCK_FILE}"
  fi
}

check_java() {
  command -v "${JAVA}" >/dev/null 2>&1 || die "java not found (need Java 17+; set JAVA_HOME)"
  local ver major
  ver="$("${JAVA}" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
  major="${ver%%.*}"
  [[ "${major}" =~ ^[0-9]+$ ]] || die "cannot determine java version from ${JAVA}"
  (( major >= 17 )) || die "Kafka 4.x needs Java 17+, found ${ver} (${JAVA})"
}

# --- setup ----------------------------------------------------------------------

ensure_libs() {
  local want have="" tmp
  want="$(sha256sum "${POM_FILE}" | cut -d' ' -f1)"
  if [[ -f "${LIBS_DIR}/.pom.sha256" ]]; then
    have="$(cat "${LIBS_DIR}/.pom.sha256")"
  fi
  if [[ "${have}" == "${want}" ]] && compgen -G "${LIBS_DIR}/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found (needed once to fetch Kafka jars into ${LIBS_DIR})"
  log "fetching Kafka classpath with Maven into ${LIBS_DIR} ..."
  tmp="${LIBS_DIR}.tmp.$$"
  rm -rf "${tmp}"
  # Maven prints its (error) output on stdout; keep it only for failures.
  if ! mvn -q -B -Dstyle.color=never -f "${POM_FILE}" dependency:copy-dependencies \
      -DoutputDirectory="${tmp}" -DincludeScope=runtime >"${tmp}.log" 2>&1; then
    sed -e 's/\x1b\[[0-9;]*m//g' "${tmp}.log" >&2 || true
    rm -rf "${tmp}" "${tmp}.log"
    die "maven dependency fetch failed"
  fi
  rm -f "${tmp}.log"
  compgen -G "${tmp}/kafka_2.13-*.jar" >/dev/null || { rm -rf "${tmp}"; die "maven produced no kafka jar"; }
  printf '%s\n' "${want}" >"${tmp}/.pom.sha256"
  rm -rf "${LIBS_DIR}" "${PROBE_CLASSES_DIR}"
  rm -f "${CDS_ARCHIVE}" "${CDS_ARCHIVE}.new"
  mv "${tmp}" "${LIBS_DIR}"
}

write_server_properties() {
  mkdir -p "${DATA_DIR}"
  local tmp="${SERVER_PROPERTIES}.tmp.$$"
  cat >"${tmp}" <<EOF
# Generated by deploy/local/kafka/kafka.sh on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://${KAFKA_HOST}:${KAFKA_PORT},CONTROLLER://${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://${KAFKA_HOST}:${KAFKA_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${DATA_DIR}/kraft-combined-logs
num.partitions=3
default.replication.factor=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# After a SIGKILL the restarted broker cannot re-register until the controller
# expires the dead incarnation's session (default 9 s); keep that short locally.
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=4000
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
EOF
  mv "${tmp}" "${SERVER_PROPERTIES}"
}

# Kafka cluster ids are 16 random bytes, base64url without padding (22 chars).
generate_cluster_id() {
  local id=""
  while [[ -z "${id}" || "${id}" == -* ]]; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  printf '%s' "${id}"
}

cluster_id() {
  local meta="${DATA_DIR}/kraft-combined-logs/meta.properties" id=""
  if [[ -f "${meta}" ]]; then
    id="$(sed -n 's/^cluster\.id=//p' "${meta}" | head -n1)"
  fi
  if [[ -z "${id}" && -s "${CLUSTER_ID_FILE}" ]]; then
    id="$(tr -d '[:space:]' <"${CLUSTER_ID_FILE}")"
  fi
  if [[ -z "${id}" ]]; then
    id="$(generate_cluster_id)"
  fi
  printf '%s\n' "${id}" >"${CLUSTER_ID_FILE}"
  printf '%s' "${id}"
}

format_storage() {
  local id
  id="$(cluster_id)"
  if [[ -f "${DATA_DIR}/kraft-combined-logs/meta.properties" ]]; then
    return 0
  fi
  log "formatting storage (cluster id ${id})"
  if ! "${JAVA}" ${CDS_READ_OPTS[@]+"${CDS_READ_OPTS[@]}"} -cp "${LIBS_DIR}/*" \
      -Dlog4j2.configurationFile="${LOG4J_CONFIG}" kafka.tools.StorageTool format -t "${id}" -c "${SERVER_PROPERTIES}" --ignore-formatted \
      >>"${LOG_FILE}" 2>&1; then
    log_tail
    die "kafka storage format failed"
  fi
}

# Compile the readiness probe once (falls back to source-file mode without javac).
probe_command() {
  local javac="javac"
  if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/javac" ]]; then
    javac="${JAVA_HOME}/bin/javac"
  fi
  PROBE_ARGS=(-cp "${LIBS_DIR}/*" "${READY_PROBE}")
  if [[ ! -f "${PROBE_CLASSES_DIR}/KafkaReady.class" || "${READY_PROBE}" -nt "${PROBE_CLASSES_DIR}/KafkaReady.class" ]]; then
    command -v "${javac}" >/dev/null 2>&1 || return 0
    rm -rf "${PROBE_CLASSES_DIR}"
    "${javac}" -nowarn -d "${PROBE_CLASSES_DIR}" -cp "${LIBS_DIR}/*" "${READY_PROBE}" >&2 || {
      rm -rf "${PROBE_CLASSES_DIR}"
      return 0
    }
  fi
  PROBE_ARGS=(-cp "${LIBS_DIR}/*:${PROBE_CLASSES_DIR}" KafkaReady)
}

# AppCDS (Java 17 dynamic archive): the first broker run records the loaded classes
# when it exits cleanly (stop); later starts map them. A stale/mismatching archive
# is ignored by the JVM (-Xshare:auto), so this is purely an optimisation.
cds_opts() {
  CDS_OPTS=()
  CDS_READ_OPTS=()
  [[ "${KAFKA_CDS}" == "1" ]] || return 0
  if [[ -s "${CDS_ARCHIVE}.new" ]]; then
    mv -f "${CDS_ARCHIVE}.new" "${CDS_ARCHIVE}"
  fi
  rm -f "${CDS_ARCHIVE}.new"
  if [[ -s "${CDS_ARCHIVE}" ]]; then
    CDS_OPTS=(-XX:SharedArchiveFile="${CDS_ARCHIVE}" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
    CDS_READ_OPTS=("${CDS_OPTS[@]}")
  else
    CDS_OPTS=(-XX:ArchiveClassesAtExit="${CDS_ARCHIVE}.new" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
}

# Last lines of the broker log, limited to the most recent start.
log_tail() {
  [[ -f "${LOG_FILE}" ]] || return 0
  awk '/^=== kafka\.sh start /{n=0} {buf[n++]=$0} END{s=(n>40)?n-40:0; for(i=s;i<n;i++) print buf[i]}' "${LOG_FILE}" >&2 || true
}

rotate_log() {
  if [[ -f "${LOG_FILE}" ]] && (( $(stat -c %s "${LOG_FILE}") > 10485760 )); then
    mv -f "${LOG_FILE}" "${LOG_FILE}.1"
  fi
}

# --- commands -------------------------------------------------------------------

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running (pid ${pid}) on $(state_bootstrap), state ${STATE_DIR}"
    return 0
  fi
  echo "stopped"
  return 3
}

cmd_wait() {
  local pid rc=0 bootstrap
  pid="$(running_pid)" || die "not running (no live broker for ${STATE_DIR})"
  bootstrap="$(state_bootstrap)"
  check_java
  probe_command
  "${JAVA}" -Dlog4j2.configurationFile="${LOG4J_CONFIG}" -Dsalesflow.kafka.log.level=OFF \
    "${PROBE_ARGS[@]}" "${bootstrap}" "${KAFKA_WAIT_TIMEOUT}" "${pid}" || rc=$?
  if (( rc == 0 )); then
    echo "kafka ready on ${bootstrap}"
    return 0
  fi
  if pid_alive "${pid}"; then
    log "broker (pid ${pid}) not ready after ${KAFKA_WAIT_TIMEOUT}s; last log lines:"
  else
    log "broker (pid ${pid}) exited during startup; last log lines:"
    rm -f "${PID_FILE}"
  fi
  log_tail
  return 1
}

cmd_start() {
  with_lock
  local pid
  if pid="$(running_pid)"; then
    # A broker of this state dir on other ports (the ports were changed since it started)
    # is not the one asked for: restart it on the requested ports.
    if grep -q "^listeners=PLAINTEXT://${KAFKA_HOST}:${KAFKA_PORT}," "${SERVER_PROPERTIES}" 2>/dev/null; then
      log "already running (pid ${pid})"
      return 0
    fi
    log "running (pid ${pid}) on other ports; restarting on ${KAFKA_PORT}"
    stop_broker TERM "${KAFKA_STOP_TIMEOUT}"
  fi
  rm -f "${PID_FILE}"
  check_java
  local port
  for port in "${KAFKA_PORT}" "${KAFKA_CONTROLLER_PORT}"; do
    if port_in_use "${port}"; then
      die "${KAFKA_HOST}:${port} is already in use by another process (not a broker from ${STATE_DIR})"
    fi
  done
  mkdir -p "${STATE_DIR}" "${DATA_DIR}"
  ensure_libs
  write_server_properties
  rotate_log
  printf '\n=== kafka.sh start %s (port %s) ===\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${KAFKA_PORT}" >>"${LOG_FILE}"
  cds_opts
  format_storage

  # Double-fork into a new session (setsid -f) so the broker outlives this shell,
  # is reparented to init (never a zombie child of ours) and ignores our Ctrl-C.
  # The inner shell writes its own pid and then execs java, so the pid is the JVM's.
  local jvm_opts=()
  read -r -a jvm_opts <<<"${KAFKA_HEAP_OPTS} ${KAFKA_JVM_OPTS}"
  # shellcheck disable=SC2016  # $$/$1/$@ are meant for the inner shell
  setsid -f bash -c 'echo "$$" >"$1"; shift; exec "$@"' kafka-launch "${PID_FILE}" \
    nohup "${JAVA}" "${jvm_opts[@]}" ${CDS_OPTS[@]+"${CDS_OPTS[@]}"} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="${LOG4J_CONFIG}" \
      -cp "${LIBS_DIR}/*" \
      kafka.Kafka "${SERVER_PROPERTIES}" \
    </dev/null >>"${LOG_FILE}" 2>&1 9>&-

  # Wait (bounded) for the pid file, then for the exec chain to reach the JVM.
  local i
  for ((i = 0; i < 100; i++)); do
    pid="$(read_pid)"
    if [[ -n "${pid}" ]] && { is_our_broker "${pid}" || ! pid_alive "${pid}"; }; then
      break
    fi
    sleep 0.05
  done
  [[ -n "${pid}" ]] || die "broker launch failed (no pid file)"
  if ! is_our_broker "${pid}"; then
    rm -f "${PID_FILE}"
    log_tail
    die "broker (pid ${pid}) exited immediately"
  fi
  log "started broker (pid ${pid}), waiting for readiness ..."
  cmd_wait
}

# stop_broker SIGNAL GRACE_SECONDS
stop_broker() {
  local sig="$1" grace="$2" pid i
  if ! pid="$(running_pid)"; then
    rm -f "${PID_FILE}"
    echo "kafka not running"
    return 0
  fi
  kill "-${sig}" "${pid}" 2>/dev/null || true
  for ((i = 0; i < grace * 5; i++)); do
    pid_alive "${pid}" || break
    sleep 0.2
  done
  if pid_alive "${pid}"; then
    [[ "${sig}" == "KILL" ]] || log "broker (pid ${pid}) still alive after ${grace}s; sending SIGKILL"
    kill -KILL "${pid}" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      pid_alive "${pid}" || break
      sleep 0.1
    done
  fi
  pid_alive "${pid}" && die "broker (pid ${pid}) did not exit"
  rm -f "${PID_FILE}"
  if [[ "${sig}" == "KILL" ]]; then
    echo "kafka killed (pid ${pid})"
  else
    echo "kafka stopped (pid ${pid})"
  fi
}

cmd_stop() {
  with_lock
  stop_broker TERM "${KAFKA_STOP_TIMEOUT}"
}

cmd_kill() {
  with_lock
  stop_broker KILL 0
}

cmd_reset() {
  with_lock
  stop_broker TERM "${KAFKA_STOP_TIMEOUT}"
  rm -rf "${DATA_DIR}"
  echo "kafka data removed (${DATA_DIR})"
}

cmd_logs() {
  [[ -f "${LOG_FILE}" ]] || die "no log file at ${LOG_FILE}"
  if [[ "${1:-}" == "-f" ]]; then
    exec tail -n 100 -F "${LOG_FILE}"
  fi
  tail -n "${1:-100}" "${LOG_FILE}"
}

main() {
  local cmd="${1:-}"
  shift || true
  case "${cmd}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    wait) cmd_wait ;;
    kill) cmd_kill ;;
    reset) cmd_reset ;;
    logs) cmd_logs "$@" ;;
    -h | --help | help) usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"
