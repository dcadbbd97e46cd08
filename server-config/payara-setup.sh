#!/usr/bin/env bash
# Sets up ECS Provisioner on Payara (README, "Deploying on an application server").
#
#   payara-setup.sh server          configures a running Payara Server 6 domain with asadmin and deploys the
#                                   resource adapter, then the WAR (run it again to redeploy: it replaces what it made)
#   payara-setup.sh micro <folder>  writes preboot.asadmin, postboot.asadmin and system.properties for a plain
#                                   Payara Micro into <folder> (owner-only: they hold passwords) and prints the
#                                   command line that starts it
#
# Settings, from the environment:
#   ECS_DB_URL, ECS_DB_USER, ECS_DB_PASSWORD   PostgreSQL (jdbc:postgresql://host:5432/db), required
#   ECS_BROKER_URL                             the Artemis broker, tcp://host:61616, required
#   ECS_BROKER_USER, ECS_BROKER_PASSWORD       the application's broker user (role internal), required
#   ECS_MASTER_KEY                             base64 of 32 bytes (openssl rand -base64 32), required
#   ECS_BROKER_BACKUP_URL                      tcp://host:61616 of a backup broker, for failover (optional)
#   ECS_BROKER_HA                              true with a live/backup pair (default: true when a backup is named)
#   ECS_BROKER_RECONNECT_ATTEMPTS              reconnections of a lost connection before a send fails (default 5;
#                                              -1 retries for ever)
#   ECS_BROKER_SETUP_ATTEMPTS                  attempts of a message-driven bean to connect (default -1: for ever)
#   ECS_DATA_DIR                               the product's data folder (default: the server's working folder/data)
#   ECS_EXTRA_PROPERTIES                       more settings, name=value separated by spaces (ecs.http.public-url=...)
#   ECS_CLUSTER_INTERFACES                     micro, several nodes: the private addresses the data grid binds to
#                                              (unset: one node, no data grid); then also ECS_CLUSTER_NAME (required,
#                                              one per deployment), ECS_NODE_NAME (one per node), ECS_CLUSTER_MEMBERS
#                                              (every node's address:port) and ECS_CLUSTER_PORT, as the launcher reads them
#   ECS_RAR, ECS_WAR, ECS_JDBC_DRIVER          the built files (default: target/ beside this folder)
#   ASADMIN                                    asadmin to run (server mode; default: asadmin on the PATH)
#   ASADMIN_OPTIONS                            its options, e.g. "--port 4848 --user admin --passwordfile /root/pw"
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(cd "${here}/.." && pwd)/target"
RAR="${ECS_RAR:-${build}/artemis-ra.rar}"
WAR="${ECS_WAR:-${build}/ecs-provisioner.war}"
DRIVER="${ECS_JDBC_DRIVER:-${build}/lib/postgresql.jar}"
RA_NAME=artemis-ra
APP_NAME=ecs-provisioner
POOL=ecs-pool
RESOURCE=jdbc/ecs

die() {
  echo "payara-setup: $*" >&2
  exit 2
}

require() {
  local name=$1
  [ -n "${!name:-}" ] || die "${name} is not set (see the header of $0)"
}

# asadmin's property syntax: pairs separated by ':', name and value by '='; both are escaped in values. asadmin
# splits a command file on spaces, so a value with a space is refused rather than cut in two.
esc() {
  local value=$1
  case "${value}" in
    *[[:space:]]*) die "a value passed to Payara may not contain spaces" ;;
  esac
  value=${value//\\/\\\\}
  value=${value//:/\\:}
  value=${value//=/\\=}
  printf '%s' "${value}"
}

# tcp://host:port -> host=<host>;port=<port> (the Netty connector's parameters)
connector() {
  local url=$1 rest host port
  [[ "${url}" == tcp://*:* ]] || die "a broker URL must look like tcp://host:port, not ${url}"
  rest=${url#tcp://}
  rest=${rest%%/*}
  host=${rest%:*}
  port=${rest##*:}
  printf 'host=%s;port=%s' "${host}" "${port}"
}

check_settings() {
  require ECS_DB_URL
  require ECS_BROKER_URL
  require ECS_BROKER_USER
  require ECS_BROKER_PASSWORD
  require ECS_MASTER_KEY
  [[ "${ECS_DB_URL}" == jdbc:postgresql:* ]] || die "ECS_DB_URL must be a PostgreSQL URL (jdbc:postgresql://host:5432/db)"
  [ "$(printf '%s' "${ECS_MASTER_KEY}" | base64 -d 2>/dev/null | wc -c)" -eq 32 ] \
    || die "ECS_MASTER_KEY must be 32 bytes in base64 (openssl rand -base64 32)"
  local file
  for file in "${RAR}" "${WAR}" "${DRIVER}"; do
    [ -f "${file}" ] || die "${file} is missing: build it with 'mvn package' (or set ECS_RAR / ECS_WAR / ECS_JDBC_DRIVER)"
  done
}

# The adapter's settings: where the broker is, who the application is, how it reconnects and fails over.
adapter_properties() {
  local classes="org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory"
  local parameters ha
  parameters=$(connector "${ECS_BROKER_URL}")
  ha=${ECS_BROKER_HA:-false}
  if [ -n "${ECS_BROKER_BACKUP_URL:-}" ]; then
    classes="${classes},${classes}"
    parameters="${parameters},$(connector "${ECS_BROKER_BACKUP_URL}")"
    ha=${ECS_BROKER_HA:-true}
  fi
  printf 'ConnectorClassName=%s:ConnectionParameters=%s:UserName=%s:Password=%s:HA=%s:ReconnectAttempts=%s:SetupAttempts=%s' \
    "$(esc "${classes}")" "$(esc "${parameters}")" "$(esc "${ECS_BROKER_USER}")" "$(esc "${ECS_BROKER_PASSWORD}")" \
    "${ha}" "${ECS_BROKER_RECONNECT_ATTEMPTS:-5}" "${ECS_BROKER_SETUP_ATTEMPTS:--1}"
}

pool_properties() {
  printf 'url=%s:user=%s:password=%s' "$(esc "${ECS_DB_URL}")" "$(esc "${ECS_DB_USER:-ecs}")" \
    "$(if [ -n "${ECS_DB_PASSWORD:-}" ]; then esc "${ECS_DB_PASSWORD}"; else printf '()'; fi)"
}

# The product's settings as name=value lines. The connection factory of the WAR signs on with the two
# ecs-runtime.broker.* properties (messaging.JmsResources).
settings() {
  printf '%s\n' "ecs.broker.url=${ECS_BROKER_URL}" "ecs.broker.embedded=false" \
    "ecs-runtime.broker.user=${ECS_BROKER_USER}" "ecs-runtime.broker.password=${ECS_BROKER_PASSWORD}" \
    "ecs.master-key=${ECS_MASTER_KEY}"
  if [ -n "${ECS_DATA_DIR:-}" ]; then
    printf '%s\n' "ecs.data.dir=${ECS_DATA_DIR}"
  fi
  local extra
  for extra in ${ECS_EXTRA_PROPERTIES:-}; do
    printf '%s\n' "${extra}"
  done
}

# The HTTP settings, given the name of the HTTP listener's protocol (Payara Server: http-listener-1, Payara Micro:
# http-listener): the session cookie is SameSite=Strict and Payara's single sign-on is off (launch.PostBootCommands
# says why). Payara Micro takes them before boot: changing its listener after boot can leave it dead.
listener_commands() {
  local protocol="configs.config.server-config.network-config.protocols.protocol.$1.http"
  echo "set ${protocol}.cookie-same-site-enabled=true"
  echo "set ${protocol}.cookie-same-site-value=Strict"
  echo "set configs.config.server-config.http-service.sso-enabled=false"
}

# The resources both servers create before the adapter and the WAR are deployed.
resource_commands() {
  echo "create-resource-adapter-config --property $(adapter_properties) ${RA_NAME}"
  echo "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource --isconnectvalidatereq true --validationmethod auto-commit --steadypoolsize 2 --maxpoolsize 32 --property $(pool_properties) ${POOL}"
  echo "create-jdbc-resource --connectionpoolid ${POOL} ${RESOURCE}"
}

asadmin_run() {
  local options=()
  read -r -a options <<<"${ASADMIN_OPTIONS:-}"
  "${ASADMIN:-asadmin}" "${options[@]}" "$@"
}

# Whether `asadmin <list command>` names <name> (its output has one name per line, sometimes followed by details).
listed() {
  asadmin_run "$1" 2>/dev/null | awk '{print $1}' | grep -qxF "$2"
}

server() {
  check_settings
  # Undo an earlier run, the application before the adapter it uses.
  if listed list-applications "${APP_NAME}"; then asadmin_run undeploy "${APP_NAME}"; fi
  if listed list-applications "${RA_NAME}"; then asadmin_run undeploy --cascade=true "${RA_NAME}"; fi
  if listed list-resource-adapter-configs "${RA_NAME}"; then asadmin_run delete-resource-adapter-config "${RA_NAME}"; fi
  if listed list-jdbc-resources "${RESOURCE}"; then asadmin_run delete-jdbc-resource "${RESOURCE}"; fi
  if listed list-jdbc-connection-pools "${POOL}"; then asadmin_run delete-jdbc-connection-pool "${POOL}"; fi

  # The pool loads the driver from the server's common libraries; Payara Server 6 takes one added here without a
  # restart (PayaraServerIT runs this script against a running domain).
  if ! listed list-libraries "$(basename "${DRIVER}")"; then
    asadmin_run add-library --type common "${DRIVER}"
  fi

  local line name value
  while IFS= read -r line; do
    name=${line%%=*}
    value=${line#*=}
    if asadmin_run list-system-properties 2>/dev/null | grep -q "^${name}="; then
      asadmin_run delete-system-property "${name}" >/dev/null
    fi
    asadmin_run create-system-properties "$(esc "${name}")=$(esc "${value}")" >/dev/null
  done < <(settings)
  echo "payara-setup: settings set as system properties (values not shown)"

  local command
  while IFS= read -r command; do
    read -r -a words <<<"${command}"
    asadmin_run "${words[@]}" >/dev/null
    echo "payara-setup: ${words[0]} ${words[-1]} done"
  done < <(listener_commands http-listener-1; resource_commands)

  # The adapter before the application that uses it (a WAR deployed first fails: Resource Adapter not present).
  asadmin_run deploy --type rar --name "${RA_NAME}" "${RAR}"
  asadmin_run deploy --name "${APP_NAME}" --contextroot / "${WAR}"
}

# Payara Micro's data grid options, as the launcher derives them (launch.ListenSettings): none at all for one node;
# for several, bound to the named private interfaces, found by TCP, under the deployment's own cluster name, so that
# another deployment's nodes on the same network never join this one.
data_grid_options() {
  if [ -z "${ECS_CLUSTER_INTERFACES:-}" ]; then
    printf '%s' "--nohazelcast"
    return
  fi
  require ECS_CLUSTER_NAME
  require ECS_NODE_NAME
  [[ "${ECS_CLUSTER_NAME}" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || die "ECS_CLUSTER_NAME takes 1 to 64 letters, digits, '.', '_' or '-'"
  [[ "${ECS_NODE_NAME}" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || die "ECS_NODE_NAME takes 1 to 64 letters, digits, '.', '_' or '-'"
  [[ "${ECS_CLUSTER_INTERFACES// /}" =~ ^[0-9*.:,-]+$ ]] || die "ECS_CLUSTER_INTERFACES takes IP addresses (10.0.1.*), separated by commas"
  printf -- '--name %s --clustername %s --interfaces %s' "${ECS_NODE_NAME}" "${ECS_CLUSTER_NAME}" "${ECS_CLUSTER_INTERFACES// /}"
  if [ -n "${ECS_CLUSTER_MEMBERS:-}" ]; then
    [[ "${ECS_CLUSTER_MEMBERS// /}" =~ ^[0-9A-Za-z.:,-]+$ ]] || die "ECS_CLUSTER_MEMBERS takes address:port pairs separated by commas"
    printf -- ' --clustermode tcpip:%s' "${ECS_CLUSTER_MEMBERS// /}"
  fi
  if [ -n "${ECS_CLUSTER_PORT:-}" ]; then
    [[ "${ECS_CLUSTER_PORT}" =~ ^[0-9]{1,5}$ ]] || die "ECS_CLUSTER_PORT must be a port number"
    printf -- ' --startport %s' "${ECS_CLUSTER_PORT}"
  fi
}

micro() {
  local folder=${1:-} grid
  [ -n "${folder}" ] || die "usage: $0 micro <folder>"
  check_settings
  grid=$(data_grid_options)
  (umask 077 && mkdir -p "${folder}")
  folder="$(cd "${folder}" && pwd)"
  (
    umask 077
    listener_commands http-listener >"${folder}/preboot.asadmin"
    {
      resource_commands
      # Payara Micro deploys its --deploy archives after the post-boot commands: the adapter goes here, so that it
      # exists before the WAR (stack notes, gotcha 2).
      echo "deploy --type rar --name ${RA_NAME} ${RAR}"
    } >"${folder}/postboot.asadmin"
    settings >"${folder}/system.properties"
  )
  cat <<EOF
payara-setup: wrote ${folder}/preboot.asadmin, postboot.asadmin and system.properties (owner-only). Start with:
java @${here}/jvm-options.txt -jar payara-micro.jar ${grid} --addlibs ${DRIVER} \\
  --systemproperties ${folder}/system.properties --prebootcommandfile ${folder}/preboot.asadmin \\
  --postbootcommandfile ${folder}/postboot.asadmin \\
  --deploy ${WAR} --contextroot /
EOF
}

case "${1:-}" in
  server) server ;;
  micro) micro "${2:-}" ;;
  *) die "usage: $0 server | $0 micro <folder>" ;;
esac
