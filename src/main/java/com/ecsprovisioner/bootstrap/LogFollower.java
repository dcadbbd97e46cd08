package com.ecsprovisioner.bootstrap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Follows a bootstrap log as it arrives in chunks (the byte ranges {@code ecs-agent.sh log} returns) and turns
 * it into masked, typed events, one per complete line.
 * <p>
 * Why whole lines: a chunk boundary can fall anywhere, in the middle of a secret or of a UTF-8 character, so
 * bytes wait here until their line ends; only then are they decoded, masked and parsed. A private key block is
 * masked from its BEGIN line to its END line. {@link #committedOffset()} is the log offset just after the last
 * complete line handed out: store it with the job and resume from it after a reconnect or a restart, and the
 * partial line is simply read again. {@link #recentOutput()} keeps the last lines of plain output, for the
 * message of a failed step. Not thread-safe; one per job run.
 */
public final class LogFollower {

    /** A line longer than this is cut and handed out, so that endless output without newlines cannot exhaust memory. */
    static final int MAX_LINE_BYTES = 1 << 20;
    /** How many lines of output {@link #recentOutput()} keeps. */
    public static final int RECENT_LINES = 30;

    private final SecretMasker masker;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long committedOffset;
    private boolean inPrivateKey;
    private final Deque<String> recent = new ArrayDeque<>();

    /**
     * @param masker the job's secrets
     * @param startOffset the log offset the first chunk starts at (the stored {@link #committedOffset()} when resuming)
     */
    public LogFollower(SecretMasker masker, long startOffset) {
        if (masker == null) {
            throw new IllegalArgumentException("a secret masker is required");
        }
        if (startOffset < 0) {
            throw new IllegalArgumentException("start offset must not be negative, got " + startOffset);
        }
        this.masker = masker;
        this.committedOffset = startOffset;
    }

    /** Feeds the next bytes of the log; returns the events of the lines they complete. */
    public List<ProgressEvent> accept(byte[] chunk) {
        return accept(chunk, 0, chunk.length);
    }

    public List<ProgressEvent> accept(byte[] chunk, int offset, int length) {
        List<ProgressEvent> events = new ArrayList<>();
        int lineStart = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (chunk[i] == '\n') {
                partial.write(chunk, lineStart, i - lineStart);
                events.add(completeLine(1));
                lineStart = i + 1;
            } else if (partial.size() + (i - lineStart) >= MAX_LINE_BYTES) {
                partial.write(chunk, lineStart, i - lineStart);
                events.add(completeLine(0));
                lineStart = i;
            }
        }
        partial.write(chunk, lineStart, end - lineStart);
        return events;
    }

    /** The rest of the log when it is known to be complete (the script finished): the last line if it had no newline. */
    public List<ProgressEvent> finish() {
        if (partial.size() == 0) {
            return List.of();
        }
        return List.of(completeLine(0));
    }

    /** The last {@value #RECENT_LINES} lines of plain output (markers left out), masked, oldest first. */
    public List<String> recentOutput() {
        return List.copyOf(recent);
    }

    /** The log offset just after the last line handed out. */
    public long committedOffset() {
        return committedOffset;
    }

    private ProgressEvent completeLine(int terminatorBytes) {
        byte[] bytes = partial.toByteArray();
        partial.reset();
        committedOffset += bytes.length + terminatorBytes;
        String line = new String(bytes, StandardCharsets.UTF_8);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        ProgressEvent event = ProgressMarkerParser.parse(maskLine(line));
        if (event instanceof ProgressEvent.Output output) {
            if (recent.size() == RECENT_LINES) {
                recent.removeFirst();
            }
            recent.addLast(output.line());
        }
        return event;
    }

    private String maskLine(String line) {
        if (inPrivateKey) {
            if (SecretMasker.closesPrivateKeyBlock(line)) {
                inPrivateKey = false;
                return line.substring(line.indexOf("-----END "));
            }
            return SecretMasker.MASK;
        }
        if (SecretMasker.opensPrivateKeyBlock(line)) {
            inPrivateKey = true;
            return masker.mask(line);
        }
        return masker.mask(line);
    }
}
