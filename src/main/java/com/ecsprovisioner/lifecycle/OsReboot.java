package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.bootstrap.SshConnection;
import com.ecsprovisioner.bootstrap.SshFailure;
import com.ecsprovisioner.bootstrap.SshTarget;
import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.security.SecretBox;
import com.ecsprovisioner.server.Server;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SSH side of a soft reboot, one short connection per call (the engine's steps decide what the answers mean):
 * {@link #ask} reads the OS's boot id and asks it to reboot; {@link #look} reads the boot id again. A different boot
 * id proves the OS rebooted even when it went down and came back between two looks. Every connection uses the
 * product's login for the server and its pinned host key, as the bootstrap does; nothing here is logged (the key
 * is opened only for the connection).
 */
public final class OsReboot {

    /** The kernel's random id of the current boot (Linux 2.6.x and later, every supported image). */
    static final String BOOT_ID_COMMAND = "cat /proc/sys/kernel/random/boot_id";
    /** systemd first; the SysV spelling when systemctl is missing. */
    static final String REBOOT_COMMAND = "systemctl reboot || shutdown -r now";

    private static final Pattern BOOT_ID = Pattern.compile("[0-9a-fA-F-]{16,64}");

    /** What SSH answered. */
    sealed interface Answer permits Asked, BootId, Down, Refused, NotPossible {
    }

    /** The OS accepted the reboot (or dropped the connection as it went down); its boot id before. */
    record Asked(String bootIdBefore, String command) implements Answer {
    }

    /** The OS answers with this boot id. */
    record BootId(String id) implements Answer {
    }

    /** Nothing answers SSH, or the connection dropped: what a rebooting server looks like. */
    record Down(String message) implements Answer {
    }

    /** SSH answered but refused us (changed host key, refused key): a person has to look. */
    record Refused(SshFailure.Kind kind, String message) implements Answer {
    }

    /** SSH cannot be used for this server (no login, no pinned key, the OS would not reboot). */
    record NotPossible(String why) implements Answer {
    }

    private final BootstrapAccess access;
    private final SshTimeouts timeouts;

    public OsReboot(BootstrapAccess access, SshTimeouts timeouts) {
        this.access = Objects.requireNonNull(access, "access");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    /** Reads the boot id, then asks the OS to reboot. */
    Answer ask(Server server) {
        return connect(server, true);
    }

    /** Reads the boot id. */
    Answer look(Server server) {
        return connect(server, false);
    }

    private Answer connect(Server server, boolean reboot) {
        if (server.getPublicIp() == null) {
            return new NotPossible("the server has no public address");
        }
        if (server.getHostKey() == null) {
            return new NotPossible("no SSH host key is pinned for the server, so the connection could not be trusted");
        }
        SshTarget target;
        BootstrapAccess.Login login;
        try {
            login = access.loginFor(server);
            target = new SshTarget(server.getPublicIp(), login.port(), login.user(), login.privateKey(), login.passphrase(),
                    server.getHostKey());
        } catch (IllegalArgumentException | SecretBox.SecretUnreadableException e) { // Rejected included: a profile gone
            return new NotPossible("the product has no usable SSH login for the server: " + e.getMessage());
        }
        try (SshConnection ssh = SshConnection.open(target, timeouts)) {
            SshConnection.Result boot = ssh.exec(BOOT_ID_COMMAND);
            String id = boot.stdoutText().strip();
            if (boot.exitCode() != 0 || !BOOT_ID.matcher(id).matches()) {
                return new NotPossible("the OS's boot id could not be read (" + BOOT_ID_COMMAND + " exited with "
                        + boot.exitCode() + ")");
            }
            if (!reboot) {
                return new BootId(id);
            }
            String command = "root".equals(login.user()) ? REBOOT_COMMAND
                    : "sudo -n systemctl reboot || sudo -n shutdown -r now";
            try {
                SshConnection.Result asked = ssh.exec(command);
                if (asked.exitCode() != 0) {
                    return new NotPossible("the OS refused to reboot (" + command + " exited with " + asked.exitCode()
                            + (asked.stderr().isBlank() ? "" : ": " + Job.clip(asked.stderr().strip(), 200)) + ")");
                }
            } catch (SshFailure e) {
                if (!e.isTransient()) {
                    return new Refused(e.kind(), e.getMessage());
                }
                // The OS closes every session as it goes down, sometimes before the command's exit status is sent.
            }
            return new Asked(id, command);
        } catch (SshFailure e) {
            return e.isTransient() ? new Down(e.getMessage()) : new Refused(e.kind(), e.getMessage());
        }
    }
}
