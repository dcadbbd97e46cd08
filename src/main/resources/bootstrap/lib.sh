# shellcheck shell=bash
# lib.sh: the small framework every bootstrap step runs in. Sourced by main.sh; defines functions only.
#
# Progress markers (parsed by com.ecsprovisioner.bootstrap.ProgressMarkerParser), one per line:
#   @@ecs step <id> start <title...>      @@ecs step <id> ok <elapsedSeconds>
#   @@ecs step <id> fail <code> <msg...>  @@ecs version <component> <version>
#   @@ecs result ok                       @@ecs result fail <stepId> <code>
#
# A step is a function run by ecs_step in the main shell (so that what it learns, such as the OS, stays
# known to later steps). Any failing command ends the whole script through the ERR trap, which names the
# step and the command; ecs_fail ends it with a message written for a person.
# Nothing here prints a secret: commands that need one read it from a file or from standard input.

ECS_CURRENT_STEP=""
ECS_STEP_STARTED_AT=0
ECS_FAIL_MESSAGE=""
# Set by ecs_install_file: 1 when it wrote the file. Read by the steps.
# shellcheck disable=SC2034
ECS_CHANGED=0

ecs_marker() {
    printf '@@ecs %s\n' "$*"
}

ecs_log() {
    printf '%s\n' "$*"
}

# Usage: ecs_step <id> "<title>" <function> [args...]
# The literal form of this call is what the product reads (before running anything) to know the steps.
ecs_step() {
    local id="$1" title="$2"
    shift 2
    ECS_CURRENT_STEP="$id"
    ECS_STEP_STARTED_AT=$SECONDS
    ECS_FAIL_MESSAGE=""
    ecs_marker "step $id start $title"
    "$@"
    ecs_marker "step $id ok $((SECONDS - ECS_STEP_STARTED_AT))"
    ECS_CURRENT_STEP=""
}

ecs_report_failure() {
    local code="$1" message="$2" step="${ECS_CURRENT_STEP:-main}"
    # Markers are single lines: a multi-line message keeps its first line in the marker and all of it above.
    ecs_log "ERROR: $message"
    ecs_marker "step $step fail $code ${message%%$'\n'*}"
    ecs_marker "result fail $step $code"
}

# The ERR trap. In subshells it only passes the status on: the main shell reports once.
ecs_on_error() {
    local code="$1" command="$2"
    trap - ERR
    if [[ "$BASH_SUBSHELL" -gt 0 ]]; then
        exit "$code"
    fi
    ecs_report_failure "$code" "${ECS_FAIL_MESSAGE:-command failed (exit $code): $command}"
    exit "$code"
}

ecs_install_error_trap() {
    set -Eeuo pipefail
    trap 'ecs_on_error "$?" "$BASH_COMMAND"' ERR
}

# Ends the script at the current step with a message for a person. Usage: ecs_fail <message> [code]
ecs_fail() {
    local message="$1" code="${2:-1}"
    # A failure must not exit 0, and exit codes stop at 255.
    [[ "$code" =~ ^[0-9]+$ && "$code" -ge 1 && "$code" -le 255 ]] || code=1
    trap - ERR
    ecs_report_failure "$code" "$message"
    exit "$code"
}

# Shows a command in the log, then runs it. Never pass a secret as an argument.
ecs_run() {
    ecs_log "\$ $*"
    "$@"
}

# Non-interactive apt-get that keeps existing configuration files, waits for the package lock while a fresh
# server's own first-boot upgrades hold it, and lets needrestart only list (never ask about) services.
ecs_apt_get() {
    ecs_run env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l apt-get -y -q \
        -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"
}

# Writes standard input to a file only when the content differs, so that a second run changes nothing.
# Usage: ecs_install_file <path> <mode> < content ; sets ECS_CHANGED to 1 when the file was written.
# Feed it by redirection (<<EOF, < <(...)), not through a pipe: a pipe would run it in a subshell and
# ECS_CHANGED would never reach the caller.
ecs_install_file() {
    local path="$1" mode="$2" tmp
    tmp="$(mktemp)"
    cat >"$tmp"
    # shellcheck disable=SC2034
    ECS_CHANGED=0
    if [[ -f "$path" ]] && cmp -s "$tmp" "$path"; then
        rm -f "$tmp"
    else
        mkdir -p "$(dirname "$path")"
        install -m "$mode" "$tmp" "$path"
        rm -f "$tmp"
        # shellcheck disable=SC2034
        ECS_CHANGED=1
        ecs_log "wrote $path"
    fi
    if [[ "$(stat -c %a "$path")" != "${mode#0}" ]]; then
        chmod "$mode" "$path"
    fi
}

# Downloads a URL to a file. A failure names the source and the bootstrap setting (of the provider profile or
# the custom server, by its label on the form) that changes it.
# Usage: ecs_download <url> <destination> <what> <setting>
ecs_download() {
    local url="$1" dest="$2" what="$3" setting="$4" code=0
    ecs_log "downloading $what from $url"
    curl -fsSL --retry 3 --retry-delay 2 --connect-timeout 15 --max-time 300 -o "$dest" "$url" || code=$?
    if [[ $code -ne 0 ]]; then
        ECS_FAIL_MESSAGE="could not download $what from $url (curl exit $code); change the source with the bootstrap setting $setting"
        ecs_log "$ECS_FAIL_MESSAGE"
        return "$code"
    fi
}

# Installs a file downloaded from the first of several URLs that serves it with the expected SHA-512. The checksum
# comes from the product (bootstrap.env), never from where the file is downloaded: a source that could change the
# file could change a checksum beside it too. When all fail, ends the step naming every URL and what went wrong
# with it, and the settings that change them.
# Usage: ecs_fetch_verified <target> <mode> <what> <url setting> <checksum setting> <sha512> <url>...
ecs_fetch_verified() {
    local target="$1" mode="$2" what="$3" setting="$4" checksum_setting="$5" expected="${6,,}"
    local url actual failures="" work
    shift 6
    if [[ ! "$expected" =~ ^[0-9a-f]{128}$ ]]; then
        ecs_fail "no valid SHA-512 for $what in bootstrap.env: set the bootstrap setting $checksum_setting"
    fi
    work="$(mktemp -d)"
    for url in "$@"; do
        if ! ecs_download "$url" "$work/download" "$what" "$setting"; then
            failures+="; $url: download failed"
            continue
        fi
        actual="$(sha512sum "$work/download" | cut -d' ' -f1)"
        if [[ "$actual" != "$expected" ]]; then
            ecs_log "$what from $url has SHA-512 $actual, expected $expected: refused, not installed"
            failures+="; $url: SHA-512 mismatch (refused)"
            continue
        fi
        # The earlier URLs' failures are not this step's failure any more.
        # shellcheck disable=SC2034
        ECS_FAIL_MESSAGE=""
        ecs_install_file "$target" "$mode" <"$work/download"
        rm -rf "$work"
        ecs_log "$what installed from $url (SHA-512 verified)"
        return 0
    done
    rm -rf "$work"
    ecs_fail "could not install $what${failures/#;/:}; change the sources with the bootstrap setting $setting, with its $checksum_setting"
}

# True when a command succeeds and a line of its output matches the extended regular expression.
# The output is read whole before it is matched: in "command | grep -q" under pipefail, grep stops reading at the
# first match and a command that still writes dies of SIGPIPE (exit 141), so the test fails although the line is
# there. sshd -T (over 4 KiB, written in more than one piece) fails that way on real servers.
# Usage: ecs_output_has_line <regex> <command> [args...]
ecs_output_has_line() {
    local pattern="$1" output
    shift
    output="$("$@" 2>/dev/null)" || return 1
    grep -Eq -- "$pattern" <<<"$output"
}

# True in a chroot (or where that cannot be told): such a system shares the host's kernel, so the steps
# that would change the host (firewall, swap, bans) are skipped there.
ecs_in_chroot() {
    local root_id init_root_id
    root_id="$(stat -c %d:%i / 2>/dev/null)" || return 0
    init_root_id="$(stat -c %d:%i /proc/1/root/. 2>/dev/null)" || return 0
    [[ "$root_id" != "$init_root_id" ]]
}

ecs_have_systemd() {
    [[ -d /run/systemd/system ]] && ! ecs_in_chroot
}

# Runs a package's init script directly. In a chroot whose /run shows the host's systemd, both "service" and
# the LSB hook in init scripts would hand the request to systemctl (which ignores it in a chroot, or worse,
# reaches the host); _SYSTEMCTL_SKIP_REDIRECT keeps the init script doing the work itself.
ecs_init_script() {
    local name="$1" action="$2"
    if [[ -x "/etc/init.d/$name" ]]; then
        env _SYSTEMCTL_SKIP_REDIRECT=1 "/etc/init.d/$name" "$action"
    else
        service "$name" "$action"
    fi
}

ecs_service_running() {
    local name="$1"
    if ecs_have_systemd; then
        systemctl is-active --quiet "$name"
    else
        ecs_init_script "$name" status >/dev/null 2>&1
    fi
}

# Makes a service run at boot and now; restarts it when its configuration changed (second argument 1).
ecs_service_ensure() {
    local name="$1" changed="${2:-0}"
    if ecs_have_systemd; then
        if ! systemctl is-enabled --quiet "$name" 2>/dev/null; then
            ecs_run systemctl enable "$name"
        fi
        if ! systemctl is-active --quiet "$name"; then
            ecs_run systemctl start "$name"
        elif [[ "$changed" == 1 ]]; then
            ecs_run systemctl restart "$name"
        fi
    else
        # No systemd (a chroot or a container): the package's init script is all there is.
        if ! ecs_service_running "$name"; then
            ecs_run ecs_init_script "$name" start
        elif [[ "$changed" == 1 ]]; then
            ecs_run ecs_init_script "$name" restart
        fi
    fi
}

# Reloads a running service, keeping its connections (as sshd must, the product is connected through it).
# A service that is not running is left alone: it reads the new configuration when it starts, and starting
# it here could fight its own activation (Ubuntu 24.04 starts sshd from ssh.socket).
ecs_service_reload() {
    local name="$1"
    if ! ecs_service_running "$name"; then
        ecs_log "$name is not running here: it will read the new configuration when it starts"
    elif ecs_have_systemd; then
        ecs_run systemctl reload "$name"
    else
        ecs_run ecs_init_script "$name" reload
    fi
}
