package com.ecsprovisioner.firewall;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.bootstrap.SshConnection;
import com.ecsprovisioner.bootstrap.SshFailure;
import com.ecsprovisioner.bootstrap.SshTarget;
import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.security.SecretBox;
import com.ecsprovisioner.server.Server;

import java.util.Objects;

/**
 * {@code ufw} on a server, over SSH with the product's login for it and its pinned host key, as the bootstrap and the
 * soft reboot connect: one short connection per call. Reads the rules ({@code ufw status}), and adds or deletes one
 * rule the way the bootstrap's firewall step wrote it ({@code ufw allow 22/tcp} for everyone; {@code ufw allow from
 * RANGE to any port P proto tcp} otherwise), so that a rule the bootstrap made is the same rule here. A login that is
 * not root runs ufw with {@code sudo -n} (no password prompt over an exec channel).
 */
final class HostFirewall {

    /** What the server answered. */
    sealed interface Answer permits Status, Done, Unreachable, Refused {
    }

    record Status(UfwStatus status) implements Answer {
    }

    record Done(String command, String output) implements Answer {
    }

    /** Nothing answered, or the connection dropped: worth trying again within the step's deadline. */
    record Unreachable(String message) implements Answer {
    }

    /** SSH or ufw refused (changed host key, refused key, ufw failed): a person has to look. */
    record Refused(String code, String message) implements Answer {
    }

    private final BootstrapAccess access;
    private final SshTimeouts timeouts;

    HostFirewall(BootstrapAccess access, SshTimeouts timeouts) {
        this.access = Objects.requireNonNull(access, "access");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    /** The port the product logs in on: the SSH rule the product must keep open for itself. */
    int sshPort(Server server) {
        return access.loginFor(server).port();
    }

    Answer read(Server server) {
        return run(server, "ufw status");
    }

    Answer allow(Server server, FirewallRule rule) {
        return run(server, "ufw allow " + spec(rule));
    }

    /**
     * ufw deletes a rule only in the words it was added with. The product adds TCP rules ({@link #spec}), but a rule
     * someone added for both protocols ({@code ufw allow 80}) reads as the same rule to the product ({@link UfwStatus}),
     * so both forms are deleted; the one that is not there answers "Could not delete non-existent rule", harmlessly.
     */
    Answer delete(Server server, FirewallRule rule) {
        Answer tcp = run(server, "ufw delete allow " + spec(rule));
        if (!(tcp instanceof Done first)) {
            return tcp;
        }
        Answer any = run(server, "ufw delete allow " + anyProtocol(rule));
        return any instanceof Done second
                ? new Done(first.command() + "; " + second.command(), (first.output() + "\n" + second.output()).strip())
                : any;
    }

    static String spec(FirewallRule rule) {
        return rule.isEveryone() ? rule.port() + "/tcp" : "from " + rule.cidr() + " to any port " + rule.port() + " proto tcp";
    }

    /** The same rule in the words of one added for both protocols. */
    static String anyProtocol(FirewallRule rule) {
        return rule.isEveryone() ? String.valueOf(rule.port()) : "from " + rule.cidr() + " to any port " + rule.port();
    }

    /** One ufw command on the server over the product's login (package-private: the sandbox tests change ufw by hand). */
    Answer run(Server server, String ufw) {
        if (server.getPublicIp() == null) {
            return new Refused("NoAddress", "server " + server.getName() + " has no public address to reach it over SSH");
        }
        if (server.getHostKey() == null) {
            return new Refused("NoHostKey", "no SSH host key is pinned for server " + server.getName()
                    + ", so an SSH connection to it could not be trusted");
        }
        BootstrapAccess.Login login;
        SshTarget target;
        try {
            login = access.loginFor(server);
            target = new SshTarget(server.getPublicIp(), login.port(), login.user(), login.privateKey(), login.passphrase(),
                    server.getHostKey());
        } catch (IllegalArgumentException | SecretBox.SecretUnreadableException e) { // Rejected included: a profile gone
            return new Refused("NoLogin", "the product has no usable SSH login for server " + server.getName() + ": " + e.getMessage());
        }
        String command = "root".equals(login.user()) ? ufw : "sudo -n " + ufw;
        try (SshConnection ssh = SshConnection.open(target, timeouts)) {
            SshConnection.Result r = ssh.exec(command);
            if (r.exitCode() != 0) {
                String why = (r.stderr().isBlank() ? r.stdoutText() : r.stderr()).strip();
                return new Refused("UfwFailed", command + " exited with " + r.exitCode() + (why.isEmpty() ? "" : ": " + Job.clip(why, 300)));
            }
            return ufw.equals("ufw status") ? new Status(UfwStatus.parse(r.stdoutText())) : new Done(command, r.stdoutText().strip());
        } catch (SshFailure e) {
            return e.isTransient() ? new Unreachable(e.getMessage()) : new Refused("SshRefused", e.getMessage());
        }
    }
}
