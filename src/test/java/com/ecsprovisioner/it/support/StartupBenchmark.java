package com.ecsprovisioner.it.support;

import com.ecsprovisioner.testsupport.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints how long the product takes from launch to its first answer (its own readiness check UP), the CPU time it
 * used to get there (which a busy machine hardly changes, unlike the wall time) and its peak resident memory, side by
 * side with a bare Payara Micro serving one static page, alternating the two in one run so that both meet the same
 * machine (this one is shared, and its speed varies by the hour). Each product start gets a new data folder, as the
 * Quick start's first start does (schema, admin, broker journal); {@code -Ddata=existing} keeps one folder after the
 * first start. Run with {@code mvn -Pbench-startup package -Druns=N} (README, Performance).
 */
public final class StartupBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("runs", "3"));
        boolean existing = "existing".equals(System.getProperty("data", "new"));
        Path build = Path.of(System.getProperty("build.directory", "target"));
        Path data = build.resolve("bench-startup-data");
        Path bare = build.resolve("bench-startup-bare");
        Folders.deleteRecursively(data);
        Folders.deleteRecursively(bare);
        // The machine is shared: how busy it was says how far the wall times can be trusted.
        String loadAverage = loadAverage();
        List<double[]> product = new ArrayList<>();
        List<double[]> yardstick = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            // Alternate which goes first, so that neither always meets a machine the other has just warmed.
            if (run % 2 == 1) {
                product.add(product(data, run, existing));
                yardstick.add(bare(bare, run));
            } else {
                yardstick.add(bare(bare, run));
                product.add(product(data, run, existing));
            }
        }
        System.out.println("StartupBenchmark on " + Runtime.getRuntime().availableProcessors() + " cores, " + runs
                + " alternating pairs, product with " + (existing ? "an existing" : "a new") + " data folder, load average "
                + loadAverage + " at the start and " + loadAverage() + " at the end:");
        double[] p = median(product);
        double[] b = median(yardstick);
        System.out.printf("  median first answer: product %.1f s, bare Payara Micro %.1f s, ratio %.2f%n", p[0], b[0], p[0] / b[0]);
        System.out.printf("  median CPU to first answer: product %.1f s, bare Payara Micro %.1f s, ratio %.2f%n", p[2], b[2], p[2] / b[2]);
        System.out.printf("  median peak RSS:     product %.0f MiB, bare Payara Micro %.0f MiB, ratio %.2f%n", p[1], b[1], p[1] / b[1]);
    }

    private static double[] product(Path data, int run, boolean existing) throws Exception {
        if (!existing) {
            Folders.deleteRecursively(data);
        }
        try (AppProcess app = AppProcess.start(data, FreePort.next(), FreePort.next(),
                Map.of("ecs.admin.password", "benchmark-password"))) {
            Duration ready = app.awaitReady(Duration.ofMinutes(4));
            double cpu = app.cpuSeconds();
            // Log in once so that the console's first page is part of the memory figure, as a person would see it.
            new ConsoleClient(app.base()).login("admin", "benchmark-password");
            Thread.sleep(2_000);
            double[] figures = {ready.toMillis() / 1000.0, app.peakRssMiB(), cpu};
            // Which layout the launcher deployed: a figure of the full WAR must not pass for the Quick start's.
            String layout = app.logText().contains("ECS Provisioner: deploying ecs-provisioner-thin.war") ? "thin WAR" : "FULL WAR";
            System.out.printf("run %d product (%s): first answer in %.1f s (%.1f s of CPU), peak RSS %.0f MiB (%s)%n", run,
                    layout, figures[0], figures[2], figures[1],
                    StartupPhases.describe(StartupPhases.read(app.logText())));
            return figures;
        }
    }

    private static double[] bare(Path folder, int run) throws Exception {
        try (BarePayara payara = BarePayara.start(folder, FreePort.next())) {
            Duration answered = payara.awaitFirstAnswer(Duration.ofMinutes(4));
            double cpu = payara.cpuSeconds();
            Thread.sleep(2_000);
            double[] figures = {answered.toMillis() / 1000.0, payara.peakRssMiB(), cpu};
            System.out.printf("run %d bare Payara Micro: first answer in %.1f s (%.1f s of CPU), peak RSS %.0f MiB%n", run,
                    figures[0], figures[2], figures[1]);
            return figures;
        }
    }

    /** The 1-minute load average (Linux), or "unknown". */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The median of each column. */
    private static double[] median(List<double[]> rows) {
        double[] result = new double[rows.get(0).length];
        for (int column = 0; column < result.length; column++) {
            final int c = column;
            double[] values = rows.stream().mapToDouble(r -> r[c]).sorted().toArray();
            result[column] = values.length % 2 == 1 ? values[values.length / 2]
                    : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        }
        return result;
    }
}
