package com.ecsprovisioner.bootstrap;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The bootstrap of one server over SSH, driven by the provisioning engine one short call at a time: {@link #start}
 * uploads the scripts and starts them detached, {@link #poll} reads what the log gained since the offset the
 * caller stored and says what to do next. Every call takes an SSH connection (its own, or one kept open since the
 * last call to the same server by {@link SshConnections}), does a few bounded commands and lets it go; nothing
 * waits here for the server, and nothing the run depends on is remembered between calls but what the caller
 * stores: the log offset and the pinned host key. That is what makes a dropped connection or a crash of the
 * product harmless: the run goes on on the server, and the next call with the stored offset carries on where the
 * last one stopped, without losing or repeating a line.
 * <p>
 * A retry after a failure is a new attempt in its own directory ({@link #attemptDirectory}): the scripts are
 * idempotent, so running them again from the first step finishes the job, and each attempt keeps its own log.
 * Everything handed out has the job's secrets masked. Not thread-safe; cheap to make for every call.
 */
public final class BootstrapRun {

    private static final Logger LOG = Logger.getLogger(BootstrapRun.class.getName());

    /** Where the scripts go on an ECS instance (logged in as root). */
    public static final String DEFAULT_DIRECTORY = "/root/ecs-bootstrap";
    /** How many lines of output a failure report carries. */
    public static final int LAST_LINES = 20;
    /** Mode of every uploaded file: the environment file holds secrets, the scripts need no execute bit ({@code bash FILE}). */
    public static final int FILE_MODE = 0600;

    static final Duration CHECK_SOON = Duration.ofSeconds(2);
    static final Duration CHECK_LATER = Duration.ofSeconds(5);
    static final Duration RECONNECT_AFTER = Duration.ofSeconds(5);

    private static final Pattern DIRECTORY = Pattern.compile("/[A-Za-z0-9._/-]*");
    /** bash's exit code for "No such file": the agent script is not there, so nothing was started in that directory. */
    private static final int COMMAND_NOT_FOUND = 127;
    private static final String ROOT = "root";

    private final SshTarget target;
    private final String directory;
    private final SecretMasker masker;
    private final SshTimeouts timeouts;
    private final SshConnections connections;

    /** A run whose every call opens a connection of its own and closes it. */
    public BootstrapRun(SshTarget target, String directory, SecretMasker masker, SshTimeouts timeouts) {
        this(target, directory, masker, timeouts, null);
    }

    /**
     * @param target      the server (an ECS instance or a custom server), with its pinned host key once known
     * @param directory   the absolute directory on the server for this attempt's scripts, log and markers
     * @param masker      the job's secrets (database passwords, keys), masked in everything handed out
     * @param connections where connections are kept between calls while the run goes on, or null for a new
     *                    connection per call
     */
    public BootstrapRun(SshTarget target, String directory, SecretMasker masker, SshTimeouts timeouts,
                        SshConnections connections) {
        if (target == null) {
            throw new IllegalArgumentException("an SSH target is required");
        }
        if (directory == null || !DIRECTORY.matcher(directory).matches() || directory.contains("/../")
                || directory.endsWith("/..") || directory.length() < 2) {
            throw new IllegalArgumentException("'" + directory + "' is not a usable directory on the server: it must be"
                    + " absolute and made of letters, digits, '.', '_', '-' and '/', e.g. " + DEFAULT_DIRECTORY);
        }
        if (masker == null || timeouts == null) {
            throw new IllegalArgumentException("a secret masker and SSH time-outs are required");
        }
        this.target = target;
        this.directory = directory.length() > 1 && directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
        this.masker = masker;
        this.timeouts = timeouts;
        this.connections = connections;
    }

    /** The directory of attempt n (1, 2, ...) under a base directory, e.g. {@code /root/ecs-bootstrap/attempt-2}. */
    public static String attemptDirectory(String base, int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are counted from 1, got " + attempt);
        }
        return (base.endsWith("/") ? base : base + "/") + "attempt-" + attempt;
    }

    public String directory() {
        return directory;
    }

    // ---- what the engine gets back -------------------------------------------------------------------------------

    /** The outcome of one call, and with it what to do next. */
    public sealed interface Report {
    }

    /** The server could not be reached or the connection dropped: transient, call the same method again after {@code retryIn}. */
    public record Unreachable(SshFailure.Kind kind, String message, Duration retryIn) implements Report {
    }

    /** The server refused (login, host key) or failed a command: permanent, stop the job at this step with the message. */
    public record Refused(SshFailure.Kind kind, String message) implements Report {
    }

    /** From {@link #poll}: nothing was started in the directory (a new server, or a crash before the start): call {@link #start}. */
    public record NotStarted(HostKeyPin hostKey) implements Report {
    }

    /**
     * The script runs. Store {@code offset} and call {@link #poll} after {@code checkAgainIn}.
     *
     * @param hostKey    the server's host key: pin it if the target had none
     * @param startedNow true when this call started it (false: it was already running, e.g. a repeated start)
     * @param events     the new log lines, masked and typed, in order
     */
    public record Running(HostKeyPin hostKey, boolean startedNow, long offset, List<ProgressEvent> events,
                          Duration checkAgainIn) implements Report {
        public Running {
            events = List.copyOf(events);
        }
    }

    /** The script ended with {@code @@ecs result ok} and exit code 0; {@code versions} are what the health check found. */
    public record Succeeded(HostKeyPin hostKey, long offset, List<ProgressEvent> events, Map<String, String> versions)
            implements Report {
        public Succeeded {
            events = List.copyOf(events);
            versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        }
    }

    /**
     * The script ended in failure. Retry = {@link #start} in the next {@link #attemptDirectory}.
     *
     * @param stepId    the step that failed (or was running when the script ended), {@code unknown} if none had started
     * @param exitCode  the script's exit code (255: the runner vanished, e.g. the server restarted)
     * @param message   the step's own failure message, masked
     * @param lastLines the last {@value #LAST_LINES} lines of output, masked, oldest first
     */
    public record Failed(HostKeyPin hostKey, long offset, List<ProgressEvent> events, String stepId, int exitCode,
                         String message, List<String> lastLines) implements Report {
        public Failed {
            events = List.copyOf(events);
            lastLines = List.copyOf(lastLines);
        }

        /** One paragraph for the job's error: which step, how, and the last lines. */
        public String describe() {
            StringBuilder text = new StringBuilder("Bootstrap step '").append(stepId).append("' failed with exit code ")
                    .append(exitCode);
            if (!message.isBlank()) {
                text.append(": ").append(message);
            }
            if (!lastLines.isEmpty()) {
                text.append("\nLast lines of output:\n").append(String.join("\n", lastLines));
            }
            return text.toString();
        }
    }

    // ---- calls ---------------------------------------------------------------------------------------------------

    /**
     * Uploads the scripts and {@code bootstrap.env} (mode 600, in a directory of mode 700) and starts {@code main.sh}
     * detached. Safe to call again after a crash or a dropped connection: if the directory already has a run
     * (running or finished), nothing is uploaded (a running script's files must not change under it) and the answer
     * is {@link Running} with {@code startedNow == false}; {@link #poll} then reports how it went.
     * <p>
     * The report's offset is 0: a caller that has already stored a larger one (it polled before) keeps it.
     *
     * @param bootstrapEnv the rendered environment ({@link BootstrapEnvironment#renderBytes}); it holds secrets
     */
    public Report start(BootstrapScripts scripts, byte[] bootstrapEnv) {
        if (scripts == null || bootstrapEnv == null) {
            throw new IllegalArgumentException("the scripts and the rendered bootstrap.env are required");
        }
        return call(ssh -> startOn(ssh, scripts, bootstrapEnv));
    }

    private Report startOn(SshConnection ssh, BootstrapScripts scripts, byte[] bootstrapEnv) throws SshFailure {
        BootstrapAgent.State state = status(ssh);
        if (!(state instanceof BootstrapAgent.State.NotStarted)) {
            return new Running(ssh.hostKey(), false, 0, List.of(), Duration.ZERO);
        }
        String quoted = ShellQuoting.quote(directory);
        SshConnection.Result made = ssh.exec("mkdir -p " + quoted + " && chmod 700 " + quoted);
        if (made.exitCode() != 0) {
            ssh.doNotKeep();
            return refused("Creating " + directory + " on " + target.address(), made);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        // Upload order does not matter: until "start" has answered, status says not-started and a repeated
        // start uploads everything again.
        files.put(BootstrapEnvironment.FILE_NAME, bootstrapEnv);
        scripts.files().forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
        ssh.upload(directory, files, FILE_MODE);
        SshConnection.Result started = ssh.exec(asRoot(BootstrapAgent.startCommand(directory)));
        if (started.exitCode() != 0) {
            ssh.doNotKeep();
            return refused("Starting the bootstrap on " + target.address(), started);
        }
        BootstrapAgent.State now = BootstrapAgent.parseReply(started.stdoutText());
        LOG.info(() -> "Bootstrap of " + target + " in " + directory + ": " + started.stdoutText().strip());
        boolean startedNow = now instanceof BootstrapAgent.State.Running running && running.startedNow();
        return new Running(ssh.hostKey(), startedNow, 0, List.of(), startedNow ? CHECK_SOON : Duration.ZERO);
    }

    /**
     * Reads the log from {@code offset} (0 at first, then the offset of the last report) and reports the run's state.
     * Resuming after a dropped connection or a restart is this same call with the stored offset.
     */
    public Report poll(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("the log offset must not be negative, got " + offset);
        }
        return call(ssh -> pollOn(ssh, offset));
    }

    private Report pollOn(SshConnection ssh, long offset) throws SshFailure {
        // Status before log: once "finished" is seen, the log read after it is complete.
        BootstrapAgent.State state = status(ssh);
        if (state instanceof BootstrapAgent.State.NotStarted) {
            return new NotStarted(ssh.hostKey());
        }
        if (state instanceof BootstrapAgent.State.Running) {
            LogFollower follower = new LogFollower(masker, offset);
            List<ProgressEvent> events = follower.accept(readLog(ssh, offset));
            return new Running(ssh.hostKey(), false, follower.committedOffset(), events,
                    events.isEmpty() ? CHECK_LATER : CHECK_SOON);
        }
        // The run is over: nothing more to look at on this server for now.
        ssh.doNotKeep();
        int exitCode = ((BootstrapAgent.State.Finished) state).exitCode();
        // The verdict needs the whole log (markers and last lines may have come in earlier polls), and the
        // caller needs what came after its offset: one read from the start serves both. Every command is a
        // round trip, and the longer a look, the likelier a poor connection cuts it off; a finished run's look
        // must not be the longest of all, or a connection that drops now and then never lets it through.
        byte[] log = readLog(ssh, 0);
        LogFollower follower = new LogFollower(masker, offset);
        int from = (int) Math.min(offset, log.length);
        List<ProgressEvent> events = new ArrayList<>(follower.accept(log, from, log.length - from));
        events.addAll(follower.finish());
        LogFollower whole = follower;
        List<ProgressEvent> all = events;
        if (offset > 0) {
            whole = new LogFollower(masker, 0);
            all = new ArrayList<>(whole.accept(log));
            all.addAll(whole.finish());
        }
        Report verdict = verdict(ssh.hostKey(), follower.committedOffset(), events, all, whole.recentOutput(), exitCode);
        if (verdict instanceof Succeeded done) {
            LOG.info(() -> "Bootstrap of " + target + " succeeded: " + done.versions());
        } else if (verdict instanceof Failed failed) {
            LOG.warning(() -> "Bootstrap of " + target + " failed at step " + failed.stepId() + " with exit code " + exitCode);
        }
        return verdict;
    }

    // ---- details -------------------------------------------------------------------------------------------------

    private interface Work {
        Report on(SshConnection ssh) throws SshFailure;
    }

    /** One call, with what went wrong on the way turned into its report. */
    private Report call(Work work) {
        try {
            return connected(work);
        } catch (SshFailure failure) {
            return outcome(failure);
        } catch (IllegalArgumentException brokenContract) {
            return new Refused(SshFailure.Kind.SERVER_ERROR, "The server at " + target.address()
                    + " answered the bootstrap agent unexpectedly: " + masker.mask(brokenContract.getMessage()));
        }
    }

    /**
     * Runs one call's commands on a connection. A kept connection may have gone down since its last use without
     * anything noticing (the server restarted, a middlebox forgot it): a call whose kept connection fails before its
     * first answer is made once more on a new connection, so that it costs a new connection, not a wait for the next
     * call ({@link SshConnection#wentStale()}). That is safe because both calls begin with the agent's status, which
     * only reads: whether the first command reached the server or not, nothing was changed by it ({@link #start}
     * must keep asking for the status before it uploads). A connection on which anything failed is not kept.
     */
    private Report connected(Work work) throws SshFailure {
        SshConnection first = connect();
        try {
            return attempt(first, work);
        } catch (SshFailure failure) {
            if (failure.kind() != SshFailure.Kind.CONNECTION_LOST || !first.wentStale()) {
                throw failure;
            }
            LOG.fine(() -> "Bootstrap of " + target + ": a kept connection had gone down (" + failure.getMessage() + "), connecting again");
        }
        return attempt(connect(), work);
    }

    private static Report attempt(SshConnection ssh, Work work) throws SshFailure {
        try {
            return work.on(ssh);
        } catch (SshFailure | RuntimeException e) {
            ssh.doNotKeep();
            throw e;
        } finally {
            ssh.close();
        }
    }

    private SshConnection connect() throws SshFailure {
        return connections == null ? SshConnection.open(target, timeouts) : connections.open(target, timeouts);
    }

    private BootstrapAgent.State status(SshConnection ssh) throws SshFailure {
        SshConnection.Result result = ssh.exec(asRoot(BootstrapAgent.statusCommand(directory)));
        if (result.exitCode() == COMMAND_NOT_FOUND) {
            return new BootstrapAgent.State.NotStarted();
        }
        if (result.exitCode() != 0) {
            throw serverError("Asking the bootstrap agent on " + target.address() + " for its status", result);
        }
        return BootstrapAgent.parseReply(result.stdoutText());
    }

    /**
     * The scripts install packages and change system files, so they run as root. A custom server may only allow
     * another user to log in: then the agent runs through {@code sudo -n}, which fails at once with a message
     * ("a password is required") instead of waiting for a password nobody will type.
     */
    String asRoot(String command) {
        return ROOT.equals(target.user()) ? command : "sudo -n " + command;
    }

    private byte[] readLog(SshConnection ssh, long offset) throws SshFailure {
        SshConnection.Result result = ssh.exec(asRoot(BootstrapAgent.logCommand(directory, offset)));
        if (result.exitCode() != 0) {
            throw serverError("Reading the bootstrap log on " + target.address(), result);
        }
        return result.stdout();
    }

    /**
     * How a finished run went, from its exit code and the whole log's events: success needs both exit code 0 and
     * the {@code result ok} marker, so that a script cut short never passes for a finished one.
     *
     * @param events the events to hand out with the report (those after the caller's offset)
     * @param all    the events of the whole log
     * @param recent the last lines of plain output of the whole log
     */
    static Report verdict(HostKeyPin hostKey, long offset, List<ProgressEvent> events, List<ProgressEvent> all,
                           List<String> recent, int exitCode) {
        Map<String, String> versions = new LinkedHashMap<>();
        boolean resultOk = false;
        String failedStep = null;
        String failMessage = "";
        String runningStep = null;
        for (ProgressEvent event : all) {
            if (event instanceof ProgressEvent.ComponentVersion v) {
                versions.put(v.component(), v.version());
            } else if (event instanceof ProgressEvent.ResultSucceeded) {
                resultOk = true;
            } else if (event instanceof ProgressEvent.ResultFailed f) {
                failedStep = f.stepId();
            } else if (event instanceof ProgressEvent.StepFailed f) {
                failedStep = f.stepId();
                failMessage = f.message();
            } else if (event instanceof ProgressEvent.StepStarted started) {
                runningStep = started.stepId();
            } else if (event instanceof ProgressEvent.StepSucceeded) {
                runningStep = null;
            }
        }
        if (exitCode == 0 && resultOk) {
            return new Succeeded(hostKey, offset, events, versions);
        }
        String step = failedStep != null ? failedStep : runningStep != null ? runningStep : "unknown";
        String message = failMessage;
        if (message.isBlank()) {
            message = exitCode == 255 ? "the bootstrap runner stopped without an exit code (killed, or the server restarted)"
                    : exitCode == 0 ? "the script ended without reporting its result" : "";
        }
        List<String> last = recent.subList(Math.max(0, recent.size() - LAST_LINES), recent.size());
        return new Failed(hostKey, offset, events, step, exitCode, message, last);
    }

    private Report outcome(SshFailure failure) {
        String message = masker.mask(failure.getMessage());
        if (failure.isTransient()) {
            LOG.fine(() -> "Bootstrap of " + target + ": " + message);
            return new Unreachable(failure.kind(), message, RECONNECT_AFTER);
        }
        LOG.warning(() -> "Bootstrap of " + target + " refused: " + message);
        return new Refused(failure.kind(), message);
    }

    private Refused refused(String doing, SshConnection.Result result) {
        SshFailure failure = serverError(doing, result);
        LOG.warning(() -> "Bootstrap of " + target + ": " + failure.getMessage());
        return new Refused(failure.kind(), failure.getMessage());
    }

    private SshFailure serverError(String doing, SshConnection.Result result) {
        if (!ROOT.equals(target.user()) && result.stderr().startsWith("sudo:")) {
            return new SshFailure(SshFailure.Kind.SERVER_ERROR, doing + " failed: user '" + target.user()
                    + "' cannot run the bootstrap as root. Allow it passwordless sudo on the server, or register the"
                    + " server with user root. (" + masker.mask(result.stderr().strip().lines().findFirst().orElse("")) + ")");
        }
        String err = result.stderr().isBlank() ? result.stdoutText() : result.stderr();
        StringBuilder masked = new StringBuilder();
        for (String line : err.strip().split("\r?\n")) {
            if (!masked.isEmpty()) {
                masked.append(" / ");
            }
            masked.append(masker.mask(line));
        }
        return new SshFailure(SshFailure.Kind.SERVER_ERROR, doing + " failed with exit code " + result.exitCode()
                + (masked.isEmpty() ? "" : ": " + masked));
    }
}
