#!/usr/bin/env bash
# Two clustered Payara Micro nodes of the same WAR on one machine, against a PostgreSQL cluster of their own, one
# standalone Artemis broker with the production broker.xml and a standalone sandbox cloud; then servers ordered
# through JMS while one node is killed and the broker and the database restart (README, "Production and scale-out").
#
#   scale-out.sh up <folder>        initdb + PostgreSQL, Artemis, the sandbox and two nodes, each on a free port;
#                                   <folder>/env says where (ports, process ids, passwords: owner-only)
#   scale-out.sh run <folder> <N>   sends N deploy commands to ecs.commands (STOMP), SIGKILLs node 2 once a third has
#                                   succeeded, restarts the broker once and PostgreSQL once, starts node 2 again, and
#                                   checks that every server was made exactly once; needs a provider profile named
#                                   ${ECS_PROFILE:-Sandbox} for the sandbox (made in the console, as "up" says)
#   scale-out.sh down <folder>      stops everything "up" started
#   scale-out.sh node <folder> <n> stop|start
#                                   stops node n (1 or 2), or starts it again and waits until it is ready (benchmarks
#                                   compare one node with two: README, Performance, "Scale-out")
#   scale-out.sh sandbox <folder> zero|realistic
#                                   restarts the sandbox on the same ports and state with zero cloud delays (as "up"
#                                   starts it), or with its realistic defaults: 2 s VPC and vSwitch, 3 s + 5 s
#                                   instance, bootstrap scripts as long as on a real server, each bootstrap's planned
#                                   duration logged ("Bootstrap run on <instance> ... <ms> ms") for the latency benchmark
#
# Settings, from the environment (all optional):
#   ECS_BUILD          the build folder with ecs-provisioner.war, artemis-ra.rar, payara-micro.jar,
#                      ecs-provisioner-launcher.jar and lib/postgresql.jar (default: target/ beside this folder)
#   ARTEMIS_ZIP        apache-artemis-<version>-bin.zip (default: the one in ~/.m2, version of the project's client)
#   PG_BIN             PostgreSQL's bin folder with initdb and pg_ctl (default: the newest /usr/lib/postgresql/*/bin)
#   SANDBOX_CLASSPATH  class path of the standalone sandbox (default: target/classes and Maven's class path)
#   NODE_HEAP          -Xmx of each node (default 400m)
#   ECS_PROFILE        name of the provider profile the deploy commands name (default Sandbox)
#   RUN_MINUTES        how long "run" waits for the servers (default 15)
#   SCALE_OUT_ADMIN_PASSWORD  password of the console user admin (default: random, in <folder>/env)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "${here}/.." && pwd)"
BUILD="${ECS_BUILD:-${project}/target}"
ARTEMIS_VERSION=2.44.0
ARTEMIS_ZIP="${ARTEMIS_ZIP:-${HOME}/.m2/repository/org/apache/activemq/apache-artemis/${ARTEMIS_VERSION}/apache-artemis-${ARTEMIS_VERSION}-bin.zip}"
PROFILE="${ECS_PROFILE:-Sandbox}"

die() {
  echo "scale-out: $*" >&2
  exit 2
}

say() {
  echo "scale-out: $(date -u +%H:%M:%S) $*"
}

# A port nothing listens on, from a range away from the Quick start's ports.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "${port}"
      return
    fi
  done
  die "no free port found"
}

wait_for_port() {
  local port=$1 what=$2 seconds=$3
  for _ in $(seq 1 $((seconds * 2))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      return
    fi
    sleep 0.5
  done
  die "${what} does not answer on port ${port} after ${seconds} s"
}

pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    echo "${PG_BIN}"
    return
  fi
  local found
  found=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [ -n "${found}" ] || die "no PostgreSQL found under /usr/lib/postgresql (apt-get install postgresql, or set PG_BIN)"
  echo "${found}"
}

psql_run() {
  "$(pg_bin)/psql" -X -q -t -A -h 127.0.0.1 -p "${PG_PORT}" -U ecs -d ecs -c "$1"
}

# --- PostgreSQL: a cluster of its own in the folder, so that restarting it disturbs nothing else --------------------
# PostgreSQL refuses to run as root: then its folder belongs to the postgres user, who runs it.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_postgres() {
  as_postgres "$(pg_bin)/pg_ctl" -D "${PG_DIR}/data" -l "${PG_DIR}/postgres.log" \
    -o "-p ${PG_PORT} -k ${PG_DIR} -c listen_addresses=127.0.0.1" -w start >/dev/null
}

stop_postgres() {
  as_postgres "$(pg_bin)/pg_ctl" -D "${PG_DIR}/data" -m fast -w stop >/dev/null 2>&1 || true
}

# --- Artemis: the distribution's own scripts, the production broker.xml, the acceptor moved to loopback -------------
make_broker() {
  [ -f "${ARTEMIS_ZIP}" ] || die "${ARTEMIS_ZIP} is missing (mvn dependency:get -Dartifact=org.apache.activemq:apache-artemis:${ARTEMIS_VERSION}:zip:bin)"
  unzip -q "${ARTEMIS_ZIP}" -d "${DIR}"
  local home="${DIR}/apache-artemis-${ARTEMIS_VERSION}"
  "${home}/bin/artemis" create --silent --no-web --require-login --user admin --password "${ADMIN_BROKER_PASSWORD}" \
    --host 127.0.0.1 --nio "${DIR}/broker" >"${DIR}/broker-create.log"
  sed "s#tcp://0.0.0.0:61616#tcp://127.0.0.1:${BROKER_PORT}#" "${here}/artemis/broker.xml" >"${DIR}/broker/etc/broker.xml"
  # What `artemis user add --role ...` writes, without a JVM per user: the application's user (role internal) and
  # the system that orders servers (role sender).
  # The files end without a line break.
  {
    echo
    echo "ecs-app = ${APP_BROKER_PASSWORD}"
    echo "automation = ${SENDER_PASSWORD}"
  } >>"${DIR}/broker/etc/artemis-users.properties"
  {
    echo
    echo "internal = ecs-app"
    echo "sender = automation"
  } >>"${DIR}/broker/etc/artemis-roles.properties"
  sed -i -e 's/-Xmx[0-9]*[GgMm]/-Xmx256m/' -e 's/-Xms[0-9]*[GgMm]/-Xms64m/' "${DIR}/broker/etc/artemis.profile"
}

start_broker() {
  "${DIR}/broker/bin/artemis" run >>"${DIR}/broker.log" 2>&1 &
  echo $! >"${DIR}/broker.pid"
  wait_for_port "${BROKER_PORT}" "the broker" 60
}

stop_broker() {
  local pid
  pid=$(cat "${DIR}/broker.pid" 2>/dev/null || true)
  if [ -n "${pid}" ] && kill -0 "${pid}" 2>/dev/null; then
    kill "${pid}"
    for _ in $(seq 1 60); do kill -0 "${pid}" 2>/dev/null || return 0; sleep 0.5; done
    kill -9 "${pid}" 2>/dev/null || true
  fi
}

# --- The standalone sandbox, its cloud delays at zero and its quotas raised for a network per server ---------------------------------------------------------------
sandbox_classpath() {
  if [ -n "${SANDBOX_CLASSPATH:-}" ]; then
    echo "${SANDBOX_CLASSPATH}"
    return
  fi
  (cd "${project}" && mvn -o -q dependency:build-classpath -Dmdep.outputFile="${DIR}/sandbox.classpath" >/dev/null)
  echo "${project}/target/classes:$(cat "${DIR}/sandbox.classpath")"
}

start_sandbox() {
  local delays=() seen
  mkdir -p "${DIR}/sandbox"
  if [ "${1:-zero}" = zero ]; then
    delays=(-Decs.sandbox.duration.vpc-pending=PT0S -Decs.sandbox.duration.vswitch-pending=PT0S
      -Decs.sandbox.duration.instance-pending=PT0S -Decs.sandbox.duration.instance-starting=PT0S
      -Decs.sandbox.duration.release=PT0S -Decs.sandbox.ssh.stepDurationScale=0)
  else
    # The defaults are the realistic delays; the planned duration of each bootstrap run is logged at FINE.
    # Each line starts with its time in epoch milliseconds: when a run starts, to the millisecond.
    printf '%s\n' "handlers=java.util.logging.ConsoleHandler" "java.util.logging.ConsoleHandler.level=FINE" \
      "java.util.logging.SimpleFormatter.format=%1\$tQ %4\$s: %5\$s%6\$s%n" \
      "com.ecsprovisioner.sandbox.ssh.SimulatedBootstrapAgent.level=FINE" >"${DIR}/sandbox-logging.properties"
    delays=(-Djava.util.logging.config.file="${DIR}/sandbox-logging.properties")
  fi
  java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Decs.sandbox.port="${SANDBOX_PORT}" \
    -Decs.sandbox.ssh.port="${SANDBOX_SSH_PORT}" -Decs.sandbox.data-dir="${DIR}/sandbox" "${delays[@]}" \
    -Decs.sandbox.quota.vpcs-per-region=2000 -Decs.sandbox.quota.security-groups-per-region=2000 \
    -Decs.sandbox.quota.instances-per-region=2000 -Decs.sandbox.quota.vcpus-per-region=100000 \
    -cp "$(sandbox_classpath)" com.ecsprovisioner.sandbox.SandboxMain >>"${DIR}/sandbox.log" 2>&1 &
  echo $! >"${DIR}/sandbox.pid"
  for _ in $(seq 1 120); do
    # Started when the log says so once more than before (a restart appends to the same log).
    seen=$(grep -c "Point the SDK at it" "${DIR}/sandbox.log" 2>/dev/null || true)
    [ "${seen:-0}" -gt "${2:-0}" ] && return
    sleep 0.5
  done
  die "the sandbox did not start: see ${DIR}/sandbox.log"
}

stop_pid_file() {
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  if [ -n "${pid}" ] && kill -0 "${pid}" 2>/dev/null; then
    kill "${pid}" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "${pid}" 2>/dev/null || return 0; sleep 0.5; done
    kill -9 "${pid}" 2>/dev/null || true
  fi
}

restart_sandbox() {
  local started
  load
  started=$(grep -c "Point the SDK at it" "${DIR}/sandbox.log" 2>/dev/null || true)
  stop_pid_file "${DIR}/sandbox.pid"
  start_sandbox "$1" "${started:-0}"
  say "sandbox restarted with $1 delays"
}

node() {
  local n=$1
  load
  case "$2" in
    stop)
      stop_pid_file "${DIR}/node${n}.pid"
      say "node ${n} stopped" ;;
    start)
      start_node "${n}"
      await_node "${n}"
      say "node ${n} ready" ;;
    *) die "usage: $0 node <folder> <n> stop|start" ;;
  esac
}

# --- A node: the launcher, configured by environment variables only -------------------------------------------------
start_node() {
  local n=$1 port hz
  port=$(node_var "${n}" HTTP)
  hz=$(node_var "${n}" HZ)
  mkdir -p "${DIR}/node${n}"
  (
    umask 077
    export ECS_DATA_DIR="${DIR}/node${n}" ECS_HTTP_PORT="${port}"
    export ECS_DB_URL="jdbc:postgresql://127.0.0.1:${PG_PORT}/ecs" ECS_DB_USER=ecs ECS_DB_PASSWORD="${DB_PASSWORD}"
    export ECS_BROKER_URL="tcp://127.0.0.1:${BROKER_PORT}" ECS_BROKER_EMBEDDED=false
    export ECS_BROKER_USER=ecs-app ECS_BROKER_PASSWORD="${APP_BROKER_PASSWORD}" ECS_MASTER_KEY="${MASTER_KEY}"
    export ECS_ADMIN_PASSWORD="${CONSOLE_PASSWORD}" ECS_NODE_NAME="node${n}"
    export ECS_CLUSTER_INTERFACES=127.0.0.1 ECS_CLUSTER_PORT="${hz}" ECS_CLUSTER_NAME="${CLUSTER_NAME}"
    export ECS_CLUSTER_MEMBERS="127.0.0.1:${NODE1_HZ},127.0.0.1:${NODE2_HZ}"
    # A short lease: work a killed node held is taken over within half a minute rather than two.
    export ECS_PROVISIONING_LEASE=PT30S
    exec java "-Xmx${NODE_HEAP:-400m}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "@${here}/jvm-options.txt" \
      -cp "${BUILD}/payara-micro.jar:${BUILD}/ecs-provisioner-launcher.jar" com.ecsprovisioner.launch.Launcher "${BUILD}"
  ) >>"${DIR}/node${n}.log" 2>&1 &
  echo $! >"${DIR}/node${n}.pid"
}

# Ready when /health/ready answers 200: the database and the broker answer (the HTTP port opens only once the
# WAR is deployed). A node that started while the broker was away becomes ready later, by itself.
node_ready() {
  local status
  status=$( (exec 4<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&4 \
    && head -n 1 <&4) 2>/dev/null || true)
  [[ "${status}" == *" 200"* ]]
}

await_node() {
  local n=$1
  for _ in $(seq 1 720); do
    if node_ready "$(node_var "${n}" HTTP)"; then
      return
    fi
    kill -0 "$(cat "${DIR}/node${n}.pid")" 2>/dev/null || die "node ${n} stopped: see ${DIR}/node${n}.log"
    sleep 0.5
  done
  die "node ${n} is not ready after 6 minutes: see ${DIR}/node${n}.log"
}

# Payara logs the data grid's state whenever a member joins or leaves: size 2 means the nodes found each other.
await_cluster() {
  for _ in $(seq 1 60); do
    if grep -q "DG Size: 2" "${DIR}/node1.log" "${DIR}/node2.log" 2>/dev/null; then
      say "the two nodes formed one cluster"
      return
    fi
    sleep 0.5
  done
  die "the nodes did not form a cluster within 30 s: see ${DIR}/node1.log and node2.log"
}

node_var() {
  local name="NODE$1_$2"
  echo "${!name}"
}

up() {
  [ -f "${BUILD}/ecs-provisioner.war" ] || die "${BUILD}/ecs-provisioner.war is missing: mvn package -DskipTests"
  [ ! -e "${DIR}/env" ] || die "${DIR} is in use (scale-out.sh down ${DIR} first)"
  (umask 077 && mkdir -p "${DIR}")
  local started=${SECONDS}
  {
    echo "PG_PORT=$(free_port)"
    # A temporary folder of its own: as root, PostgreSQL runs as the postgres user, who may not be able to reach
    # a folder inside the caller's.
    echo "PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ecs-scale-out-pg.XXXXXX")"
    echo "BROKER_PORT=$(free_port)"
    echo "SANDBOX_PORT=$(free_port)"
    echo "SANDBOX_SSH_PORT=$(free_port)"
    echo "NODE1_HTTP=$(free_port)"
    echo "NODE2_HTTP=$(free_port)"
    echo "NODE1_HZ=$(free_port)"
    echo "NODE2_HZ=$(free_port)"
    echo "DB_PASSWORD=$(openssl rand -hex 16)"
    echo "ADMIN_BROKER_PASSWORD=$(openssl rand -hex 16)"
    echo "APP_BROKER_PASSWORD=$(openssl rand -hex 16)"
    echo "SENDER_PASSWORD=$(openssl rand -hex 16)"
    echo "CONSOLE_PASSWORD=${SCALE_OUT_ADMIN_PASSWORD:-$(openssl rand -hex 12)}"
    echo "MASTER_KEY=$(openssl rand -base64 32)"
    # A cluster name of this run's own: another run on the same machine never joins it.
    echo "CLUSTER_NAME=ecs-scale-out-$(openssl rand -hex 4)"
  } >"${DIR}/env"
  chmod 600 "${DIR}/env"
  load

  say "PostgreSQL on ${PG_PORT}"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "${PG_DIR}"
  fi
  printf '%s\n' "${DB_PASSWORD}" | as_postgres tee "${PG_DIR}/password" >/dev/null
  as_postgres "$(pg_bin)/initdb" -D "${PG_DIR}/data" -U ecs --pwfile="${PG_DIR}/password" \
    -A scram-sha-256 >"${DIR}/initdb.log"
  rm "${PG_DIR}/password"
  start_postgres
  PGPASSWORD="${DB_PASSWORD}" "$(pg_bin)/createdb" -h 127.0.0.1 -p "${PG_PORT}" -U ecs ecs

  say "Artemis ${ARTEMIS_VERSION} on ${BROKER_PORT}"
  make_broker
  start_broker

  say "sandbox on ${SANDBOX_PORT}"
  : >"${DIR}/sandbox.log"
  start_sandbox zero 0

  say "node 1 on ${NODE1_HTTP}, node 2 on ${NODE2_HTTP}"
  # One after the other: the first creates the schema while the second would wait for its lock anyway.
  start_node 1
  await_node 1
  start_node 2
  await_node 2
  await_cluster
  say "up after $((SECONDS - started)) s. Console: http://127.0.0.1:${NODE1_HTTP}/ and http://127.0.0.1:${NODE2_HTTP}/,"
  say "user admin, password in ${DIR}/env (CONSOLE_PASSWORD). Add a provider profile named ${PROFILE} for the sandbox"
  say "at http://127.0.0.1:${SANDBOX_PORT} (SSH port ${SANDBOX_SSH_PORT}; keys in ${DIR}/sandbox.log), then: $0 run ${DIR} 100"
}

load() {
  [ -f "${DIR}/env" ] || die "${DIR}/env is missing: scale-out.sh up ${DIR} first"
  # shellcheck source=/dev/null
  . "${DIR}/env"
}

# --- Commands in through STOMP on the broker's port, which every client can speak ----------------------------------
send_deploys() {
  local count=$1 prefix=$2 frame i
  exec 3<>"/dev/tcp/127.0.0.1/${BROKER_PORT}"
  printf 'CONNECT\naccept-version:1.2\nhost:127.0.0.1\nlogin:automation\npasscode:%s\n\n\0' "${SENDER_PASSWORD}" >&3
  IFS= read -r -d '' frame <&3 || true
  [[ "${frame}" == *CONNECTED* ]] || die "the broker refused the STOMP login: ${frame}"
  for i in $(seq 1 "${count}"); do
    # No content-length: the broker makes a text message of it. A receipt per command: sent means stored.
    printf 'SEND\ndestination:ecs.commands\ndestination-type:ANYCAST\npersistent:true\nreceipt:%s\n\n%s\0' "${i}" \
      "{\"type\":\"deploy\",\"requestId\":\"${prefix}-${i}\",\"profile\":\"${PROFILE}\",\"serverName\":\"${prefix}-${i}\",\"networkPolicy\":\"PER_SERVER\"}" >&3
    IFS= read -r -d '' frame <&3 || true
    [[ "${frame}" == *RECEIPT* ]] || die "command ${i} not taken by the broker: ${frame}"
  done
  printf 'DISCONNECT\n\n\0' >&3
  exec 3>&-
}

count_sql() {
  PGPASSWORD="${DB_PASSWORD}" psql_run "$1" 2>/dev/null || echo "?"
}

succeeded() {
  count_sql "SELECT count(*) FROM provisioning_job WHERE request_id LIKE '${RUN_PREFIX}-%' AND state = 'succeeded'"
}

wait_until() {
  local target=$1 seconds=$2 done_now
  for _ in $(seq 1 "${seconds}"); do
    done_now=$(succeeded)
    if [ "${done_now}" != "?" ] && [ "${done_now}" -ge "${target}" ]; then
      return 0
    fi
    sleep 1
  done
  return 1
}

run() {
  local count=$1 started=${SECONDS}
  load
  RUN_PREFIX="so$(date +%H%M%S)"
  say "sending ${count} deploy commands (${RUN_PREFIX}-1..${count}) to ecs.commands"
  send_deploys "${count}" "${RUN_PREFIX}"
  say "sent after $((SECONDS - started)) s"
  local limit=$(( ${RUN_MINUTES:-15} * 60 ))
  wait_until $((count / 3)) "${limit}" || die "not a third done within ${limit} s"
  say "$(succeeded) succeeded; node 2 killed with SIGKILL"
  kill -9 "$(cat "${DIR}/node2.pid")"
  say "broker restarted"
  stop_broker
  start_broker
  wait_until $((count / 2)) "${limit}" || die "not half done within ${limit} s after the broker restart"
  say "$(succeeded) succeeded; PostgreSQL restarted"
  stop_postgres
  sleep 2
  start_postgres
  say "node 2 started again"
  mv "${DIR}/node2.log" "${DIR}/node2-killed.log"
  start_node 2
  wait_until "${count}" "${limit}" || die "only $(succeeded) of ${count} succeeded within ${limit} s"
  await_node 2
  local seconds=$((SECONDS - started))
  say "all ${count} succeeded after ${seconds} s ($((count * 60 / (seconds > 0 ? seconds : 1))) per minute, with the faults)"
  check "${count}"
}

# Exactly once, as the database has it: one job and one server per request, each server with cloud resources of its
# own, one success event per request (the relay's outbox; ScaleOutIT also counts the events that reached the broker
# and the resources in the sandbox).
check() {
  local count=$1 jobs servers instances vpcs vswitches groups events failures
  jobs=$(count_sql "SELECT count(DISTINCT request_id) || '/' || count(*) FROM provisioning_job WHERE request_id LIKE '${RUN_PREFIX}-%'")
  servers=$(count_sql "SELECT count(*) FROM server WHERE name LIKE '${RUN_PREFIX}-%' AND status = 'active'")
  instances=$(count_sql "SELECT count(DISTINCT instance_id) FROM server WHERE name LIKE '${RUN_PREFIX}-%'")
  vpcs=$(count_sql "SELECT count(DISTINCT vpc_id) FROM server WHERE name LIKE '${RUN_PREFIX}-%'")
  vswitches=$(count_sql "SELECT count(DISTINCT vswitch_id) FROM server WHERE name LIKE '${RUN_PREFIX}-%'")
  groups=$(count_sql "SELECT count(DISTINCT security_group_id) FROM server WHERE name LIKE '${RUN_PREFIX}-%'")
  events=$(count_sql "SELECT count(DISTINCT request_id) || '/' || count(*) FROM event_outbox WHERE request_id LIKE '${RUN_PREFIX}-%' AND event_type = 'com.ecsprovisioner.job.succeeded.v1'")
  failures=0
  expect() {
    if [ "$2" = "$3" ]; then
      say "check: $1 ${2}"
    else
      say "check FAILED: $1 ${2}, expected ${3}"
      failures=$((failures + 1))
    fi
  }
  expect "jobs (requests/jobs)" "${jobs}" "${count}/${count}"
  expect "active servers" "${servers}" "${count}"
  expect "instances" "${instances}" "${count}"
  expect "VPCs" "${vpcs}" "${count}"
  expect "vSwitches" "${vswitches}" "${count}"
  expect "security groups" "${groups}" "${count}"
  expect "success events (requests/events)" "${events}" "${count}/${count}"
  [ "${failures}" -eq 0 ] || die "${failures} checks failed"
  say "RESULT run=${RUN_PREFIX} servers=${count} exactly-once=yes"
}

down() {
  [ -f "${DIR}/env" ] || return 0
  load
  local name
  for name in node2 node1 sandbox; do
    stop_pid_file "${DIR}/${name}.pid"
  done
  stop_broker
  stop_postgres
  rm -rf "${PG_DIR}"
  rm -f "${DIR}/env"
  say "stopped"
}

DIR="${2:-}"
[ -n "${DIR}" ] || die "usage: $0 up|run|down|node|sandbox <folder> ..."
mkdir -p "${DIR}"
DIR="$(cd "${DIR}" && pwd)"
case "${1:-}" in
  up) up ;;
  run) run "${3:?usage: $0 run <folder> <N>}" ;;
  down) down ;;
  node) node "${3:?usage: $0 node <folder> <n> stop|start}" "${4:-}" ;;
  sandbox) restart_sandbox "${3:?usage: $0 sandbox <folder> zero|realistic}" ;;
  *) die "usage: $0 up|run|down|node|sandbox <folder> ..." ;;
esac
