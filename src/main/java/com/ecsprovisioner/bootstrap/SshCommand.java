package com.ecsprovisioner.bootstrap;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The command a person types to log in to a server as the product does: its login user, address and port, and the
 * key file the profile's key pair was downloaded as when there is one. Shown on the server's and the job's page so
 * that it can be copied; it carries no secret.
 */
public record SshCommand(String user, String host, int port, String keyFile) {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._@%+=:,/-]+");

    public SshCommand {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
    }

    /** {@code ssh -i blog-key.pem -p 2222 deploy@203.0.113.7}; the port only when it is not 22. */
    public String text() {
        StringBuilder text = new StringBuilder("ssh");
        if (keyFile != null && !keyFile.isBlank()) {
            text.append(" -i ").append(word(keyFile));
        }
        if (port != 22) {
            text.append(" -p ").append(port);
        }
        return text.append(' ').append(word(user + "@" + host)).toString();
    }

    private static String word(String value) {
        return PLAIN.matcher(value).matches() ? value : ShellQuoting.quote(value);
    }
}
