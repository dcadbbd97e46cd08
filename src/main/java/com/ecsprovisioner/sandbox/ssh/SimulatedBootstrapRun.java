package com.ecsprovisioner.sandbox.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * One detached bootstrap run on a simulated machine, planned in full when it starts: every log line has the moment
 * it appears, so the log and the status at any instant are derived from the clock. No thread runs it, which is why
 * it goes on after the SSH session that started it is dropped, and why a lost run (the instance stopped or rebooted)
 * is simply frozen at the moment it was lost.
 * <p>
 * States: running until its planned end, then finished with its exit code; or lost while running, after which it
 * reports what it reported at that moment (running, with the log up to then) and never finishes.
 */
final class SimulatedBootstrapRun {

    /** A declared step: {@code ecs_step <id> "<title>"}. */
    record Step(String id, String title) {
    }

    private record Line(long atMillis, String text) {
    }

    private final Instant startedAt;
    private final List<Line> lines;
    private final long endMillis;
    private final int exitCode;
    private volatile Long lostAtMillis;

    private SimulatedBootstrapRun(Instant startedAt, List<Line> lines, long endMillis, int exitCode) {
        this.startedAt = startedAt;
        this.lines = List.copyOf(lines);
        this.endMillis = endMillis;
        this.exitCode = exitCode;
    }

    /**
     * Plans a run of the given steps: for each, the start marker, realistic output spread over its duration and the
     * ok marker; then the installed versions and the result. The first step with an injected failure prints error
     * output and the fail markers instead, and the run ends there with that exit code.
     */
    static SimulatedBootstrapRun plan(Instant startedAt, List<Step> steps, OsProfile os,
                             Function<String, Optional<InjectedFailure>> failureForStep,
                             double durationScale, Random random) {
        return plan(startedAt, steps, os, os.phpBranch(), failureForStep, Optional.empty(), durationScale, random);
    }

    /**
     * As above, installing PHP {@code php} (the branch the run's {@code bootstrap.env} asks for, or the OS's), with the
     * {@code wp-cli} step's output and outcome taken from the simulated download when there is one (the run's
     * {@code bootstrap.env} decides it, as on a real server); an injected failure still wins.
     */
    static SimulatedBootstrapRun plan(Instant startedAt, List<Step> steps, OsProfile os, String php,
                             Function<String, Optional<InjectedFailure>> failureForStep,
                             Optional<SimulatedWpCliDownload.Outcome> wpCli, double durationScale, Random random) {
        List<Line> lines = new ArrayList<>();
        long at = 0;
        for (Step step : steps) {
            StepKind kind = StepKind.of(step.id(), step.title());
            long duration = Math.round(kind.seconds(random) * 1000 * durationScale);
            lines.add(new Line(at, "@@ecs step " + step.id() + " start " + step.title()));
            Optional<InjectedFailure> failure = failureForStep.apply(step.id());
            List<String> output = new ArrayList<>(kind.output(os, php, random));
            if (step.id().equals("wp-cli") && wpCli.isPresent() && failure.isEmpty()) {
                for (int i = 0; i < wpCli.get().output().size(); i++) {
                    lines.add(new Line(at + duration * (i + 1) / (wpCli.get().output().size() + 1), wpCli.get().output().get(i)));
                }
                at += duration;
                if (wpCli.get().failed()) {
                    int code = wpCli.get().exitCode();
                    lines.add(new Line(at, "@@ecs step " + step.id() + " fail " + code + " " + wpCli.get().failureMessage()));
                    lines.add(new Line(at, "@@ecs result fail " + step.id() + " " + code));
                    return new SimulatedBootstrapRun(startedAt, lines, at, code);
                }
                lines.add(new Line(at, "@@ecs step " + step.id() + " ok " + Math.round(duration / 1000.0)));
                continue;
            }
            if (failure.isPresent()) {
                // A failing step gets about half way through its work before it breaks.
                output = new ArrayList<>(output.subList(0, Math.max(0, output.size() / 2)));
                output.addAll(kind.failureOutput(os, failure.get().exitCode()));
                duration = duration / 2;
            }
            for (int i = 0; i < output.size(); i++) {
                lines.add(new Line(at + duration * (i + 1) / (output.size() + 1), output.get(i)));
            }
            at += duration;
            if (failure.isPresent()) {
                int code = failure.get().exitCode();
                lines.add(new Line(at, "@@ecs step " + step.id() + " fail " + code + " " + step.title()
                        + " failed with exit code " + code));
                lines.add(new Line(at, "@@ecs result fail " + step.id() + " " + code));
                return new SimulatedBootstrapRun(startedAt, lines, at, code);
            }
            lines.add(new Line(at, "@@ecs step " + step.id() + " ok " + Math.round(duration / 1000.0)));
        }
        for (Map.Entry<String, String> version : os.componentVersions(php).entrySet()) {
            lines.add(new Line(at, "@@ecs version " + version.getKey() + " " + version.getValue()));
        }
        lines.add(new Line(at, "@@ecs result ok"));
        return new SimulatedBootstrapRun(startedAt, lines, at, 0);
    }

    private long elapsedMillis(Instant now) {
        long elapsed = Math.max(0, Duration.between(startedAt, now).toMillis());
        Long lost = lostAtMillis;
        return lost == null ? elapsed : Math.min(elapsed, lost);
    }

    boolean isFinished(Instant now) {
        return lostAtMillis == null && elapsedMillis(now) >= endMillis;
    }

    /** Still running (and so able to be lost) at this moment. */
    boolean isRunning(Instant now) {
        return lostAtMillis == null && elapsedMillis(now) < endMillis;
    }

    boolean isLost() {
        return lostAtMillis != null;
    }

    int exitCode() {
        return exitCode;
    }

    /** The agent's status line: {@code running} or {@code finished <exitCode>}. */
    String status(Instant now) {
        return isFinished(now) ? "finished " + exitCode : "running";
    }

    /** The whole log as far as it has been written at this moment. */
    byte[] log(Instant now) {
        long elapsed = elapsedMillis(now);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Line line : lines) {
            if (line.atMillis() > elapsed) {
                break;
            }
            out.writeBytes((line.text() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The instance went down under the run: what it had written stays, the rest never happens. */
    synchronized void lose(Instant now) {
        if (isRunning(now)) {
            lostAtMillis = Math.max(0, Duration.between(startedAt, now).toMillis());
        }
    }

    Duration plannedDuration() {
        return Duration.ofMillis(endMillis);
    }
}
