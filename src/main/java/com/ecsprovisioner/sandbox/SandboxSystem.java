package com.ecsprovisioner.sandbox;

import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.ssh.SandboxSshHosts;
import com.ecsprovisioner.sandbox.ssh.SshHostsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;


/**
 * The whole sandbox as one thing to start and stop: the ECS/VPC API and the SSH hosts of its instances, from one
 * set of {@code ecs.sandbox.*} settings. Both the application (in sandbox mode) and the standalone command start
 * it through here, so that they cannot drift apart.
 */
public final class SandboxSystem implements AutoCloseable {

    /** The API's keys (see {@link SandboxConfig}); the SSH hosts' keys are these under {@code ecs.sandbox.ssh.}. */
    public static final List<String> API_KEYS = List.of("port", "bind-address", "data-dir", "admin-token", "accounts",
            "duration.vpc-pending", "duration.vswitch-pending", "duration.instance-pending",
            "duration.instance-starting", "duration.instance-stopping", "duration.release", "duration.snapshot",
            "quota.vpcs-per-region", "quota.vswitches-per-vpc", "quota.security-groups-per-region",
            "quota.rules-per-security-group", "quota.key-pairs-per-region", "quota.instances-per-region", "quota.vcpus-per-region",
            "stock", "faults", "faults.seed", "threads", "timestamp-window");
    public static final String SSH_PREFIX = SandboxConfig.PREFIX + "ssh.";
    public static final List<String> SSH_KEYS = List.of("port", "stepDurationScale", "failures", "seed");

    private final Sandbox api;
    private final SandboxSshHosts ssh;
    private final Thread saveOnExit;

    private SandboxSystem(Sandbox api, SandboxSshHosts ssh) {
        this.api = api;
        this.ssh = ssh;
        // State is saved with each change; a JVM told to stop (SIGTERM, Ctrl+C) may not give the application time
        // to close us, so the state is written once more from a shutdown hook, for changes made by the clock alone
        // (an instance that finished starting).
        this.saveOnExit = new Thread(api::save, "sandbox-save-on-exit");
        Runtime.getRuntime().addShutdownHook(saveOnExit);
    }

    /**
     * Starts both halves. {@code lookup} answers a full key ("ecs.sandbox.port") or null; {@code dataFolder} (may
     * be null for memory only) is used when {@code ecs.sandbox.data-dir} is not set.
     */
    public static SandboxSystem start(Function<String, String> lookup, Path dataFolder) {
        Map<String, String> settings = new HashMap<>();
        for (String key : API_KEYS) {
            String value = lookup.apply(SandboxConfig.PREFIX + key);
            if (value != null) {
                settings.put(SandboxConfig.PREFIX + key, value);
            }
        }
        if (dataFolder != null) {
            settings.putIfAbsent(SandboxConfig.PREFIX + "data-dir", dataFolder.toString());
        }
        // Keys generated per installation (kept in its data folder), never the fixed keys published in the repository.
        String dataDir = settings.get(SandboxConfig.PREFIX + "data-dir");
        settings.computeIfAbsent(SandboxConfig.PREFIX + "accounts", key -> (dataDir == null || dataDir.isBlank()
                ? SandboxKeys.generated() : SandboxKeys.forInstallation(Path.of(dataDir.trim())))
                .stream().map(SandboxKeys::entry).collect(java.util.stream.Collectors.joining(";")));
        SandboxConfig apiConfig = SandboxConfig.fromProperties(settings);
        SshHostsConfig sshConfig = SshHostsConfig.fromSettings(lookup, SSH_PREFIX);
        if (apiConfig.dataDir() != null) {
            sshConfig = sshConfig.withDataFolder(apiConfig.dataDir());
        }
        Sandbox api = Sandbox.start(apiConfig);
        try {
            return new SandboxSystem(api, SandboxSshHosts.start(api.directory(), sshConfig));
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("The sandbox's SSH hosts could not start on port " + sshConfig.port()
                    + " (set ecs.sandbox.ssh.port to a free port): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    public Sandbox api() {
        return api;
    }

    public SandboxSshHosts ssh() {
        return ssh;
    }

    /** What to tell a person at start-up: where it listens and which (sandbox-only) keys it accepts. */
    public String describe() {
        return describe(true);
    }

    /**
     * The same without the admin token and the keys' secrets, for a log others may read: the keys are generated per
     * installation (SandboxKeys) and drive this sandbox, so they are not printed where the application logs.
     */
    public String describe(boolean withSecrets) {
        StringBuilder out = new StringBuilder();
        out.append("Sandbox cloud (Alibaba ECS 2014-05-26 / VPC 2016-04-28) listening on http://")
                .append(api.endpoint()).append("/; instances answer SSH on port ").append(ssh.port())
                .append(" of their public 127.x address\n");
        out.append("  Data folder: ").append(api.config().dataDir() == null ? "(none: memory only)" : api.config().dataDir()).append('\n');
        if (!withSecrets) {
            out.append("  Access keys: ").append(api.accounts().stream().map(AccessKey::id).toList())
                    .append(" (their secrets on the Sandbox page, for admins)\n");
            return out.toString();
        }
        out.append("  Admin: GET /_sandbox/state, POST /_sandbox/reset with header X-Sandbox-Admin-Token: ")
                .append(api.adminToken()).append('\n');
        out.append("  Access keys (id / secret / account / policies):\n");
        for (AccessKey k : api.accounts()) {
            // Printed on the terminal of whoever started the standalone sandbox: that is how they learn them.
            out.append("    ").append(k.id()).append(" / ").append(k.secret()).append(" / ").append(k.accountId())
                    .append(" / ").append(k.policies().stream().map(p -> p.ramName()).sorted().toList()).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(saveOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it saves
        }
        try {
            ssh.close();
        } finally {
            api.close();
        }
    }
}
