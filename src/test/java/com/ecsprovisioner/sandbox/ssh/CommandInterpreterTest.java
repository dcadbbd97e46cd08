package com.ecsprovisioner.sandbox.ssh;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exec interpreter on its own: each built-in, the operators, quoting, and what it refuses. */
class CommandInterpreterTest {

    private final SimulatedMachine machine = new SimulatedMachine("i-bp1unit", "Ubuntu 22.04 64 bit", "127.1.0.9");
    private final CommandInterpreter shell = new CommandInterpreter(
            new SimulatedBootstrapAgent(Clock.systemUTC(), 0, 1L, (instance, step) -> Optional.empty()));

    private ExecResult run(String line) {
        return shell.run(machine, line);
    }

    @Test
    void identityAndSystem() {
        assertEquals("0\n", run("id -u").stdoutText());
        assertEquals("uid=0(root) gid=0(root) groups=0(root)\n", run("id").stdoutText());
        assertEquals("root\n", run("whoami").stdoutText());
        assertEquals("Linux iZbp1unitZ 5.15.0-125-generic #135-Ubuntu SMP Fri Sep 27 13:53:58 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n",
                run("uname -a").stdoutText());
        assertTrue(run("cat /etc/os-release").stdoutText().contains("PRETTY_NAME=\"Ubuntu 22.04.5 LTS\""));
    }

    @Test
    void osReleaseFollowsTheImage() {
        SimulatedMachine debian = new SimulatedMachine("i-deb", "Debian 12.6 64 bit", "127.1.0.10");
        SimulatedMachine noble = new SimulatedMachine("i-noble", "Ubuntu  24.04 64 bit", "127.1.0.11");
        assertTrue(shell.run(debian, "cat /etc/os-release").stdoutText().contains("VERSION_CODENAME=bookworm"));
        assertTrue(shell.run(noble, "cat /etc/os-release").stdoutText().contains("VERSION_CODENAME=noble"));
    }

    @Test
    void operatorsDecideWhatRuns() {
        assertEquals("a\nc\n", run("echo a && false && echo b; echo c").stdoutText());
        assertEquals("fallback\n", run("false || echo fallback").stdoutText());
        assertEquals("", run("true || echo no").stdoutText());
        assertEquals(1, run("true; false").exitCode());
        assertEquals(0, run("false; true").exitCode());
        assertEquals(3, run("echo before; exit 3; echo after").exitCode());
        assertEquals("before\n", run("echo before; exit 3; echo after").stdoutText());
    }

    @Test
    void quotingAndComments() {
        assertEquals("it's  \"here\" $x\n", run("echo \"it's  \\\"here\\\" \\$x\" # a comment").stdoutText());
        assertEquals("a;b && c\n", run("echo 'a;b && c'").stdoutText());
        assertEquals(2, run("echo 'open").exitCode());
    }

    @Test
    void filesCanBeMadeInspectedAndRemoved() throws Exception {
        assertEquals(0, run("mkdir -p /opt/app/conf && echo hi > /opt/app/conf/x && echo there >> /opt/app/conf/x").exitCode());
        assertEquals("hi\nthere\n", run("cat /opt/app/conf/x").stdoutText());
        assertEquals(0, run("test -f /opt/app/conf/x && [ -d /opt/app ] && test -s /opt/app/conf/x").exitCode());
        assertEquals("conf\n", run("ls /opt/app").stdoutText());

        assertEquals(0, run("chmod 750 /opt/app/conf/x").exitCode());
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(machine.path("/opt/app/conf/x"))));
        assertEquals(0, run("chmod go+r,u-w /opt/app/conf/x").exitCode());
        assertEquals("r-xr-xr--", PosixFilePermissions.toString(Files.getPosixFilePermissions(machine.path("/opt/app/conf/x"))));
        assertEquals(0, run("test -x /opt/app/conf/x").exitCode());
        assertEquals("chmod: invalid mode: 'z+q'\n", run("chmod z+q /opt/app/conf/x").stderrText());

        // Expected value from GNU coreutils: printf 'hi\nthere\n' | sha256sum
        assertEquals("d0184cff2e6257a42961148c7e2f1470663251a9671b9eb723e859f3fae92bee  /opt/app/conf/x\n",
                run("sha256sum /opt/app/conf/x").stdoutText());
        assertEquals("rm: cannot remove '/opt/app': Is a directory\n", run("rm /opt/app").stderrText());
        assertEquals(0, run("rm -rf /opt/app /opt/never-there").exitCode());
        assertEquals(1, run("test -e /opt/app").exitCode());
        assertEquals(1, run("rm -rf /").exitCode());
        assertTrue(Files.isDirectory(machine.path("/etc")), "rm -rf / is refused, as coreutils does");
    }

    @Test
    void relativePathsStartAtRootsHomeAndCdMovesThem() {
        assertEquals(0, run("mkdir work && cd work && echo x > f && pwd").exitCode());
        assertEquals("/root/work\n", run("cd work && pwd").stdoutText());
        assertEquals("x\n", run("cat ~/work/f").stdoutText());
        assertEquals("bash: cd: nowhere: No such file or directory\n", run("cd nowhere").stderrText());
        assertEquals("/root\n", run("bash -c 'cd /tmp'; pwd").stdoutText());
    }

    @Test
    void errorsLookLikeTheRealTools() {
        ExecResult missing = run("cat /nope");
        assertEquals(1, missing.exitCode());
        assertEquals("cat: /nope: No such file or directory\n", missing.stderrText());
        assertEquals("mkdir: cannot create directory '/a/b': No such file or directory\n", run("mkdir /a/b").stderrText());
        assertEquals("mkdir: cannot create directory '/etc': File exists\n", run("mkdir /etc").stderrText());

        ExecResult unknown = run("apt-get install nginx");
        assertEquals(127, unknown.exitCode());
        assertEquals("bash: apt-get: command not found\n", unknown.stderrText());
        assertEquals(2, run("cat /etc/os-release | grep ID").exitCode());
        assertEquals(126, run("mkdir -p /s && echo 'echo hi' > /s/x.sh && bash /s/x.sh").exitCode());
        assertEquals("/usr/bin/bash\n", run("command -v bash").stdoutText());
        assertEquals(1, run("command -v docker").exitCode());
    }

    @Test
    void rebootCommandsAskTheMachinesPowerAndOnlyTheRebootsAreSimulated() {
        java.util.List<String> rebooted = new java.util.ArrayList<>();
        CommandInterpreter withPower = new CommandInterpreter(
                new SimulatedBootstrapAgent(Clock.systemUTC(), 0, 1L, (instance, step) -> Optional.empty()), m -> rebooted.add(m.instanceId()));
        for (String command : new String[]{"reboot", "systemctl reboot", "shutdown -r now", "shutdown -r +0",
                "systemctl reboot || shutdown -r now"}) {
            ExecResult result = withPower.run(machine, command);
            assertEquals(0, result.exitCode(), command + ": " + result.stderrText());
        }
        assertEquals(5, rebooted.size(), "the second half of 'systemctl reboot || shutdown -r now' does not run");
        assertEquals(1, withPower.run(machine, "systemctl restart nginx").exitCode());
        assertTrue(withPower.run(machine, "shutdown -r +5").stderrText().contains("only 'shutdown -r now' is simulated"));
        assertEquals(1, withPower.run(machine, "shutdown -h now").exitCode());
        assertEquals(5, rebooted.size(), "nothing but a reboot now reboots");
        // A machine that cannot be rebooted says so, as systemctl does without permission.
        ExecResult refused = run("systemctl reboot");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.stderrText().contains("Failed to reboot"), refused.stderrText());
        assertEquals("/usr/bin/systemctl\n", run("command -v systemctl").stdoutText());
    }
}
