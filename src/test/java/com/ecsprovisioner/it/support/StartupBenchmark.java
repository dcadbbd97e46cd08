package com.ecsprovisioner.it.support;

import com.ecsprovisioner.testsupport.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints how long the product takes from launch to ready (database and broker answering) and its peak resident
 * memory, over a few runs on a fresh data folder and on one that already exists. Run with
 * {@code mvn -Pbench-startup package} (see the README's Performance section).
 */
public final class StartupBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("runs", "3"));
        Path data = Path.of(System.getProperty("build.directory", "target"), "bench-startup-data");
        List<String> rows = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            boolean fresh = run == 1;
            if (fresh) {
                Folders.deleteRecursively(data);
            }
            try (AppProcess app = AppProcess.start(data, FreePort.next(), FreePort.next(),
                    Map.of("ecs.admin.password", "benchmark-password"))) {
                Duration ready = app.awaitReady(Duration.ofMinutes(4));
                // Log in once so that the console's first page is part of the figure, as a person would see it.
                new ConsoleClient(app.base()).login("admin", "benchmark-password");
                Thread.sleep(2_000);
                rows.add(String.format("run %d (%s data folder): ready in %.1f s, peak RSS %d MiB (%s)", run,
                        fresh ? "new" : "existing", ready.toMillis() / 1000.0, app.peakRssMiB(),
                        StartupPhases.describe(StartupPhases.read(app.logText()))));
                System.out.println(rows.get(rows.size() - 1));
            }
        }
        System.out.println("StartupBenchmark on " + Runtime.getRuntime().availableProcessors() + " cores:");
        rows.forEach(row -> System.out.println("  " + row));
    }
}
