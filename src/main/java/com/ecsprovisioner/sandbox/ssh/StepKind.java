package com.ecsprovisioner.sandbox.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The kinds of bootstrap step the simulation can make look real, recognised from a step's id and title: each has a
 * realistic duration on a small ECS instance and prints what the real tools print (apt-get, systemctl, wp-cli,
 * certbot, ufw), so that the product's log viewer and its parsing are exercised with believable text.
 */
enum StepKind {
    // Order matters: specific components first, so that "install-nginx" is nginx, not a generic package install.
    NGINX(8, "nginx", "web-server", "webserver"),
    PHP(15, "php"),
    MARIADB(20, "mariadb", "mysql", "database", "db"),
    REDIS(6, "redis", "cache"),
    WORDPRESS(25, "wordpress", "wp"),
    CERTBOT(18, "certbot", "tls", "ssl", "https", "certificate", "cert"),
    FIREWALL(3, "firewall", "ufw"),
    SWAP(4, "swap"),
    APT_UPDATE(12, "apt-update", "update", "upgrade", "apt"),
    PACKAGES(40, "packages", "install", "prerequisites", "base"),
    GENERIC(5);

    private final int baseSeconds;
    private final String[] keywords;

    StepKind(int baseSeconds, String... keywords) {
        this.baseSeconds = baseSeconds;
        this.keywords = keywords;
    }

    static StepKind of(String stepId, String title) {
        String id = stepId.toLowerCase(Locale.ROOT);
        String text = id + " " + title.toLowerCase(Locale.ROOT);
        // The id decides first (it is the script author's own name for the step), then the title.
        for (String haystack : new String[]{id, text}) {
            for (StepKind kind : values()) {
                for (String keyword : kind.keywords) {
                    if (containsWord(haystack, keyword)) {
                        return kind;
                    }
                }
            }
        }
        return GENERIC;
    }

    private static boolean containsWord(String haystack, String word) {
        int from = 0;
        int at;
        while ((at = haystack.indexOf(word, from)) >= 0) {
            int end = at + word.length();
            boolean startsWord = at == 0 || !Character.isLetterOrDigit(haystack.charAt(at - 1));
            boolean endsWord = end == haystack.length() || !Character.isLetterOrDigit(haystack.charAt(end));
            if (startsWord && endsWord) {
                return true;
            }
            from = at + 1;
        }
        return false;
    }

    /** A realistic duration in seconds, varied by up to ±20% so that runs do not look machine-made. */
    double seconds(Random random) {
        return baseSeconds * (0.8 + 0.4 * random.nextDouble());
    }

    /** {@code php}: the branch the run installs (the distribution's, or the one {@code bootstrap.env} asks for). */
    List<String> output(OsProfile os, String php, Random random) {
        List<String> lines = new ArrayList<>();
        switch (this) {
            case APT_UPDATE -> {
                lines.add("Hit:1 " + os.mirror() + " InRelease");
                lines.add("Get:2 " + os.mirror() + "-updates InRelease [128 kB]");
                lines.add("Get:3 " + os.mirror() + "-security InRelease [129 kB]");
                lines.add("Fetched " + (2 + random.nextInt(30)) + "." + random.nextInt(10) + " MB in "
                        + (2 + random.nextInt(6)) + "s (" + (3 + random.nextInt(9)) + ","
                        + (100 + random.nextInt(900)) + " kB/s)");
                lines.add("Reading package lists...");
                lines.add("Building dependency tree...");
                lines.add("Reading state information...");
                lines.add(random.nextInt(40) + " packages can be upgraded. Run 'apt list --upgradable' to see them.");
            }
            case PACKAGES -> {
                lines.add("Reading package lists...");
                lines.add("Building dependency tree...");
                lines.add("Reading state information...");
                lines.add("The following NEW packages will be installed:");
                lines.add("  curl git gnupg2 ca-certificates lsb-release unzip");
                lines.add("0 upgraded, 6 newly installed, 0 to remove and 0 not upgraded.");
                lines.add("Setting up unzip (6.0-26ubuntu3.2) ...");
                lines.add("Setting up curl (7.81.0-1ubuntu1.18) ...");
                lines.add("Processing triggers for man-db (2.10.2-1) ...");
            }
            case NGINX -> {
                lines.add("Selecting previously unselected package nginx.");
                lines.add("Setting up nginx (" + os.packageVersion("nginx") + ") ...");
                lines.add("Created symlink /etc/systemd/system/multi-user.target.wants/nginx.service"
                        + " → /lib/systemd/system/nginx.service.");
                lines.add("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok");
                lines.add("nginx: configuration file /etc/nginx/nginx.conf test is successful");
            }
            case PHP -> {
                lines.add("Setting up php" + php + "-fpm (" + os.packageVersion("php") + ") ...");
                lines.add("Creating config file /etc/php/" + php + "/fpm/php.ini with new version");
                lines.add("Created symlink /etc/systemd/system/multi-user.target.wants/php" + php
                        + "-fpm.service → /lib/systemd/system/php" + php + "-fpm.service.");
                lines.add("Setting up php" + php + "-mysql, php" + php + "-curl, php" + php + "-gd, php" + php
                        + "-mbstring, php" + php + "-xml, php" + php + "-zip ...");
                lines.add("NOTICE: Not enabling PHP " + php + " FPM by default.");
            }
            case MARIADB -> {
                lines.add("Setting up mariadb-server (" + os.packageVersion("mariadb") + ") ...");
                lines.add("Created symlink /etc/systemd/system/multi-user.target.wants/mariadb.service"
                        + " → /lib/systemd/system/mariadb.service.");
                lines.add("Query OK, 1 row affected (0.001 sec)");
                lines.add("Query OK, 0 rows affected (0.002 sec)");
            }
            case REDIS -> {
                lines.add("Setting up redis-server (" + os.packageVersion("redis") + ") ...");
                lines.add("Created symlink /etc/systemd/system/redis.service → /lib/systemd/system/redis-server.service.");
                lines.add("PONG");
            }
            case WORDPRESS -> {
                lines.add("Downloading WordPress 6.8.3 (en_US)...");
                lines.add("md5 hash verified: " + hex(random, 32));
                lines.add("Success: WordPress downloaded.");
                lines.add("Success: Generated 'wp-config.php' file.");
                lines.add("Success: WordPress installed successfully.");
            }
            case CERTBOT -> {
                lines.add("Saving debug log to /var/log/letsencrypt/letsencrypt.log");
                lines.add("Requesting a certificate for the site");
                lines.add("Successfully received certificate.");
                lines.add("Certificate is saved at: /etc/letsencrypt/live/site/fullchain.pem");
                lines.add("Deploying certificate");
                lines.add("Congratulations! You have successfully enabled HTTPS");
            }
            case FIREWALL -> {
                lines.add("Rules updated");
                lines.add("Rules updated (v6)");
                lines.add("Firewall is active and enabled on system startup");
            }
            case SWAP -> {
                lines.add("Setting up swapspace version 1, size = 2 GiB (2147479552 bytes)");
                lines.add("no label, UUID=" + hex(random, 8) + "-" + hex(random, 4) + "-" + hex(random, 4) + "-"
                        + hex(random, 4) + "-" + hex(random, 12));
            }
            case GENERIC -> lines.add("done");
        }
        return lines;
    }

    /** What the step prints to the log when it fails with this exit code. */
    List<String> failureOutput(OsProfile os, int exitCode) {
        return switch (this) {
            case APT_UPDATE, PACKAGES, NGINX, PHP, MARIADB, REDIS -> List.of(
                    "Err:1 " + os.mirror() + "/main amd64 Packages",
                    "  Could not connect to mirrors.cloud.aliyuncs.com:80 (100.100.2.148), connection timed out",
                    "E: Failed to fetch " + os.mirror().replace(' ', '/') + "/main/binary-amd64/Packages"
                            + "  Could not connect to mirrors.cloud.aliyuncs.com:80, connection timed out",
                    "E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?");
            case WORDPRESS -> List.of("Error: Error establishing a database connection.");
            case CERTBOT -> List.of(
                    "Certbot failed to authenticate some domains (authenticator: nginx).",
                    "  Type:   connection",
                    "  Detail: Timeout during connect (likely firewall problem)",
                    "Some challenges have failed.");
            default -> List.of("error: command failed with exit status " + exitCode);
        };
    }

    private static String hex(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString();
    }
}
