package com.ecsprovisioner.bootstrap;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import com.jcraft.jsch.UserInfo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * One SSH session to a {@link SshTarget} (JSch), for the few things the bootstrap needs: run a command and
 * collect its output and exit status, and upload files over SFTP with a given mode. Opened for one engine call
 * and closed at its end, or, when it came from {@link SshConnections}, handed back there at its end to serve the
 * next call to the same server; either way a dropped connection costs only that call. The private key is wiped
 * from memory once the login is done: a connection kept open holds no key.
 * <p>
 * Host key pinning: with no pinned key the first key seen is accepted and offered to the caller through
 * {@link #hostKey()} to store; with a pinned key any other key is refused before the login, as
 * {@link SshFailure.Kind#HOST_KEY_CHANGED}, with both fingerprints and how to accept a legitimately rebuilt
 * server. The pinned key's algorithm is preferred in the key exchange, so that a server with several host keys
 * (RSA, ECDSA, Ed25519) always shows the one that was pinned.
 */
public final class SshConnection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SshConnection.class.getName());
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** After the output's end, the exit status follows within a round trip; this bounds the wait for it. */
    private static final long EXIT_STATUS_GRACE_MILLIS = 2_000;
    /** How much longer than a command may take a session may stay silent before it ends itself. */
    private static final int SILENCE_GRACE_MILLIS = 5_000;

    /**
     * JSch's channel open with a time-out waits out the whole time-out even when the connection has already dropped
     * (it is not woken up); with 0 it re-checks the connection every 10 ms, for up to 20 s. Measured in the
     * dropped-connection test: 10 s lost per cut-off call with a time-out, none with 0.
     */
    private static final int CHANNEL_OPEN_CHECKING = 0;
    /**
     * The first channel on a kept connection waits at most this for the server's confirmation: a connection that went
     * silently dead since its last use (the far end drops packets instead of refusing them) would otherwise hold the
     * call for the 20 s above before a new connection is tried. A live one confirms within a round trip.
     */
    private static final int KEPT_CHANNEL_OPEN_MILLIS = 3_000;

    /** host:port, for messages: a connection keeps nothing else of its target (no key, no passphrase). */
    private final String address;
    /** {@link SshTarget#login()}: what a kept connection may serve. */
    private final String login;
    private final SshTimeouts timeouts;
    private final Session session;
    private final HostKeyPin hostKey;
    /** Where {@link #close()} hands the session back, or null to disconnect. */
    private final SshConnections keptBy;
    /** Whether the session served an earlier caller before this one (a kept connection, lent out again). */
    private final boolean reused;
    /** False once a call on it failed or was cut off: its state is then unknown, so it is not used again. */
    private boolean reusable = true;
    /** Whether a command or upload on this lease got its answer. */
    private boolean answered;
    /** Whether a command on this lease ran out of time (the server is slow, not gone). */
    private boolean timedOut;
    private boolean closed;

    private SshConnection(String address, String login, SshTimeouts timeouts, Session session, HostKeyPin hostKey,
                          SshConnections keptBy, boolean reused) {
        this.address = address;
        this.login = login;
        this.timeouts = timeouts;
        this.session = session;
        this.hostKey = hostKey;
        this.keptBy = keptBy;
        this.reused = reused;
    }

    /**
     * Connects and logs in.
     *
     * @throws SshFailure NOT_REACHABLE (transient) while nothing answers SSH; AUTHENTICATION_REFUSED or
     *                    HOST_KEY_CHANGED (permanent)
     */
    public static SshConnection open(SshTarget target, SshTimeouts timeouts) throws SshFailure {
        return open(target, timeouts, null);
    }

    /** Connects for a caller that hands the connection back to {@code keptBy} when it closes it (null: disconnects). */
    static SshConnection open(SshTarget target, SshTimeouts timeouts, SshConnections keptBy) throws SshFailure {
        JSch jsch = new JSch();
        LoginWatch login = new LoginWatch();
        jsch.setInstanceLogger(login);
        PinningRepository pins = new PinningRepository(target.pinnedHostKey() == null ? null : HostKeyPin.parse(target.pinnedHostKey()));
        Session session;
        try {
            target.addIdentityTo(jsch);
            session = jsch.getSession(target.user(), target.host(), target.port());
        } catch (JSchException e) {
            // The key was checked when the target was made; JSch refusing it now is a defect, not bad input.
            throw new IllegalStateException("JSch refused a private key that parsed before: " + e.getMessage(), e);
        }
        session.setHostKeyRepository(pins);
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");
        session.setConfig("MaxAuthTries", "2");
        if (pins.pinned != null) {
            session.setConfig("server_host_key", preferring(pins.pinned.type(), JSch.getConfig("server_host_key")));
        }
        // Silence for a whole command time-out (and a little more, so that a silent command is reported as one that
        // did not finish, by the exec's own deadline) ends the session: no keep-alive that the server would answer
        // and so keep a forgotten connection open. A connection kept idle in SshConnections thus ends by itself too.
        session.setServerAliveCountMax(0);
        // A kept connection's reading thread must never hold up the end of the process it belongs to.
        session.setDaemonThread(true);
        try {
            session.setTimeout((int) Math.min(Integer.MAX_VALUE, (long) timeouts.commandMillis() + SILENCE_GRACE_MILLIS));
            session.connect(timeouts.connectMillis());
        } catch (JSchException e) {
            session.disconnect();
            throw classifyConnectFailure(target, pins, login, e);
        } finally {
            forgetKey(jsch);
        }
        HostKeyPin seen = pins.seen;
        if (seen == null) {
            HostKey key = session.getHostKey();
            seen = HostKeyPin.parse(key.getType() + " " + key.getKey());
        }
        LOG.fine(() -> "SSH: connected to " + target);
        return new SshConnection(target.address(), target.login(), timeouts, session, seen, keptBy, false);
    }

    /** The login is done: the session needs the key no longer, and JSch wipes its copy when it lets it go. */
    private static void forgetKey(JSch jsch) {
        try {
            jsch.removeAllIdentity();
        } catch (JSchException e) {
            LOG.fine(() -> "SSH: the key could not be wiped: " + e.getMessage());
        }
    }

    /** The host key the server presented: the pinned one, or on first contact the one the caller should now pin. */
    public HostKeyPin hostKey() {
        return hostKey;
    }

    /** What a remote command printed and how it ended. */
    public record Result(byte[] stdout, String stderr, int exitCode) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs one command and waits, at most the command time-out, for its exit status.
     *
     * @throws SshFailure CONNECTION_LOST (transient) if the connection dropped or the command did not end in time
     */
    public Result exec(String command) throws SshFailure {
        checkOpen();
        try {
            Result result = execOnce(command);
            answered = true;
            return result;
        } catch (SshFailure | RuntimeException e) {
            reusable = false;
            throw e;
        }
    }

    private Result execOnce(String command) throws SshFailure {
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) openChannel("exec");
            channel.setCommand(command);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setErrStream(err, true);
            InputStream in = channel.getInputStream();
            channel.connect(channelOpenWait());
            byte[] out = readUntilClosed(channel, in, System.currentTimeMillis() + timeouts.commandMillis());
            int status = channel.getExitStatus();
            if (status < 0) {
                throw new SshFailure(SshFailure.Kind.CONNECTION_LOST, "The connection to " + address
                        + " ended before the command reported its exit status");
            }
            return new Result(out, err.toString(StandardCharsets.UTF_8), status);
        } catch (JSchException | IOException e) {
            throw lost("running a command", e);
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    /**
     * Uploads files into a directory that must exist, each written whole and then given the mode (octal, e.g.
     * 0600) before the next one starts.
     *
     * @param files file name (no slashes) to content, uploaded in iteration order
     */
    public void upload(String directory, Map<String, byte[]> files, int mode) throws SshFailure {
        checkOpen();
        try {
            uploadOnce(directory, files, mode);
            answered = true;
        } catch (SshFailure | RuntimeException e) {
            reusable = false;
            throw e;
        }
    }

    private void uploadOnce(String directory, Map<String, byte[]> files, int mode) throws SshFailure {
        ChannelSftp sftp = null;
        String current = null;
        try {
            sftp = (ChannelSftp) openChannel("sftp");
            sftp.connect(channelOpenWait());
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                if (!SAFE_NAME.matcher(file.getKey()).matches()) {
                    throw new IllegalArgumentException("'" + file.getKey() + "' is not a plain file name");
                }
                current = directory + "/" + file.getKey();
                sftp.put(new ByteArrayInputStream(file.getValue()), current, ChannelSftp.OVERWRITE);
                sftp.chmod(mode, current);
            }
        } catch (JSchException e) {
            throw lost("uploading " + (current == null ? "files" : current), e);
        } catch (SftpException e) {
            if (!session.isConnected() || e.id == ChannelSftp.SSH_FX_CONNECTION_LOST || e.id == ChannelSftp.SSH_FX_NO_CONNECTION) {
                throw lost("uploading " + current, e);
            }
            throw new SshFailure(SshFailure.Kind.SERVER_ERROR, "Uploading " + current + " to " + address
                    + " failed: " + e.getMessage() + " (SFTP status " + e.id + ")", e);
        } finally {
            if (sftp != null) {
                sftp.disconnect();
            }
        }
    }

    /**
     * Ends the connection, or hands it back to {@link SshConnections} when it came from there and is still sound.
     * Only the first call counts: the pool lends a kept session out again as a new object, so a late second close of
     * this one cannot take it from its next user.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (keptBy != null && reusable && session.isConnected()) {
            keptBy.keep(this);
        } else {
            disconnect();
        }
    }

    /** Not to be handed back: the caller is done with this server for now, or something went wrong on the way. */
    public void doNotKeep() {
        reusable = false;
    }

    /** Whether this connection served an earlier call: a failure on it may only mean that it went stale meanwhile. */
    public boolean reused() {
        return reused;
    }

    /**
     * Whether a kept connection failed before anything on it was answered in this call, and not by running out of
     * time or by an interrupt: it had probably gone down since its last use (the server restarted, a middlebox forgot
     * it), which a new connection may not have. It cannot tell a first command that never reached the server from
     * one whose answer was lost, so a caller that tries again must begin its calls with a command that only reads.
     */
    public boolean wentStale() {
        return reused && !answered && !timedOut && !Thread.currentThread().isInterrupted();
    }

    /** A lease that was closed may have been lent to another caller since: its session is not its own any more. */
    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This SSH connection to " + address + " was closed");
        }
    }

    /** Until something on a kept connection answered, its first channel waits only briefly (see above). */
    private int channelOpenWait() {
        return reused && !answered ? KEPT_CHANNEL_OPEN_MILLIS : CHANNEL_OPEN_CHECKING;
    }

    /** The same session for its next user, as a new lease: what the pool lends out. */
    SshConnection lendAgain() {
        return new SshConnection(address, login, timeouts, session, hostKey, keptBy, true);
    }

    void disconnect() {
        session.disconnect();
    }

    boolean isOpen() {
        return session.isConnected();
    }

    String login() {
        return login;
    }

    SshTimeouts timeouts() {
        return timeouts;
    }

    /**
     * JSch's {@code openChannel} swallows what goes wrong while it registers the channel (the session dropping at
     * that moment) and answers null; that is a lost connection, not a bug to surface as a NullPointerException.
     */
    private com.jcraft.jsch.Channel openChannel(String type) throws JSchException {
        com.jcraft.jsch.Channel channel = session.openChannel(type);
        if (channel == null) {
            throw new JSchException("session is down (the " + type + " channel could not be opened)");
        }
        return channel;
    }

    // Reads what the channel delivers until it closes. JSch offers no completion callback, so this checks the
    // channel every few milliseconds; the wait is bounded by the deadline and belongs to this one call.
    private byte[] readUntilClosed(ChannelExec channel, InputStream in, long deadline) throws IOException, SshFailure {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long closedBy = Long.MAX_VALUE;
        while (true) {
            int available = in.available();
            if (available > 0) {
                int n = in.read(buffer, 0, Math.min(buffer.length, available));
                if (n > 0) {
                    out.write(buffer, 0, n);
                }
                continue;
            }
            if (channel.isClosed()) {
                if (in.available() > 0) {
                    continue;
                }
                return out.toByteArray();
            }
            if (!session.isConnected()) {
                throw new SshFailure(SshFailure.Kind.CONNECTION_LOST, "The connection to " + address
                        + " dropped while a command ran");
            }
            if (channel.isEOF() && closedBy == Long.MAX_VALUE) {
                closedBy = System.currentTimeMillis() + EXIT_STATUS_GRACE_MILLIS;
            }
            long now = System.currentTimeMillis();
            if (now > deadline || now > closedBy) {
                timedOut = true;
                throw new SshFailure(SshFailure.Kind.CONNECTION_LOST, "A command on " + address
                        + " did not finish within " + timeouts.command().toSeconds() + " s");
            }
            try {
                Thread.sleep(out.size() == 0 ? 5 : 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SshFailure(SshFailure.Kind.CONNECTION_LOST, "Interrupted while waiting for " + address);
            }
        }
    }

    private SshFailure lost(String doing, Exception e) {
        return new SshFailure(SshFailure.Kind.CONNECTION_LOST, "The connection to " + address
                + " was lost while " + doing + ": " + e.getMessage(), e);
    }

    private static SshFailure classifyConnectFailure(SshTarget target, PinningRepository pins, LoginWatch login,
                                                     JSchException e) {
        if (pins.changed) {
            return new SshFailure(SshFailure.Kind.HOST_KEY_CHANGED, "The server at " + target.address()
                    + " presented a different host key than the one pinned on first contact (pinned "
                    + pins.pinned.type() + " " + pins.pinned.fingerprint() + ", now " + pins.seen.type() + " "
                    + pins.seen.fingerprint() + "). This happens when the server was rebuilt or its address now belongs"
                    + " to another server, and also when someone intercepts the connection. If the server was"
                    + " legitimately rebuilt, compare the new fingerprint with the server's console"
                    + " (ssh-keygen -lf /etc/ssh/ssh_host_" + keyFileName(pins.seen.type()) + "_key.pub) and accept"
                    + " the new host key for this server; otherwise do not connect.", e);
        }
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (login.interrupted != null) {
            return new SshFailure(SshFailure.Kind.CONNECTION_LOST, "The connection to " + target.address()
                    + " dropped during the login: " + login.interrupted, e);
        }
        if (lower.startsWith("auth fail") || lower.startsWith("auth cancel") || lower.contains("too many authentication failures")) {
            return new SshFailure(SshFailure.Kind.AUTHENTICATION_REFUSED, "The server at " + target.address()
                    + " refused the login of user '" + target.user() + "' with the " + target.keyType()
                    + " key: check that its public key is in ~" + target.user() + "/.ssh/authorized_keys on the server"
                    + " (for an ECS instance: that it was created with this key pair) and that the user is right", e);
        }
        Throwable cause = e.getCause();
        if (cause instanceof UnknownHostException) {
            return new SshFailure(SshFailure.Kind.NOT_REACHABLE, "The host name " + target.host()
                    + " cannot be resolved (yet): " + cause.getMessage(), e);
        }
        // Refused, timed out, closed during the handshake: all of them are what a server that is still booting
        // looks like; the engine's deadline turns a server that never answers into a failure.
        return new SshFailure(SshFailure.Kind.NOT_REACHABLE, "SSH at " + target.address() + " does not answer yet: "
                + (cause != null && cause != e ? cause.toString() : message), e);
    }

    private static String keyFileName(String type) {
        if (type.contains("ed25519")) {
            return "ed25519";
        }
        if (type.startsWith("ecdsa")) {
            return "ecdsa";
        }
        return type.contains("rsa") ? "rsa" : "*";
    }

    /** The server host key algorithms with those that produce a key of the pinned type first. */
    static String preferring(String pinnedType, String configured) {
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String algorithm : configured.split(",")) {
            boolean matches = algorithm.equals(pinnedType)
                    || (pinnedType.equals("ssh-rsa") && algorithm.startsWith("rsa-sha2-"));
            (matches ? first : rest).add(algorithm);
        }
        if (first.isEmpty()) {
            first.add(pinnedType);
        }
        // rsa-sha2-512 before rsa-sha2-256 before ssh-rsa, as configured; only the group moves.
        first.addAll(rest);
        return String.join(",", first);
    }

    /**
     * JSch ends a login whose connection broke with the same "Auth fail" as a refused key (about once in 40
     * dropped connections in the runner's tests), which would stop a job for good over a network hiccup. The only
     * difference it shows is a warning it logs on the way; this catches it.
     */
    static final class LoginWatch implements com.jcraft.jsch.Logger {
        volatile String interrupted;

        @Override
        public boolean isEnabled(int level) {
            return level >= WARN;
        }

        @Override
        public void log(int level, String message) {
            if (message != null && message.startsWith("an exception during authentication")) {
                String cause = message.substring("an exception during authentication".length()).strip();
                int lineEnd = cause.indexOf('\n');
                interrupted = lineEnd < 0 ? cause : cause.substring(0, lineEnd).strip();
            }
        }
    }

    /**
     * Decides during the key exchange: no pin accepts and remembers; a pin accepts only the same key. It keeps no
     * file: the pin lives with the server's record in the database.
     */
    static final class PinningRepository implements HostKeyRepository {
        final HostKeyPin pinned;
        HostKeyPin seen;
        boolean changed;

        PinningRepository(HostKeyPin pinned) {
            this.pinned = pinned;
        }

        @Override
        public int check(String host, byte[] key) {
            seen = HostKeyPin.ofBlob(key);
            if (pinned == null || pinned.sameKey(seen)) {
                return OK;
            }
            changed = true;
            return CHANGED;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            // Pins are stored by the caller, not here.
        }

        @Override
        public void remove(String host, String type) {
        }

        @Override
        public void remove(String host, String type, byte[] key) {
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return "ecs-provisioner-pinned-host-key";
        }

        @Override
        public HostKey[] getHostKey() {
            return new HostKey[0];
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return new HostKey[0];
        }
    }
}
