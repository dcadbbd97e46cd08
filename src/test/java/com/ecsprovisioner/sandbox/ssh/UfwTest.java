package com.ecsprovisioner.sandbox.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A sandbox host's ufw through the exec interpreter: its rule set and what status prints, as ufw prints it. */
class UfwTest {

    private final SimulatedMachine machine = new SimulatedMachine("i-bp1ufw", "Ubuntu 22.04 64 bit", "127.1.0.12");
    private final CommandInterpreter shell = new CommandInterpreter(
            new SimulatedBootstrapAgent(Clock.systemUTC(), 0, 1L, (instance, step) -> Optional.empty()));

    private String out(String line) {
        ExecResult r = shell.run(machine, line);
        assertEquals(0, r.exitCode(), () -> line + ": " + r.stderrText());
        return r.stdoutText();
    }

    @Test
    void rulesAddedAreListedAsUfwListsThemOnceActive() {
        assertEquals("Status: inactive\n", out("ufw status"));
        assertEquals("Rules updated\nRules updated (v6)\n", out("ufw allow 22/tcp"));
        assertEquals("Skipping adding existing rule\nSkipping adding existing rule (v6)\n", out("ufw allow 22/tcp"));
        assertEquals("Rules updated\nRules updated (v6)\n", out("ufw allow 80,443/tcp"));
        assertEquals("Rules updated\n", out("ufw allow from 10.0.0.0/8 to any port 3306 proto tcp"));
        assertEquals("Rules updated\nRules updated (v6)\n", out("ufw deny 25"));
        assertEquals("Status: inactive\n", out("ufw status"), "rules are kept while inactive");
        assertTrue(out("ufw enable").contains("Aborted"), "without --force ufw asks, and no one answers");
        assertEquals("Firewall is active and enabled on system startup\n", out("ufw --force enable"));

        assertEquals("""
                Status: active

                To                         Action      From
                --                         ------      ----
                22/tcp                     ALLOW       Anywhere
                80,443/tcp                 ALLOW       Anywhere
                3306/tcp                   ALLOW       10.0.0.0/8
                25                         DENY        Anywhere
                22/tcp (v6)                ALLOW       Anywhere (v6)
                80,443/tcp (v6)            ALLOW       Anywhere (v6)
                25 (v6)                    DENY        Anywhere (v6)

                """, out("ufw status"));
        assertEquals("""
                Status: active

                     To                         Action      From
                     --                         ------      ----
                [ 1] 22/tcp                     ALLOW IN    Anywhere
                [ 2] 80,443/tcp                 ALLOW IN    Anywhere
                [ 3] 3306/tcp                   ALLOW IN    10.0.0.0/8
                [ 4] 25                         DENY IN     Anywhere
                [ 5] 22/tcp (v6)                ALLOW IN    Anywhere (v6)
                [ 6] 80,443/tcp (v6)            ALLOW IN    Anywhere (v6)
                [ 7] 25 (v6)                    DENY IN     Anywhere (v6)

                """, out("ufw status numbered"));
    }

    @Test
    void rulesAreDeletedByTheirSpecOrTheirNumber() {
        out("ufw --force enable");
        out("ufw allow 22/tcp");
        out("ufw allow 80/tcp");
        assertEquals("Rules updated\nRules updated (v6)\n", out("ufw delete allow 80/tcp"));
        assertEquals("Could not delete non-existent rule\nCould not delete non-existent rule (v6)\n",
                out("ufw delete allow 80/tcp"));
        assertEquals("Deleting:\n allow 22/tcp (v6)\nProceed with operation (y|n)? Aborted\n", out("ufw delete 2"));
        assertEquals("Rule deleted (v6)\n", out("ufw --force delete 2"));
        assertTrue(out("ufw status numbered").contains("[ 1] 22/tcp                     ALLOW IN    Anywhere\n"));
        assertTrue(!out("ufw status").contains("(v6)"));
        ExecResult missing = shell.run(machine, "ufw --force delete 5");
        assertEquals(1, missing.exitCode());
        assertEquals("ERROR: Could not find rule '5'\n", missing.stderrText());
    }

    @Test
    void anOppositeRuleReplacesTheOldOneAndBadSyntaxIsRefused() {
        out("ufw --force enable");
        out("ufw allow 3306");
        assertEquals("Rule updated\nRule updated (v6)\n", out("ufw deny 3306"));
        assertTrue(out("ufw status").contains("3306                       DENY        Anywhere\n"));
        assertTrue(!out("ufw status").contains("ALLOW"));
        ExecResult profile = shell.run(machine, "ufw allow Nginx");
        assertEquals(1, profile.exitCode());
        assertEquals("ERROR: Could not find a profile matching 'Nginx'\n", profile.stderrText());
        assertEquals(1, shell.run(machine, "ufw allow from 10.0.0.1 to somewhere").exitCode());
        assertEquals("Default incoming policy changed to 'deny'\n(be sure to update your rules accordingly)\n",
                out("ufw default deny incoming"));
        assertTrue(out("ufw status verbose").contains("Default: deny (incoming), allow (outgoing), disabled (routed)\n"));
        assertEquals("Firewall stopped and disabled on system startup\n", out("ufw disable"));
        assertEquals("Status: inactive\n", out("ufw status"));
        assertEquals("/usr/sbin/ufw\n", out("command -v ufw"));
    }
}
