package com.ecsprovisioner.bootstrap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in one line of log: the known secret values of a job (database passwords, keys) and the shapes
 * secrets take in command output even when their value is not known ({@code password=...},
 * {@code IDENTIFIED BY '...'}, {@code PASSWORD('...')}, {@code mysql -p...}, {@code Authorization: Bearer ...},
 * {@code scheme://user:password@host}, a private key written on one line). Multi-line private key blocks need
 * state across lines: {@link LogFollower} handles them. Immutable; one per job.
 * <p>
 * Known values shorter than {@value #MIN_SECRET_LENGTH} characters are not masked by value, because masking
 * such a short string would blank out ordinary words; the patterns still apply to them.
 */
public final class SecretMasker {

    public static final String MASK = "******";
    public static final int MIN_SECRET_LENGTH = 4;

    // Runs of plain characters are matched possessively, one group iteration per run rather than per character:
    // this keeps the regex engine's recursion shallow and its time linear on long lines.
    private static final String SINGLE_QUOTED = "'(?:[^'\\\\]++|\\\\.|'')*+'";
    private static final String DOUBLE_QUOTED = "\"(?:[^\"\\\\]++|\\\\.)*+\"";
    /** The name of a setting that holds a secret; bounded and anchored at a token start so that matching stays linear. */
    private static final String SECRET_NAME = "(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]{0,40}?"
            + "(?:password|passwd|secret|token|api[_-]?key|private[_-]?key)[A-Za-z0-9_.-]{0,40}+";

    /** Each pattern keeps group 1 and masks group 2. */
    private static final List<Pattern> PATTERNS = List.of(
            // KEY=value, key: value, "password": "value", --password=value, ECS_DB_ROOT_PASSWORD='value'
            // ':' only before a space or a quote: "libsecret-1-0:amd64" in dpkg's output is a package, not a secret.
            Pattern.compile("(?i)(" + SECRET_NAME + "\"?(?:\\s*=\\s*|\\s*:(?=[\\s\"'])\\s*))("
                    + SINGLE_QUOTED + "|" + DOUBLE_QUOTED + "|[^\\s,;}]+)"),
            Pattern.compile("(?i)(IDENTIFIED\\s+(?:VIA\\s+\\S+\\s+)?(?:BY|USING)\\s+(?:PASSWORD\\s*)?)(" + SINGLE_QUOTED + "|" + DOUBLE_QUOTED + ")"),
            Pattern.compile("(?i)(PASSWORD\\s*\\(\\s*)(" + SINGLE_QUOTED + "|" + DOUBLE_QUOTED + ")"),
            Pattern.compile("(?i)(\\b(?:mysql|mariadb|mysqladmin|mysqldump|mariadb-admin|mariadb-dump)\\b.*?\\s-p)([^\\s-]\\S*)"),
            Pattern.compile("(?i)(Authorization:\\s*(?:Bearer|Basic|Token)\\s+)(\\S+)"),
            Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:)([^@\\s/]+)(?=@)"),
            Pattern.compile("(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)(.*?)(?=-----END [A-Z0-9 ]*PRIVATE KEY-----)"));

    private final List<String> secrets;

    /** @param secrets the values to mask wherever they appear; nulls and blanks are ignored */
    public SecretMasker(Collection<String> secrets) {
        Set<String> values = new LinkedHashSet<>();
        if (secrets != null) {
            for (String secret : secrets) {
                if (secret == null) {
                    continue;
                }
                // A multi-line secret (a key) shows up in a log one line at a time.
                for (String part : secret.split("\r?\n")) {
                    String value = part.strip();
                    if (value.length() >= MIN_SECRET_LENGTH) {
                        values.add(value);
                    }
                }
            }
        }
        List<String> sorted = new ArrayList<>(values);
        // Longest first, so that a secret containing another one is masked whole.
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(sorted);
    }

    public static SecretMasker patternsOnly() {
        return new SecretMasker(List.of());
    }

    /** The line with every secret replaced by {@value #MASK}. */
    public String mask(String line) {
        if (line == null || line.isEmpty()) {
            return line;
        }
        String masked = line;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        for (Pattern pattern : PATTERNS) {
            Matcher m = pattern.matcher(masked);
            if (m.find()) {
                StringBuilder out = new StringBuilder();
                do {
                    String value = m.group(2);
                    String replacement = value.equals(MASK) || value.isEmpty() ? value : MASK;
                    m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + replacement));
                } while (m.find());
                m.appendTail(out);
                masked = out.toString();
            }
        }
        return masked;
    }

    /** True when the line opens a private key block that goes on over the following lines. */
    static boolean opensPrivateKeyBlock(String line) {
        int begin = line.lastIndexOf("-----BEGIN ");
        return begin >= 0 && line.indexOf("PRIVATE KEY-----", begin) > 0
                && line.indexOf("-----END ", begin) < 0;
    }

    static boolean closesPrivateKeyBlock(String line) {
        return line.contains("-----END ") && line.contains("PRIVATE KEY-----");
    }
}
