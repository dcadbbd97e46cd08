package com.ecsprovisioner.deployment;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.bootstrap.BootstrapEnvironment;
import com.ecsprovisioner.bootstrap.BootstrapRun;
import com.ecsprovisioner.bootstrap.BootstrapScripts;
import com.ecsprovisioner.bootstrap.BootstrapSettings;
import com.ecsprovisioner.bootstrap.DownloadSources;
import com.ecsprovisioner.bootstrap.HostKeyPin;
import com.ecsprovisioner.bootstrap.ProgressEvent;
import com.ecsprovisioner.bootstrap.SecretMasker;
import com.ecsprovisioner.bootstrap.SshConnections;
import com.ecsprovisioner.bootstrap.SshFailure;
import com.ecsprovisioner.bootstrap.SshTarget;
import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.bootstrap.StepDeclaration;
import com.ecsprovisioner.engine.Backoff;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.security.SecretBox;
import com.ecsprovisioner.server.Server;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link DeploymentJobs#BOOTSTRAP} step: the bootstrap scripts run detached on the server, driven one short call of
 * {@link BootstrapRun} per engine turn. Everything a later turn needs is on the job and the server, written back
 * with the turn's outcome: the attempt (its directory on the server), whether it was started, the log offset
 * copied so far, the pinned host key and the sealed MariaDB root password. So a crash of the product, a lost claim
 * or a dropped connection only repeats one call: a repeated start starts nothing twice, a repeated poll from the
 * stored offset neither loses nor repeats a line.
 * <p>
 * Transient SSH outcomes (not up yet, connection dropped) are looked at again within the step's deadline; a refused
 * login, a changed host key, a server error or a failed script stop the job at this step with the runner's
 * message. A retry of the job starts the next attempt: the scripts are idempotent and run again from the top.
 */
public final class BootstrapStep {

    /** Base directory of the attempts when logged in as root. */
    static final String ROOT_DIRECTORY = BootstrapRun.DEFAULT_DIRECTORY;
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BootstrapAccess access;
    private final BootstrapScripts scripts;
    private final SshTimeouts timeouts;
    private final Duration maxPoll;
    private final SshConnections connections;
    /** Read from the scripts at the first look. */
    private volatile List<StepDeclaration> declared;

    /**
     * @param maxPoll the wait between two looks at running scripts before their last step
     *                ({@code ecs.provisioning.poll.bootstrap}, {@link ProvisioningSettings#pollBootstrap()})
     * @param connections where the connection to a server is kept from one look to the next, or null for a new
     *                    connection per look
     */
    public BootstrapStep(BootstrapAccess access, BootstrapScripts scripts, SshTimeouts timeouts, Duration maxPoll,
                         SshConnections connections) {
        this.access = Objects.requireNonNull(access, "access");
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.maxPoll = Objects.requireNonNull(maxPoll, "maxPoll");
        this.connections = connections;
    }

    /** The bundled scripts, default SSH time-outs, the configured pace ({@code poll.bootstrap}) and kept connections. */
    public static BootstrapStep standard(BootstrapAccess access, ProvisioningSettings settings, SshConnections connections) {
        return new BootstrapStep(access, BootstrapScripts.load(), SshTimeouts.defaults(), settings.pollBootstrap(), connections);
    }

    /**
     * In the claiming transaction, before any upload: MariaDB's root password is made once per server and
     * committed sealed, so that every attempt (and every later look at the server) uses the same one.
     */
    void prepare(Job job, Server server, Instant now) {
        if (job.getCurrentStep().equals(DeploymentJobs.BOOTSTRAP) && server.getSealedDbRootPassword() == null) {
            server.recordDatabaseRootPassword(access.sealDatabasePassword(newPassword()), now);
        }
    }

    static String newPassword() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    /** The directory of the job's current attempt ({@link Job#getBootstrapRun()}), under the login user's home. */
    static String directory(String user, String run) {
        String base = "root".equals(user) ? ROOT_DIRECTORY : "/home/" + user + "/ecs-bootstrap";
        return base + "/" + Objects.requireNonNull(run, "the bootstrap step has not started");
    }

    /**
     * How much of the scripts ran: the running script step's place among the steps they declare (read from the
     * scripts themselves), so that the job's progress moves with them; empty before the first step started.
     */
    java.util.OptionalDouble shareDone(Job job) {
        String running = job.bootstrap().scriptStep();
        List<StepDeclaration> declared = declaredSteps();
        int at = running == null ? -1 : indexOf(declared, running);
        return at < 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of((double) at / declared.size());
    }

    /** Outside any transaction: one call to the server. {@code job} and {@code server} are only read. */
    Outcome execute(Job job, Server server, StepOutcomes outcomes, Instant now) {
        ProvisioningSettings settings = outcomes.settings();
        JobStep step = job.steps().current();
        BootstrapAccess.Login login;
        BootstrapSettings bootstrap;
        SshTarget target;
        try {
            if (server.getPublicIp() == null) {
                return failure("Server " + server.getName() + " has no address to connect to", "NoAddress");
            }
            login = access.loginFor(server);
            BootstrapAccess.Options options = access.optionsFor(server);
            String dbPassword = access.openDatabasePassword(server.getSealedDbRootPassword());
            bootstrap = new BootstrapSettings(options.phpVersion(), dbPassword, login.port(), BootstrapSettings.DEFAULT_SWAP_MB,
                    BootstrapSettings.DEFAULT_SWAP_BELOW_RAM_MB, DownloadSources.forRegion(server.getRegionId(), options.overrides()));
            target = new SshTarget(server.getPublicIp(), login.port(), login.user(), login.privateKey(), login.passphrase(),
                    server.getHostKey());
        } catch (IllegalArgumentException | SecretBox.SecretUnreadableException e) {
            // A key, option or address that cannot work: retrying will not help until a person changes it.
            return failure("The bootstrap cannot start: " + e.getMessage(), "BootstrapSetup");
        }
        List<String> secrets = new ArrayList<>(bootstrap.secrets());
        secrets.add(login.privateKey());
        secrets.add(login.passphrase());
        SecretMasker masker = new SecretMasker(secrets);
        String directory = directory(login.user(), job.bootstrap().run());
        BootstrapRun run = new BootstrapRun(target, directory, masker, timeouts, connections);

        BootstrapRun.Report report = job.bootstrap().isStarted()
                ? run.poll(job.bootstrap().offset())
                : run.start(scripts, BootstrapEnvironment.renderBytes(bootstrap));
        String pinned = server.getHostKey();

        if (report instanceof BootstrapRun.Running running) {
            Transcript transcript = Transcript.of(running.events(), job.bootstrap().scriptStep());
            boolean nearUsualEnd = nearUsualEnd(step.getStartedAt(), outcomes.usual(step.getName()), now);
            Duration pause = nextLook(transcript.scriptStep(), transcript.lastStarted(), nearUsualEnd, running.checkAgainIn(),
                    settings.pollBootstrapEnd());
            boolean starting = !job.bootstrap().isStarted();
            String sources = bootstrap.sources().presetName();
            return (j, s, t) -> {
                pin(s, running.hostKey(), pinned, j, t);
                if (starting) {
                    j.bootstrap().started(t);
                    j.log(t, JobLogEntry.Level.INFO, running.startedNow()
                            ? "Scripts uploaded to " + directory + " on " + target.address() + " and started (download sources: " + sources + ")"
                            : "The scripts already run in " + directory + ": following them");
                }
                transcript.appendTo(j, t);
                j.bootstrap().follow(running.offset(), transcript.scriptStep(), t);
                j.waitUntil(t.plus(pause), t);
            };
        }
        if (report instanceof BootstrapRun.Succeeded done) {
            Transcript transcript = Transcript.of(done.events(), job.bootstrap().scriptStep());
            return (j, s, t) -> {
                pin(s, done.hostKey(), pinned, j, t);
                transcript.appendTo(j, t);
                j.bootstrap().follow(done.offset(), null, t);
                s.markActive(done.versions(), t);
                j.steps().complete(t, "Bootstrap finished on " + target.address() + (done.versions().isEmpty() ? ""
                        : ": " + String.join(", ", done.versions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())),
                        ": server active");
            };
        }
        if (report instanceof BootstrapRun.Failed failed) {
            Transcript transcript = Transcript.of(failed.events(), job.bootstrap().scriptStep());
            String reason = failed.describe();
            String code = Job.clip("BootstrapStep." + failed.stepId() + ".Exit" + failed.exitCode(), 128);
            return (j, s, t) -> {
                pin(s, failed.hostKey(), pinned, j, t);
                transcript.appendTo(j, t);
                j.bootstrap().follow(failed.offset(), failed.stepId(), t);
                j.fail(DeploymentJobs.BOOTSTRAP, reason, code, null, t);
                s.fail("Bootstrap step '" + failed.stepId() + "' failed with exit code " + failed.exitCode(), t);
            };
        }
        if (report instanceof BootstrapRun.NotStarted notStarted) {
            return (j, s, t) -> {
                pin(s, notStarted.hostKey(), pinned, j, t);
                j.log(t, JobLogEntry.Level.WARN, "Nothing runs in " + directory + " on " + target.address()
                        + " any more (was the server reinstalled?): starting the scripts again");
                j.bootstrap().notStarted(t);
                j.waitUntil(t, t);
            };
        }
        if (report instanceof BootstrapRun.Unreachable unreachable) {
            // Each attempt at an unreachable server waits longer (from the end of the attempt, which a silent server
            // can make as long as the connect time-out), so that a server that never answers is not tried in a loop.
            Duration pause = Backoff.poll(step.getConsecutiveFailures() + 1, min(unreachable.retryIn(), settings.pollSsh()),
                    settings.pollMax());
            if (now.plus(pause).isAfter(step.getDeadline())) {
                return failure("The server did not answer SSH within the step's " + StepOutcomes.humanDuration(
                        settings.deadline(DeploymentJobs.BOOTSTRAP)) + ": " + unreachable.message(), "Timeout");
            }
            String error = "SSH: " + unreachable.message();
            if (error.equals(step.getLastError())) {
                // The same answer as last time (a server that is not up yet): noted on the step, not logged again,
                // so that a long wait does not fill the job's log.
                return (j, s, t) -> j.steps().retryQuietly(t.plus(pause), error, t);
            }
            return (j, s, t) -> j.retryLater(t.plus(pause), error, t);
        }
        BootstrapRun.Refused refused = (BootstrapRun.Refused) report;
        String message = refused.message();
        if (refused.kind() == SshFailure.Kind.HOST_KEY_CHANGED) {
            message += " To accept it: choose \"Accept the new host key and retry\" on this job's page, or \"Accept new host key\""
                    + " in the Servers list and then retry this job (either forgets the pinned key; the next connection pins the one"
                    + " the server shows).";
        }
        return failure(message, switch (refused.kind()) {
            case HOST_KEY_CHANGED -> "HostKeyChanged";
            case AUTHENTICATION_REFUSED -> "AuthenticationRefused";
            default -> "ServerError";
        });
    }

    /**
     * When to look at running scripts again. Every look is a turn of the job (claim, two or three commands on the
     * server, write-back), and the consumers' sessions that make them are shared by every deployment: looked at every
     * 2 s while output flowed (the runner's pace), 100 bootstraps at once asked for 50 looks a second, each then an SSH
     * connection of its own, more than four sessions made, and every deployment's steps queued behind them (the looks
     * now share one kept connection per server, {@link SshConnections}). So the scripts are looked at every
     * {@code maxPoll}, which keeps the job's log fresh enough to follow, except while their last step runs: a run that
     * succeeds ends then, and a look every {@code near} ({@code poll.bootstrap-end}) sees the end within about
     * half a second instead of within {@code maxPoll}. The same while the step is within {@code maxPoll} of the time a
     * bootstrap usually takes (learned from finished ones), before or after it: a last step shorter than
     * {@code maxPoll} may begin and end between two looks, and was then seen up to {@code maxPoll} late. For the same
     * reason the step before the last is looked at every {@code 2 × near}, and a look that finds it just ended (no
     * step running yet) comes again after {@code near}: as the scripts begin each step as soon as the last one ended,
     * the last one then cannot begin and end unseen unless it is shorter than that (a bootstrap whose length strayed from the usual by more than {@code maxPoll}, about one in
     * twenty of 100 at once against the sandbox, was otherwise seen up to 5 s late). A
     * script that fails in an earlier step is seen within {@code maxPoll} (5 s by default). A start that found the
     * scripts already running asks for a look at once.
     *
     * @param runningStep  the script step running after this look (null between steps, or before the first)
     * @param lastStarted  the last script step seen starting, running or not (null before the first)
     * @param nearUsualEnd whether the step is within {@code maxPoll} of its usual time ({@link #nearUsualEnd})
     * @param runnersPace  what the runner asked for (zero: look at once)
     * @param near         the interval while the end is near (zero: {@code maxPoll} throughout)
     */
    Duration nextLook(String runningStep, String lastStarted, boolean nearUsualEnd, Duration runnersPace, Duration near) {
        if (runnersPace.isZero()) {
            return Duration.ZERO;
        }
        if (near.isZero() || near.isNegative()) {
            return maxPoll;
        }
        List<StepDeclaration> declared = declaredSteps();
        int last = declared.size() - 1;
        int running = runningStep == null ? -1 : indexOf(declared, runningStep);
        int started = lastStarted == null ? -1 : indexOf(declared, lastStarted);
        boolean lastRunsOrComes = running >= 0 ? running == last : started >= 0 && started >= last - 1;
        if (nearUsualEnd || lastRunsOrComes) {
            return min(near, maxPoll);
        }
        if (running >= 0 && running == last - 1) {
            return min(near.multipliedBy(2), maxPoll);
        }
        return maxPoll;
    }

    /** The steps the scripts declare, read from them once (they never change for a step object). */
    private List<StepDeclaration> declaredSteps() {
        List<StepDeclaration> known = declared;
        if (known == null) {
            known = List.copyOf(scripts.steps());
            declared = known;
        }
        return known;
    }

    private static int indexOf(List<StepDeclaration> declared, String id) {
        for (int i = 0; i < declared.size(); i++) {
            if (declared.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the bootstrap step, begun at {@code started}, is within {@code maxPoll} of its usual time, before or
     * after: not beyond, so that bootstraps that overrun (half of them run longer than the median) are not looked at
     * every second for as long as they run.
     */
    boolean nearUsualEnd(Instant started, java.util.Optional<Duration> usual, Instant now) {
        if (usual.isEmpty() || started == null) {
            return false;
        }
        Instant end = started.plus(usual.get());
        return !end.minus(maxPoll).isAfter(now) && !now.isAfter(end.plus(maxPoll));
    }

    private static void pin(Server server, HostKeyPin seen, String pinnedBefore, Job job, Instant now) {
        if (seen != null && pinnedBefore == null && server.getHostKey() == null) {
            server.pinHostKey(seen.line(), now);
            job.log(now, JobLogEntry.Level.INFO, "Host key pinned on first contact: " + seen.type() + " " + seen.fingerprint());
        }
    }

    private static Outcome failure(String reason, String code) {
        return (j, s, t) -> {
            j.fail(DeploymentJobs.BOOTSTRAP, reason, code, null, t);
            s.fail(DeploymentJobs.BOOTSTRAP.label() + " failed: " + reason, t);
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * The script's progress as lines of the job's log, each marked with the script step it belongs to (the step
     * that was running, carried over from the previous poll), secrets already masked by the runner; with the step
     * running after them and the last one seen starting (which, between steps, has just ended).
     */
    record Transcript(List<Line> lines, String scriptStep, String lastStarted) {

        record Line(JobLogEntry.Level level, String text) {
        }

        static Transcript of(List<ProgressEvent> events, String runningStep) {
            List<Line> lines = new ArrayList<>();
            String current = runningStep;
            String lastStarted = runningStep;
            for (ProgressEvent event : events) {
                if (event instanceof ProgressEvent.StepStarted started) {
                    current = started.stepId();
                    lastStarted = current;
                    lines.add(new Line(JobLogEntry.Level.INFO, "[" + current + "] started: " + started.title()));
                } else if (event instanceof ProgressEvent.StepSucceeded ok) {
                    lines.add(new Line(JobLogEntry.Level.INFO, "[" + ok.stepId() + "] done in " + ok.elapsedSeconds() + " s"));
                    current = null;
                } else if (event instanceof ProgressEvent.StepFailed failed) {
                    lines.add(new Line(JobLogEntry.Level.ERROR, "[" + failed.stepId() + "] failed with exit code "
                            + failed.exitCode() + (failed.message().isBlank() ? "" : ": " + failed.message())));
                } else if (event instanceof ProgressEvent.ComponentVersion v) {
                    lines.add(new Line(JobLogEntry.Level.INFO, "Installed: " + v.component() + " " + v.version()));
                } else if (event instanceof ProgressEvent.ResultSucceeded) {
                    lines.add(new Line(JobLogEntry.Level.INFO, "The bootstrap script finished successfully"));
                } else if (event instanceof ProgressEvent.ResultFailed failed) {
                    lines.add(new Line(JobLogEntry.Level.ERROR, "The bootstrap script stopped at step '" + failed.stepId()
                            + "' with exit code " + failed.exitCode()));
                } else if (event instanceof ProgressEvent.Output output) {
                    lines.add(new Line(JobLogEntry.Level.INFO, "[" + (current == null ? "bootstrap" : current) + "] " + output.line()));
                }
            }
            return new Transcript(List.copyOf(lines), current, lastStarted);
        }

        void appendTo(Job job, Instant now) {
            lines.forEach(l -> job.log(now, l.level(), l.text()));
        }
    }
}
