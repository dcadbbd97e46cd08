#!/usr/bin/env bash
# main.sh: turns a bare Ubuntu 22.04/24.04 or Debian 12 server into a secure, WordPress-ready web server.
#
# Run by ecs-agent.sh, detached, as root, from the directory it was uploaded to, next to lib.sh, steps.sh
# and bootstrap.env (the settings and secrets, written by the product). Safe to run again: every step looks
# before it changes anything, so a retry after a failure finishes the job and a second run changes nothing.
#
# The ecs_step lines below are read by the product before the script runs, to show the job's steps;
# keep them literal, one per line, in the order they run.

ECS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$ECS_DIR/lib.sh"
# shellcheck source=steps.sh
source "$ECS_DIR/steps.sh"

ecs_install_error_trap
umask 022
export LC_ALL=C.UTF-8 LANG=C.UTF-8

ecs_step preflight "Check the server and the settings" step_preflight
ecs_step apt-sources "Configure the package sources" step_apt_sources
ecs_step base-packages "Install the base tools" step_base_packages
ecs_step php-repository "Add the PHP repository if the PHP version needs it" step_php_repository
ecs_step packages "Install nginx, PHP-FPM, MariaDB, Redis and certbot" step_packages
ecs_step php "Configure PHP-FPM" step_php
ecs_step nginx "Configure nginx" step_nginx
ecs_step mariadb "Secure MariaDB" step_mariadb
ecs_step redis "Start Redis" step_redis
ecs_step firewall "Allow only SSH, HTTP and HTTPS through the firewall" step_firewall
ecs_step fail2ban "Protect SSH with fail2ban" step_fail2ban
ecs_step ssh "Disable SSH password login" step_ssh
ecs_step upgrades "Enable unattended security upgrades" step_upgrades
ecs_step swap "Add swap on small instances" step_swap
# WP-CLI comes after the hardening: its download is the one most often blocked (mainland China), and a server
# whose WP-CLI source fails must still be left firewalled, with fail2ban and without SSH password login.
ecs_step wp-cli "Install WP-CLI" step_wp_cli
ecs_step health "Check that the stack works" step_health

ecs_marker "result ok"
