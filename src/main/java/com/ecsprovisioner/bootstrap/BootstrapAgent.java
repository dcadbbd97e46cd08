package com.ecsprovisioner.bootstrap;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands the SSH side runs against {@code ecs-agent.sh} in the upload directory, and the meaning of its
 * one-line answers. Keeping both here keeps the contract in one place next to the script that implements it.
 */
public final class BootstrapAgent {

    private static final Pattern FINISHED = Pattern.compile("^(?:already-)?finished (\\d{1,3})$");

    private BootstrapAgent() {
    }

    /** {@code bash D/ecs-agent.sh start D main.sh}; answers {@code started}, {@code already-running} or {@code already-finished <code>}. */
    public static String startCommand(String dir) {
        return "bash " + ShellQuoting.quote(path(dir, BootstrapScripts.AGENT)) + " start " + ShellQuoting.quote(dir)
                + " " + BootstrapScripts.MAIN;
    }

    /** {@code bash D/ecs-agent.sh status D}; answers {@code not-started}, {@code running} or {@code finished <code>}. */
    public static String statusCommand(String dir) {
        return "bash " + ShellQuoting.quote(path(dir, BootstrapScripts.AGENT)) + " status " + ShellQuoting.quote(dir);
    }

    /** {@code bash D/ecs-agent.sh log D <offset>}: the log's bytes from that 0-based offset. */
    public static String logCommand(String dir, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("log offset must not be negative, got " + offset);
        }
        return "bash " + ShellQuoting.quote(path(dir, BootstrapScripts.AGENT)) + " log " + ShellQuoting.quote(dir) + " " + offset;
    }

    /** The state an answer of {@code start} or {@code status} describes. */
    public sealed interface State {
        /** Nothing was started in that directory. */
        record NotStarted() implements State {
        }

        /** The script runs (it was started now or before). */
        record Running(boolean startedNow) implements State {
        }

        /** The script ended with this exit code; 0 is success. 255: the runner vanished without an exit code. */
        record Finished(int exitCode) implements State {
        }
    }

    /** Reads the answer of {@code start} or {@code status}; anything else is a broken contract and throws. */
    public static State parseReply(String reply) {
        String text = reply == null ? "" : reply.strip();
        switch (text) {
            case "not-started":
                return new State.NotStarted();
            case "started":
                return new State.Running(true);
            case "running":
            case "already-running":
                return new State.Running(false);
            default:
                Matcher m = FINISHED.matcher(text);
                if (m.matches()) {
                    return new State.Finished(Integer.parseInt(m.group(1)));
                }
                throw new IllegalArgumentException("unexpected answer from ecs-agent.sh: '" + text + "'");
        }
    }

    private static String path(String dir, String file) {
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("the upload directory on the server is required");
        }
        return dir.endsWith("/") ? dir + file : dir + "/" + file;
    }
}
