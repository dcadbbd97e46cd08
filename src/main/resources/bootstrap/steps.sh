# shellcheck shell=bash
# steps.sh: the bootstrap steps, one function each, in the order main.sh runs them. Sourced by main.sh.
#
# Settings come from bootstrap.env (rendered by com.ecsprovisioner.bootstrap.BootstrapEnvironment; every
# variable is documented on com.ecsprovisioner.bootstrap.DownloadSources and BootstrapSettings):
#   ECS_PHP_VERSION, ECS_APT_MIRROR, ECS_PHP_REPO_{UBUNTU,DEBIAN}_{URL,KEY_URL,KEY_FINGERPRINT},
#   ECS_WP_CLI_URLS, ECS_WP_CLI_SHA512, ECS_DB_ROOT_PASSWORD, ECS_SSH_PORT, ECS_SWAP_MB,
#   ECS_SWAP_BELOW_RAM_MB, ECS_SOURCES_PRESET.
# Each step checks the state it wants before changing anything (idempotent), and a step that would change
# the host it runs on when that host is only a chroot (firewall, swap, bans) says so and skips that part.

# --- preflight -------------------------------------------------------------------------------------------

step_preflight() {
    if [[ "$EUID" -ne 0 ]]; then
        ecs_fail "the bootstrap must run as root, not as $(id -un)"
    fi
    if [[ ! -r "$ECS_DIR/bootstrap.env" ]]; then
        ecs_fail "settings file $ECS_DIR/bootstrap.env is missing: upload it with the scripts"
    fi
    # shellcheck source=/dev/null
    source "$ECS_DIR/bootstrap.env"

    local os_id os_version
    os_id="$(. /etc/os-release && echo "${ID:-}")"
    os_version="$(. /etc/os-release && echo "${VERSION_ID:-}")"
    ECS_OS_CODENAME="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
    case "$os_id:$os_version" in
        ubuntu:22.04) ECS_DISTRO_PHP=8.1 ;;
        ubuntu:24.04) ECS_DISTRO_PHP=8.3 ;;
        debian:12) ECS_DISTRO_PHP=8.2 ;;
        *) ecs_fail "unsupported operating system '$os_id $os_version': supported are Ubuntu 22.04, Ubuntu 24.04 and Debian 12" ;;
    esac
    ECS_OS_ID="$os_id"
    ecs_log "operating system: $os_id $os_version ($ECS_OS_CODENAME), distribution PHP $ECS_DISTRO_PHP"
    ecs_marker "version os $os_id-$os_version"

    local wanted="${ECS_PHP_VERSION:-default}"
    if [[ "$wanted" == "default" || "$wanted" == "$ECS_DISTRO_PHP" ]]; then
        ECS_PHP="$ECS_DISTRO_PHP"
        ECS_PHP_FROM_REPOSITORY=0
    elif [[ "$wanted" =~ ^[5-9]\.[0-9]$ ]]; then
        ECS_PHP="$wanted"
        ECS_PHP_FROM_REPOSITORY=1
    else
        ecs_fail "PHP version '$wanted' is not a version like 8.3 (bootstrap setting 'PHP version' (ECS_PHP_VERSION))"
    fi
    ecs_log "PHP $ECS_PHP from $([[ $ECS_PHP_FROM_REPOSITORY == 1 ]] && echo "the PHP repository" || echo "the distribution")"

    if [[ -z "${ECS_DB_ROOT_PASSWORD:-}" ]]; then
        ecs_fail "ECS_DB_ROOT_PASSWORD is empty in bootstrap.env: the product must supply the MariaDB root password"
    fi
    if [[ -z "${ECS_WP_CLI_URLS:-}" ]]; then
        ecs_fail "no WP-CLI download URL: set the bootstrap setting 'WP-CLI download URLs' (ECS_WP_CLI_URLS)"
    fi
    local mirror_shown="${ECS_APT_MIRROR:-}"
    [[ -n "$mirror_shown" ]] || mirror_shown="none (the image's sources)"
    ecs_log "download sources: preset ${ECS_SOURCES_PRESET:-custom}, APT mirror $mirror_shown"
    if ecs_in_chroot; then
        ecs_log "running in a chroot: firewall, swap and fail2ban will be configured but not activated"
    fi
}

# --- package sources -------------------------------------------------------------------------------------

# Runs apt-get update and fails (apt-get itself only warns) when any source could not be fetched.
# Usage: ecs_apt_update <what the sources are> <setting that changes them>
ecs_apt_update() {
    local what="$1" setting="$2" out code=0
    out="$(mktemp)"
    ecs_apt_get update 2>&1 | tee "$out" || code=$?
    if [[ $code -ne 0 ]] || grep -Eq '^(E:|W: Failed to fetch|W: Some index files failed)' "$out"; then
        rm -f "$out"
        # apt-get exits 0 when a source fails with only a warning: still a failure here, with apt's own code.
        [[ $code -ne 0 ]] || code=100
        ecs_fail "apt-get update failed for $what; change it with the bootstrap setting $setting" "$code"
    fi
    rm -f "$out"
}

step_apt_sources() {
    local mirror="${ECS_APT_MIRROR:-}" ours=/etc/apt/sources.list.d/ecs-provisioner.sources
    local keep=/etc/apt/ecs-provisioner-original original
    if [[ -z "$mirror" ]]; then
        ecs_log "no APT mirror configured: keeping the image's package sources"
        # A mirror set by an earlier run that the profile no longer wants: give the image its own lists back.
        if [[ -f "$ours" ]]; then
            for original in "$keep"/*; do
                [[ -e "$original" ]] || continue
                case "$(basename "$original")" in
                    sources.list) ecs_run mv "$original" /etc/apt/sources.list ;;
                    *) ecs_run mv "$original" "/etc/apt/sources.list.d/$(basename "$original")" ;;
                esac
            done
            ecs_run rm -f "$ours"
        fi
        ecs_apt_update "the image's package sources" "'APT mirror' (ECS_APT_MIRROR) to use a mirror"
        return 0
    fi
    mirror="${mirror%/}"
    local sources ubuntu_path=ubuntu
    # Ubuntu keeps architectures other than amd64 and i386 (Alibaba's arm64 instances) in a separate tree.
    case "$(dpkg --print-architecture)" in
        amd64 | i386) ;;
        *) ubuntu_path=ubuntu-ports ;;
    esac
    if [[ "$ECS_OS_ID" == ubuntu ]]; then
        sources="Types: deb
URIs: $mirror/$ubuntu_path/
Suites: $ECS_OS_CODENAME $ECS_OS_CODENAME-updates $ECS_OS_CODENAME-backports $ECS_OS_CODENAME-security
Components: main restricted universe multiverse
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg"
    else
        sources="Types: deb
URIs: $mirror/debian/
Suites: $ECS_OS_CODENAME $ECS_OS_CODENAME-updates
Components: main contrib non-free non-free-firmware
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $mirror/debian-security/
Suites: $ECS_OS_CODENAME-security
Components: main contrib non-free non-free-firmware
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
    fi
    ecs_install_file "$ours" 0644 < <(printf '# Written by ECS Provisioner (APT mirror %s).\n%s\n' "$mirror" "$sources")

    # The image's own lists would keep pointing at sources that may be blocked: set them aside once.
    for original in /etc/apt/sources.list /etc/apt/sources.list.d/ubuntu.sources \
        /etc/apt/sources.list.d/debian.sources; do
        if [[ -f "$original" ]] && grep -Eq '^[[:space:]]*(deb|Types:)' "$original"; then
            mkdir -p "$keep"
            ecs_run mv "$original" "$keep/$(basename "$original")"
        fi
    done
    ecs_apt_update "the APT mirror $mirror" "'APT mirror' (ECS_APT_MIRROR)"
}

step_base_packages() {
    ecs_apt_get install ca-certificates curl gnupg
}

# Installs a repository's signing key after checking its fingerprint, so that a mirror cannot slip in
# a key of its own. Usage: ecs_install_signing_key <url> <fingerprint> <keyring> <url setting>
ecs_install_signing_key() {
    local url="$1" fingerprint="$2" keyring="$3" setting="$4" work found
    work="$(mktemp -d)"
    ecs_download "$url" "$work/key" "the PHP repository signing key" "$setting"
    if grep -q -- '-----BEGIN PGP PUBLIC KEY BLOCK-----' "$work/key"; then
        GNUPGHOME="$work" gpg --batch --dearmor <"$work/key" >"$work/key.gpg"
    else
        cp "$work/key" "$work/key.gpg"
    fi
    found="$(GNUPGHOME="$work" gpg --batch --show-keys --with-colons "$work/key.gpg" 2>/dev/null |
        awk -F: '$1 == "fpr" { print $10 }' | tr '\n' ' ')"
    if [[ " $found " != *" ${fingerprint^^} "* ]]; then
        rm -rf "$work"
        ecs_fail "the key from $url has fingerprint(s) '${found% }', not the expected ${fingerprint^^}; check the bootstrap settings $setting and 'PHP repository key fingerprint'"
    fi
    ecs_install_file "$keyring" 0644 <"$work/key.gpg"
    rm -rf "$work"
}

step_php_repository() {
    local list=/etc/apt/sources.list.d/ecs-php.sources keyring=/usr/share/keyrings/ecs-php-archive-keyring.gpg
    if [[ "$ECS_PHP_FROM_REPOSITORY" == 0 ]]; then
        ecs_log "PHP $ECS_PHP is the distribution's own: no PHP repository needed"
        if [[ -f "$list" ]]; then
            ecs_run rm -f "$list" "$keyring"
            ecs_apt_update "the package sources" "'APT mirror' (ECS_APT_MIRROR)"
        fi
        return 0
    fi
    local url key_url fingerprint prefix
    if [[ "$ECS_OS_ID" == ubuntu ]]; then prefix=UBUNTU; else prefix=DEBIAN; fi
    local url_name="ECS_PHP_REPO_${prefix}_URL" key_name="ECS_PHP_REPO_${prefix}_KEY_URL"
    local fingerprint_name="ECS_PHP_REPO_${prefix}_KEY_FINGERPRINT"
    url="${!url_name:-}"
    key_url="${!key_name:-}"
    fingerprint="${!fingerprint_name:-}"
    local setting="'PHP repository URL' (ECS_PHP_REPO_${prefix}_URL)"
    if [[ -z "$url" || -z "$key_url" || -z "$fingerprint" ]]; then
        ecs_fail "PHP $ECS_PHP needs the PHP repository, but it is not configured: set the bootstrap setting $setting with 'PHP repository key URL' and 'PHP repository key fingerprint'"
    fi
    ecs_install_signing_key "$key_url" "$fingerprint" "$keyring" "'PHP repository key URL' (ECS_PHP_REPO_${prefix}_KEY_URL)"
    ecs_install_file "$list" 0644 < <(printf '# Written by ECS Provisioner: PHP %s.\nTypes: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
        "$ECS_PHP" "${url%/}/" "$ECS_OS_CODENAME" "$keyring")
    ecs_apt_update "the PHP repository $url" "$setting"
}

# --- packages --------------------------------------------------------------------------------------------

step_packages() {
    local v="$ECS_PHP" extensions
    if ! apt-cache show "php$v-fpm" >/dev/null 2>&1; then
        ecs_fail "PHP $v is offered neither by the distribution nor by the configured PHP repository; choose another version (bootstrap setting 'PHP version') or repository ('PHP repository URL')"
    fi
    # imagick and redis come from PECL: the distribution names them without a version, the PHP repositories with one.
    if [[ "$ECS_PHP_FROM_REPOSITORY" == 1 ]]; then
        extensions="php$v-imagick php$v-redis"
    else
        extensions="php-imagick php-redis"
    fi
    # shellcheck disable=SC2086 # the extension list is meant to split into words
    ecs_apt_get install nginx mariadb-server mariadb-client redis-server certbot python3-certbot-nginx \
        ufw fail2ban python3-systemd unattended-upgrades \
        "php$v-fpm" "php$v-cli" "php$v-mysql" "php$v-curl" "php$v-gd" "php$v-intl" "php$v-mbstring" \
        "php$v-xml" "php$v-zip" "php$v-bcmath" "php$v-opcache" $extensions
}

# --- PHP-FPM and nginx -----------------------------------------------------------------------------------

step_php() {
    ecs_install_file "/etc/php/$ECS_PHP/fpm/conf.d/99-ecs-provisioner.ini" 0644 <<'EOF'
; Written by ECS Provisioner: limits that suit WordPress uploads and plugins.
memory_limit = 256M
upload_max_filesize = 64M
post_max_size = 64M
max_execution_time = 120
expose_php = Off
EOF
    ecs_service_ensure "php$ECS_PHP-fpm" "$ECS_CHANGED"
}

step_nginx() {
    local ipv6_listen=""
    if [[ -e /proc/net/if_inet6 ]]; then
        ipv6_listen="    listen [::]:80 default_server;"
    fi
    ecs_install_file /etc/nginx/sites-available/ecs-wordpress 0644 <<EOF
# Written by ECS Provisioner: the WordPress site (certbot adds HTTPS to it once a domain points here).
server {
    listen 80 default_server;
$ipv6_listen
    server_name _;
    root /var/www/html;
    index index.php index.html;
    client_max_body_size 64m;
    server_tokens off;

    location / {
        try_files \$uri \$uri/ /index.php?\$args;
    }

    location ~ \.php\$ {
        include snippets/fastcgi-php.conf;
        fastcgi_pass unix:/run/php/php$ECS_PHP-fpm.sock;
    }

    location ~ /\.(?!well-known) {
        deny all;
    }
}
EOF
    local changed="$ECS_CHANGED"
    if [[ -L /etc/nginx/sites-enabled/default ]]; then
        ecs_run rm -f /etc/nginx/sites-enabled/default
        changed=1
    fi
    if [[ "$(readlink /etc/nginx/sites-enabled/ecs-wordpress 2>/dev/null)" != /etc/nginx/sites-available/ecs-wordpress ]]; then
        ecs_run ln -sfn /etc/nginx/sites-available/ecs-wordpress /etc/nginx/sites-enabled/ecs-wordpress
        changed=1
    fi
    ecs_run nginx -t
    ecs_service_ensure nginx "$changed"
}

# --- MariaDB and Redis -----------------------------------------------------------------------------------

# Runs SQL from standard input as MariaDB's root: over the socket (root logs in as the system's root), or,
# where that was switched off, with the password from a temporary option file (never on the command line).
ecs_mariadb_root() {
    if mariadb --protocol=socket -uroot -e 'SELECT 1' >/dev/null 2>&1; then
        mariadb --protocol=socket -uroot
        return
    fi
    local options
    options="$(mktemp)"
    printf '[client]\npassword="%s"\n' "$(ecs_option_file_escape "$ECS_DB_ROOT_PASSWORD")" >"$options"
    local code=0
    mariadb --defaults-extra-file="$options" --protocol=socket -uroot || code=$?
    rm -f "$options"
    return "$code"
}

ecs_option_file_escape() {
    local value="${1//\\/\\\\}"
    printf '%s' "${value//\"/\\\"}"
}

ecs_sql_string_escape() {
    local value="${1//\\/\\\\}"
    printf '%s' "${value//\'/\'\'}"
}

step_mariadb() {
    ecs_service_ensure mariadb
    local password
    password="$(ecs_sql_string_escape "$ECS_DB_ROOT_PASSWORD")"
    ecs_log "setting the root password, removing anonymous users, remote root and the test database"
    # What mysql_secure_installation does, without its questions; each statement is a no-op the second time.
    ecs_mariadb_root <<EOF
ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('$password');
DELETE FROM mysql.global_priv WHERE User = '';
DELETE FROM mysql.global_priv WHERE User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1');
DROP DATABASE IF EXISTS test;
DELETE FROM mysql.db WHERE Db = 'test' OR Db = 'test\\_%';
FLUSH PRIVILEGES;
EOF
}

step_redis() {
    ecs_service_ensure redis-server
}

# --- WP-CLI ----------------------------------------------------------------------------------------------

step_wp_cli() {
    local target=/usr/local/bin/wp pinned="${ECS_WP_CLI_SHA512:-}"
    pinned="${pinned,,}"
    # An installed WP-CLI is kept only when it is exactly the expected release; anything else is replaced.
    if [[ -x "$target" && -n "$pinned" && "$(sha512sum "$target" | cut -d' ' -f1)" == "$pinned" ]]; then
        ecs_log "WP-CLI is installed and matches the expected SHA-512"
        return 0
    fi
    local urls
    read -r -a urls <<<"$ECS_WP_CLI_URLS"
    ecs_fetch_verified "$target" 0755 "WP-CLI" "'WP-CLI download URLs' (ECS_WP_CLI_URLS)" "'WP-CLI SHA-512' (ECS_WP_CLI_SHA512)" \
        "$pinned" "${urls[@]}"
}

# --- security --------------------------------------------------------------------------------------------

# The ports sshd listens on: the configured one, else what sshd itself reports, else 22.
ecs_ssh_ports() {
    if [[ -n "${ECS_SSH_PORT:-}" ]]; then
        echo "$ECS_SSH_PORT"
        return
    fi
    mkdir -p /run/sshd
    local ports
    ports="$(sshd -T 2>/dev/null | awk '$1 == "port" { print $2 }' | sort -un | tr '\n' ' ')"
    echo "${ports:-22}"
}

step_firewall() {
    local ports port
    ports="$(ecs_ssh_ports)"
    if ecs_in_chroot; then
        ecs_log "chroot: not touching the firewall, which belongs to the host's kernel (would allow SSH ${ports% }, 80, 443)"
        return 0
    fi
    ecs_run ufw default deny incoming
    ecs_run ufw default allow outgoing
    for port in $ports; do
        ecs_run ufw allow "$port/tcp"
    done
    ecs_run ufw allow 80/tcp
    ecs_run ufw allow 443/tcp
    if ! ecs_output_has_line '^Status: active' ufw status; then
        ecs_run ufw --force enable
    fi
    ecs_run ufw status verbose
}

step_fail2ban() {
    local ports backend=auto banaction=iptables-multiport
    ports="$(ecs_ssh_ports)"
    ports="${ports% }"
    # Debian 12 logs sshd only to the journal; reading it needs the systemd backend.
    if ecs_have_systemd; then backend=systemd; fi
    if ! ecs_in_chroot; then banaction=ufw; fi
    ecs_install_file /etc/fail2ban/jail.d/ecs-provisioner.local 0644 <<EOF
# Written by ECS Provisioner: ban addresses that keep failing SSH logins.
[DEFAULT]
banaction = $banaction

[sshd]
enabled = true
port = ${ports// /,}
backend = $backend
maxretry = 5
findtime = 10m
bantime = 1h
EOF
    if ecs_in_chroot; then
        ecs_log "chroot: fail2ban configured but not started (its bans would land in the host's firewall)"
        return 0
    fi
    ecs_service_ensure fail2ban "$ECS_CHANGED"
}

step_ssh() {
    local main=/etc/ssh/sshd_config
    # sshd takes the first value it reads, and the drop-ins are read where the Include line stands.
    if ! grep -Eq '^[[:space:]]*Include[[:space:]]+/etc/ssh/sshd_config\.d/\*\.conf' "$main"; then
        ecs_log "adding the sshd_config.d include to $main"
        ecs_install_file "$main" 0644 < <(echo "Include /etc/ssh/sshd_config.d/*.conf"; cat "$main")
    fi
    ecs_install_file /etc/ssh/sshd_config.d/00-ecs-provisioner.conf 0644 <<'EOF'
# Written by ECS Provisioner: keys only. Named 00- so that it is read before images' own drop-ins.
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitEmptyPasswords no
PermitRootLogin prohibit-password
EOF
    local changed="$ECS_CHANGED"
    mkdir -p /run/sshd
    ecs_run sshd -t
    if ! ecs_output_has_line '^passwordauthentication no$' sshd -T; then
        ecs_fail "sshd still allows password login after configuration: check $main and /etc/ssh/sshd_config.d/"
    fi
    if [[ "$changed" == 1 ]]; then
        ecs_service_reload ssh
    fi
}

step_upgrades() {
    ecs_install_file /etc/apt/apt.conf.d/20auto-upgrades 0644 <<'EOF'
// Written by ECS Provisioner: refresh package lists and apply security upgrades daily.
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
EOF
    apt-config dump APT::Periodic
}

step_swap() {
    local size="${ECS_SWAP_MB:-1024}" below="${ECS_SWAP_BELOW_RAM_MB:-2048}" memory
    memory="$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)"
    if [[ "$size" == 0 ]]; then
        ecs_log "swap disabled by the profile (ECS_SWAP_MB=0)"
        return 0
    fi
    if [[ "$memory" -ge "$below" ]]; then
        ecs_log "${memory} MiB of memory (not below $below MiB): no swap needed"
        return 0
    fi
    if [[ -n "$(swapon --show --noheadings 2>/dev/null)" ]]; then
        ecs_log "swap is already active:"
        swapon --show
        return 0
    fi
    if ecs_in_chroot; then
        ecs_log "chroot: swap belongs to the host's kernel, not adding ${size} MiB"
        return 0
    fi
    if [[ ! -f /swapfile ]]; then
        ecs_run fallocate -l "${size}M" /swapfile || ecs_run dd if=/dev/zero of=/swapfile bs=1M count="$size"
        ecs_run chmod 600 /swapfile
        ecs_run mkswap /swapfile
    fi
    ecs_run swapon /swapfile
    if ! grep -q '^/swapfile ' /etc/fstab; then
        echo '/swapfile none swap sw 0 0' >>/etc/fstab
        ecs_log "added /swapfile to /etc/fstab"
    fi
    ecs_install_file /etc/sysctl.d/60-ecs-provisioner-swap.conf 0644 <<<'vm.swappiness = 10'
    ecs_run sysctl -q -p /etc/sysctl.d/60-ecs-provisioner-swap.conf
}

# --- health ----------------------------------------------------------------------------------------------

step_health() {
    local status page=/var/www/html/ecs-health-check.php token body
    status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 http://127.0.0.1/ || true)"
    if [[ "$status" == 000 || -z "$status" ]]; then
        ecs_fail "nginx does not answer on http://127.0.0.1/"
    fi
    ecs_log "nginx answers: HTTP $status"

    token="$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
    printf '<?php echo "ecs-health %s ", PHP_VERSION;\n' "$token" >"$page"
    body="$(curl -s --max-time 10 http://127.0.0.1/ecs-health-check.php || true)"
    rm -f "$page"
    if [[ "$body" != "ecs-health $token "* ]]; then
        ecs_fail "PHP-FPM did not execute a PHP page through nginx (got: ${body:0:200})"
    fi
    ecs_log "PHP-FPM executes PHP ${body##* }"

    local options version
    options="$(mktemp)"
    printf '[client]\npassword="%s"\n' "$(ecs_option_file_escape "$ECS_DB_ROOT_PASSWORD")" >"$options"
    # TCP on purpose: a socket login as root would succeed without the password.
    version="$(mariadb --defaults-extra-file="$options" --protocol=TCP -h localhost -uroot -N -e 'SELECT VERSION()' 2>&1)" || {
        rm -f "$options"
        ecs_fail "MariaDB refused root's password login over TCP: $version"
    }
    rm -f "$options"
    ecs_log "MariaDB accepts root's password login: $version"

    if [[ "$(redis-cli ping 2>&1)" != PONG ]]; then
        ecs_fail "Redis does not answer PING on its default port"
    fi
    ecs_run wp --info --allow-root

    ecs_marker "version nginx $(nginx -v 2>&1 | sed 's|^.*nginx/||')"
    ecs_marker "version php $(php -r 'echo PHP_VERSION;')"
    ecs_marker "version mariadb $version"
    ecs_marker "version redis $(redis-server --version | sed -E 's/.* v=([^ ]+).*/\1/')"
    ecs_marker "version wp-cli $(wp --version --allow-root | sed 's/^WP-CLI //')"
    ecs_marker "version certbot $(certbot --version 2>&1 | sed 's/^certbot //')"
}
