package com.ecsprovisioner.bootstrap;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one log line into a {@link ProgressEvent}. The grammar is the contract with {@code lib.sh}:
 * <pre>
 *   &#64;&#64;ecs step &lt;id&gt; start &lt;title...&gt;
 *   &#64;&#64;ecs step &lt;id&gt; ok &lt;elapsedSeconds&gt;
 *   &#64;&#64;ecs step &lt;id&gt; fail &lt;exitCode&gt; &lt;message...&gt;
 *   &#64;&#64;ecs version &lt;component&gt; &lt;version&gt;
 *   &#64;&#64;ecs result ok
 *   &#64;&#64;ecs result fail &lt;stepId&gt; &lt;exitCode&gt;
 * </pre>
 * A line that starts like a marker but does not follow the grammar is plain output, not an error: a command
 * may print anything, and the job must not fail because some output looks odd. Step ids follow the step
 * declarations: {@code [a-z0-9][a-z0-9-]*}.
 */
public final class ProgressMarkerParser {

    private static final String ID = "([a-z0-9][a-z0-9-]*)";
    private static final String CODE = "(\\d{1,3})";
    private static final Pattern STEP_START = Pattern.compile("^@@ecs step " + ID + " start (.*)$");
    private static final Pattern STEP_OK = Pattern.compile("^@@ecs step " + ID + " ok (\\d{1,12})$");
    private static final Pattern STEP_FAIL = Pattern.compile("^@@ecs step " + ID + " fail " + CODE + "(?: (.*))?$");
    private static final Pattern VERSION = Pattern.compile("^@@ecs version ([A-Za-z0-9][A-Za-z0-9._+-]*) (\\S.*)$");
    private static final Pattern RESULT_FAIL = Pattern.compile("^@@ecs result fail " + ID + " " + CODE + "$");

    private ProgressMarkerParser() {
    }

    public static ProgressEvent parse(String line) {
        if (line == null) {
            throw new IllegalArgumentException("a log line is required (got null)");
        }
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (!text.startsWith("@@ecs ")) {
            return new ProgressEvent.Output(line);
        }
        Matcher m;
        if ((m = STEP_START.matcher(text)).matches()) {
            return new ProgressEvent.StepStarted(m.group(1), m.group(2).strip());
        }
        if ((m = STEP_OK.matcher(text)).matches()) {
            return new ProgressEvent.StepSucceeded(m.group(1), Long.parseLong(m.group(2)));
        }
        if ((m = STEP_FAIL.matcher(text)).matches()) {
            String message = m.group(3) == null ? "" : m.group(3).strip();
            return new ProgressEvent.StepFailed(m.group(1), Integer.parseInt(m.group(2)), message);
        }
        if ((m = VERSION.matcher(text)).matches()) {
            return new ProgressEvent.ComponentVersion(m.group(1), m.group(2).strip());
        }
        if (text.equals("@@ecs result ok")) {
            return new ProgressEvent.ResultSucceeded();
        }
        if ((m = RESULT_FAIL.matcher(text)).matches()) {
            return new ProgressEvent.ResultFailed(m.group(1), Integer.parseInt(m.group(2)));
        }
        return new ProgressEvent.Output(line);
    }
}
