package com.ecsprovisioner.sandbox.ssh;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a simulated machine looks like from inside for each image the sandbox offers: {@code /etc/os-release},
 * {@code uname -a}, the apt mirror and the versions the distribution's packages install, so that output read by
 * people (and version lines read by the product) look like that OS.
 */
enum OsProfile {

    UBUNTU_2204("Ubuntu 22.04.5 LTS", """
            PRETTY_NAME="Ubuntu 22.04.5 LTS"
            NAME="Ubuntu"
            VERSION_ID="22.04"
            VERSION="22.04.5 LTS (Jammy Jellyfish)"
            VERSION_CODENAME=jammy
            ID=ubuntu
            ID_LIKE=debian
            HOME_URL="https://www.ubuntu.com/"
            SUPPORT_URL="https://help.ubuntu.com/"
            BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
            PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
            UBUNTU_CODENAME=jammy
            """, "5.15.0-125-generic", "#135-Ubuntu SMP Fri Sep 27 13:53:58 UTC 2024",
            "http://mirrors.cloud.aliyuncs.com/ubuntu jammy", "8.1",
            versions("1.18.0", "8.1.2", "10.6.18", "6.0.16", "2.11.0", "1.21.0"),
            packageVersions("1.18.0-6ubuntu14.5", "2:8.1+92ubuntu1", "1:10.6.18-0ubuntu0.22.04.1", "5:6.0.16-1ubuntu1", "1.21.0-1build1")),

    UBUNTU_2404("Ubuntu 24.04.1 LTS", """
            PRETTY_NAME="Ubuntu 24.04.1 LTS"
            NAME="Ubuntu"
            VERSION_ID="24.04"
            VERSION="24.04.1 LTS (Noble Numbat)"
            VERSION_CODENAME=noble
            ID=ubuntu
            ID_LIKE=debian
            HOME_URL="https://www.ubuntu.com/"
            SUPPORT_URL="https://help.ubuntu.com/"
            BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
            PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
            UBUNTU_CODENAME=noble
            LOGO=ubuntu-logo
            """, "6.8.0-48-generic", "#48-Ubuntu SMP PREEMPT_DYNAMIC Fri Sep 27 14:04:52 UTC 2024",
            "http://mirrors.cloud.aliyuncs.com/ubuntu noble", "8.3",
            versions("1.24.0", "8.3.6", "10.11.8", "7.0.15", "2.11.0", "2.9.0"),
            packageVersions("1.24.0-2ubuntu7.1", "2:8.3+93ubuntu2", "1:10.11.8-0ubuntu0.24.04.1", "5:7.0.15-1build2", "2.9.0-1")),

    DEBIAN_12("Debian GNU/Linux 12 (bookworm)", """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            HOME_URL="https://www.debian.org/"
            SUPPORT_URL="https://www.debian.org/support"
            BUG_REPORT_URL="https://bugs.debian.org/"
            """, "6.1.0-26-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.112-1 (2024-09-30)",
            "http://mirrors.cloud.aliyuncs.com/debian bookworm", "8.2",
            versions("1.22.1", "8.2.24", "10.11.6", "7.0.15", "2.11.0", "2.1.0"),
            packageVersions("1.22.1-9", "2:8.2+93", "1:10.11.6-0+deb12u1", "5:7.0.15-1~deb12u1", "2.1.0-4"));

    private final String prettyName;
    private final String osRelease;
    private final String kernelRelease;
    private final String kernelVersion;
    private final String mirror;
    private final String phpBranch;
    private final Map<String, String> componentVersions;
    private final Map<String, String> packageVersions;

    OsProfile(String prettyName, String osRelease, String kernelRelease, String kernelVersion, String mirror,
              String phpBranch, Map<String, String> componentVersions, Map<String, String> packageVersions) {
        this.prettyName = prettyName;
        this.osRelease = osRelease;
        this.kernelRelease = kernelRelease;
        this.kernelVersion = kernelVersion;
        this.mirror = mirror;
        this.phpBranch = phpBranch;
        this.componentVersions = componentVersions;
        this.packageVersions = packageVersions;
    }

    /**
     * The profile for an image's OS name as the cloud reports it ("Ubuntu 24.04 64 bit", "Debian 12.6 64 bit");
     * anything unrecognised looks like Ubuntu 22.04, the sandbox's default image.
     */
    static OsProfile forOsName(String osName) {
        String name = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (name.contains("debian")) {
            return DEBIAN_12;
        }
        if (name.contains("24.04")) {
            return UBUNTU_2404;
        }
        return UBUNTU_2204;
    }

    String prettyName() {
        return prettyName;
    }

    String osRelease() {
        return osRelease;
    }

    String uname(String hostname) {
        return "Linux " + hostname + " " + kernelRelease + " " + kernelVersion + " x86_64 x86_64 x86_64 GNU/Linux";
    }

    String kernelRelease() {
        return kernelRelease;
    }

    String mirror() {
        return mirror;
    }

    String phpBranch() {
        return phpBranch;
    }

    /**
     * The versions reported in {@code @@ecs version} lines (nginx, php, mariadb, redis, wp-cli, certbot) by a run that
     * installed PHP {@code branch}: the distribution's branch as the OS has it, another one at the release the PHP
     * repository (ondrej/sury) serves for it, as {@code steps.sh} installs it from there.
     */
    Map<String, String> componentVersions(String branch) {
        if (branch == null || branch.equals(phpBranch)) {
            return componentVersions;
        }
        Map<String, String> map = new LinkedHashMap<>(componentVersions);
        map.put("php", REPOSITORY_PHP.getOrDefault(branch, branch + ".0"));
        return Collections.unmodifiableMap(map);
    }

    /** The branch {@code steps.sh} installs for its {@code ECS_PHP_VERSION}: the distribution's for none or default. */
    String phpBranchFor(String wanted) {
        return wanted == null || wanted.isBlank() || wanted.equals("default") ? phpBranch : wanted.strip();
    }

    private static final Map<String, String> REPOSITORY_PHP = Map.of("8.1", "8.1.31", "8.2", "8.2.26", "8.3", "8.3.14",
            "8.4", "8.4.2");

    /** Debian package version strings as apt prints them, by package: nginx, php, mariadb, redis, certbot. */
    String packageVersion(String component) {
        return packageVersions.getOrDefault(component, "1.0-1");
    }

    private static Map<String, String> versions(String nginx, String php, String mariadb, String redis, String wpCli,
                                                String certbot) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("nginx", nginx);
        map.put("php", php);
        map.put("mariadb", mariadb);
        map.put("redis", redis);
        map.put("wp-cli", wpCli);
        map.put("certbot", certbot);
        return Collections.unmodifiableMap(map); // keeps the order the version lines are printed in
    }

    private static Map<String, String> packageVersions(String nginx, String php, String mariadb, String redis,
                                                       String certbot) {
        return Map.of("nginx", nginx, "php", php, "mariadb", mariadb, "redis", redis, "certbot", certbot);
    }
}
