#!/usr/bin/env bash
# ecs-agent.sh: starts a bootstrap script detached from the SSH session and answers questions about it.
#
# The product talks to a server over short SSH exec calls that may drop at any time, so the long-running
# script must not depend on the session: it runs in its own session (setsid), ignores hang-ups (nohup),
# reads nothing (stdin from /dev/null) and writes everything to a log file the product follows by byte offset.
#
#   bash ecs-agent.sh start  DIR SCRIPT   -> "started" | "already-running" | "already-finished <code>"
#   bash ecs-agent.sh status DIR          -> "not-started" | "running" | "finished <code>"
#   bash ecs-agent.sh log    DIR OFFSET   -> the bytes of DIR/bootstrap.log from OFFSET (0-based), maybe none
#
# Files in DIR: bootstrap.log (all output, appended), bootstrap.pid (the detached runner),
# bootstrap.exit (the exit code, written atomically when the script ends).
# A runner that vanished without writing an exit code (killed, server rebooted) is reported as
# "finished 255" and a line saying so is appended to the log, so that the product never waits forever.
set -euo pipefail

readonly LOST_RUNNER_CODE=255

usage() {
    echo "usage: ecs-agent.sh start DIR SCRIPT | status DIR | log DIR OFFSET" >&2
    exit 2
}

require_dir() {
    if [[ ! -d "$1" ]]; then
        echo "ecs-agent: directory '$1' does not exist" >&2
        exit 2
    fi
}

# The pid in bootstrap.pid only counts while that process is still our runner for this directory:
# after a reboot the number may belong to something else.
runner_alive() {
    local dir="$1" pid cmdline
    [[ -s "$dir/bootstrap.pid" ]] || return 1
    pid="$(<"$dir/bootstrap.pid")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    cmdline=" $(tr '\0' ' ' <"/proc/$pid/cmdline")"
    # Between fork and exec the runner still carries the command line of "start" (then nohup, setsid):
    # all of them name this script and the directory.
    [[ "$cmdline" == *"ecs-agent.sh "* && "$cmdline" == *" $dir "* ]]
}

# Prints "finished <code>" when an exit code is known, or nothing.
finished_code() {
    local dir="$1" code
    if [[ -s "$dir/bootstrap.exit" ]]; then
        code="$(<"$dir/bootstrap.exit")"
        echo "$code"
        return 0
    fi
    return 1
}

state_of() {
    local dir="$1" code
    if code="$(finished_code "$dir")"; then
        echo "finished $code"
    elif runner_alive "$dir"; then
        echo "running"
    elif code="$(finished_code "$dir")"; then
        # The runner ended between the two checks above.
        echo "finished $code"
    elif [[ -e "$dir/bootstrap.pid" ]]; then
        echo "ecs-agent: the bootstrap runner stopped without an exit code (killed or server restarted)" \
            >>"$dir/bootstrap.log"
        write_exit "$dir" "$LOST_RUNNER_CODE"
        echo "finished $LOST_RUNNER_CODE"
    else
        echo "not-started"
    fi
}

write_exit() {
    local dir="$1" code="$2"
    printf '%s\n' "$code" >"$dir/bootstrap.exit.tmp"
    mv -f "$dir/bootstrap.exit.tmp" "$dir/bootstrap.exit"
}

lock_dir() {
    exec 9>"$1/.agent.lock"
    flock 9
}

cmd_status() {
    lock_dir "$1"
    state_of "$1"
}

cmd_start() {
    local dir="$1" script="$2" state
    if [[ "$script" == */* || ! -f "$dir/$script" ]]; then
        echo "ecs-agent: script '$script' is not a file in '$dir'" >&2
        exit 2
    fi
    # Two start calls racing (a retry after a dropped connection) must not start the script twice.
    lock_dir "$dir"
    state="$(state_of "$dir")"
    case "$state" in
        running) echo "already-running"; return 0 ;;
        finished*) echo "already-$state"; return 0 ;;
    esac
    : >>"$dir/bootstrap.log"
    # In a non-interactive shell a background job is not a process-group leader, so setsid does not
    # fork again and $! is the runner itself; the runner also writes its own pid as a safeguard.
    nohup setsid bash "$dir/ecs-agent.sh" __run "$dir" "$script" </dev/null >/dev/null 2>&1 9>&- &
    printf '%s\n' "$!" >"$dir/bootstrap.pid.tmp"
    mv -f "$dir/bootstrap.pid.tmp" "$dir/bootstrap.pid"
    echo "started"
}

# The detached runner: runs the script with all output appended to the log, then records its exit code.
cmd_run() {
    local dir="$1" script="$2" code=0
    printf '%s\n' "$$" >"$dir/bootstrap.pid.tmp.$$"
    mv -f "$dir/bootstrap.pid.tmp.$$" "$dir/bootstrap.pid"
    cd "$dir"
    bash "$dir/$script" >>"$dir/bootstrap.log" 2>&1 </dev/null || code=$?
    write_exit "$dir" "$code"
}

cmd_log() {
    local dir="$1" offset="$2"
    if [[ ! "$offset" =~ ^[0-9]+$ ]]; then
        echo "ecs-agent: offset '$offset' is not a non-negative whole number" >&2
        exit 2
    fi
    [[ -f "$dir/bootstrap.log" ]] || return 0
    tail -c "+$((offset + 1))" "$dir/bootstrap.log"
}

main() {
    [[ $# -ge 2 ]] || usage
    local command="$1" dir="$2"
    require_dir "$dir"
    # One spelling of the directory, so that the runner's command line can be recognised later.
    dir="$(cd "$dir" && pwd -P)"
    case "$command" in
        start) [[ $# -eq 3 ]] || usage; cmd_start "$dir" "$3" ;;
        status) [[ $# -eq 2 ]] || usage; cmd_status "$dir" ;;
        log) [[ $# -eq 3 ]] || usage; cmd_log "$dir" "$3" ;;
        __run) [[ $# -eq 3 ]] || usage; cmd_run "$dir" "$3" ;;
        *) usage ;;
    esac
}

main "$@"
