package com.ecsprovisioner.sandbox;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox cloud (API and SSH hosts) on its own, without the application: {@code mvn -Psandbox -q compile exec:java}
 * (or {@code java -cp target/classes com.ecsprovisioner.sandbox.SandboxMain}). Settings are the keys documented on
 * {@link SandboxConfig}, as system properties ({@code -Decs.sandbox.port=8089}) or environment variables
 * ({@code ECS_SANDBOX_PORT=8089}); system properties win. Prints the endpoint, the access keys it accepts and the
 * admin token, then runs until killed.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SandboxSystem sandbox;
        try {
            sandbox = SandboxSystem.start(SandboxMain::setting, null);
        } catch (IllegalArgumentException e) {
            System.err.println("Sandbox configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        System.out.print(sandbox.describe());
        System.out.println("  Point the SDK at it: DefaultProfile.addEndpoint(region, \"Ecs\", \"" + sandbox.api().endpoint()
                + "\") and \"Vpc\"");
        System.out.flush();
        stopped.await();
    }

    /** System property first, then the environment variable spelling (ECS_SANDBOX_PORT). */
    private static String setting(String key) {
        String env = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        return System.getProperty(key, env);
    }
}
