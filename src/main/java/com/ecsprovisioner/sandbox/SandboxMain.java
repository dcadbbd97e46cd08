package com.ecsprovisioner.sandbox;

import com.ecsprovisioner.sandbox.cloud.AccessKey;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox cloud on its own, without the application: {@code mvn -Psandbox -q compile exec:java}
 * (or {@code java -cp target/classes com.ecsprovisioner.sandbox.SandboxMain}). Settings are the keys documented on
 * {@link SandboxConfig}, as system properties ({@code -Decs.sandbox.port=8089}) or environment variables
 * ({@code ECS_SANDBOX_PORT=8089}); system properties win. Prints the endpoint, the access keys it accepts and the
 * admin token, then runs until killed.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> props = new HashMap<>();
        for (String key : new String[]{"port", "bind-address", "data-dir", "admin-token", "accounts",
                "duration.vpc-pending", "duration.vswitch-pending", "duration.instance-pending",
                "duration.instance-starting", "duration.instance-stopping", "duration.release", "duration.snapshot",
                "quota.vpcs-per-region", "quota.vswitches-per-vpc", "quota.security-groups-per-region",
                "quota.rules-per-security-group", "quota.key-pairs-per-region", "quota.instances-per-region",
                "stock", "faults", "faults.seed", "threads", "timestamp-window"}) {
            String full = SandboxConfig.PREFIX + key;
            String env = System.getenv(full.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            String value = System.getProperty(full, env);
            if (value != null) {
                props.put(full, value);
            }
        }
        SandboxConfig config;
        try {
            config = SandboxConfig.fromProperties(props);
        } catch (IllegalArgumentException e) {
            System.err.println("Sandbox configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Sandbox sandbox = Sandbox.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        StringBuilder out = new StringBuilder();
        out.append("Sandbox cloud (Alibaba ECS 2014-05-26 / VPC 2016-04-28) listening on http://")
                .append(sandbox.endpoint()).append("/\n");
        out.append("  Point the SDK at it: DefaultProfile.addEndpoint(region, \"Ecs\", \"").append(sandbox.endpoint())
                .append("\") and \"Vpc\"\n");
        out.append("  Data folder: ").append(config.dataDir() == null ? "(none: memory only)" : config.dataDir()).append('\n');
        out.append("  Admin: GET /_sandbox/state, POST /_sandbox/reset with header X-Sandbox-Admin-Token: ")
                .append(config.adminToken()).append('\n');
        out.append("  Access keys (id / secret / account / policies):\n");
        for (AccessKey k : sandbox.accounts()) {
            // The sandbox's keys are fake by design: printing them is the point (they guard nothing real).
            out.append("    ").append(k.id()).append(" / ").append(k.secret()).append(" / ").append(k.accountId())
                    .append(" / ").append(k.policies().stream().map(p -> p.ramName()).sorted().toList()).append('\n');
        }
        System.out.print(out);
        System.out.flush();
        stopped.await();
    }
}
