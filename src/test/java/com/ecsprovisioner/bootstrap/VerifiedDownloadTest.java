package com.ecsprovisioner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.bootstrap.ProgressEvent.Output;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepFailed;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepSucceeded;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download helpers of the scripts against a real HTTP server on 127.0.0.1, with real curl, sha512sum and gpg.
 * They write only into the test's temporary directory.
 */
class VerifiedDownloadTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private String base;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requested.add(exchange.getRequestURI().getPath());
            byte[] body = files.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private List<ProgressEvent> run(String body) throws Exception {
        ScriptRun.copyScript("lib.sh", dir);
        ScriptRun.copyScript("steps.sh", dir);
        Files.writeString(dir.resolve("test.sh"), "export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1\nECS_DIR=\"$PWD\"\n"
                + "source ./lib.sh\nsource ./steps.sh\necs_install_error_trap\n" + body);
        ScriptRun run = ScriptRun.run(dir, List.of("bash", "-c", "exec bash test.sh 2>&1"));
        LogFollower follower = new LogFollower(SecretMasker.patternsOnly(), 0);
        List<ProgressEvent> events = new ArrayList<>(follower.accept(run.stdout().getBytes(StandardCharsets.UTF_8)));
        events.addAll(follower.finish());
        return events;
    }

    private static String sha512(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
    }

    private static List<String> output(List<ProgressEvent> events) {
        return events.stream().filter(e -> e instanceof Output).map(e -> ((Output) e).line()).toList();
    }

    @Test
    void aTamperedDownloadIsRefusedEvenWithAMatchingChecksumBesideItAndTheNextGenuineOneIsInstalledOnce() throws Exception {
        byte[] phar = "<?php echo 'wp';".getBytes(StandardCharsets.UTF_8);
        byte[] evil = "<?php evil();".getBytes(StandardCharsets.UTF_8);
        // Whoever can change the file can change a checksum published beside it: the script never reads one.
        files.put("/tampered/wp-cli.phar", evil);
        files.put("/tampered/wp-cli.phar.sha512", (sha512(evil) + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("/good/wp-cli.phar", phar);
        String fetch = "ecs_fetch_verified \"$PWD/bin/wp\" 0755 WP-CLI \"'WP-CLI download URLs' (ECS_WP_CLI_URLS)\" "
                + "\"'WP-CLI SHA-512' (ECS_WP_CLI_SHA512)\" " + sha512(phar).toUpperCase() + " "
                + base + "/missing/wp-cli.phar " + base + "/tampered/wp-cli.phar " + base + "/good/wp-cli.phar";
        String body = "fetch() { " + fetch + "; echo \"changed=$ECS_CHANGED\"; }\n"
                + "ecs_step one \"First\" fetch\necs_step two \"Again\" fetch\n";
        List<ProgressEvent> events = run(body);

        assertTrue(events.stream().anyMatch(e -> e instanceof StepSucceeded s && s.stepId().equals("two")), events.toString());
        assertTrue(output(events).contains("changed=1") && output(events).indexOf("changed=0") > output(events).indexOf("changed=1"),
                output(events).toString());
        String evilSha512 = sha512(evil);
        assertTrue(output(events).stream().anyMatch(l -> l.contains("/tampered/wp-cli.phar has SHA-512 " + evilSha512)
                && l.contains("refused, not installed")), output(events).toString());
        assertFalse(requested.contains("/tampered/wp-cli.phar.sha512"), "no checksum is fetched from a download source");
        Path installed = dir.resolve("bin/wp");
        assertEquals(new String(phar, StandardCharsets.UTF_8), Files.readString(installed));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(installed)));
    }

    @Test
    void aPinnedChecksumNeedsNoChecksumFileAndRefusesOtherBytes() throws Exception {
        byte[] phar = "pinned build".getBytes(StandardCharsets.UTF_8);
        files.put("/mirror/wp-cli.phar", phar);
        List<ProgressEvent> ok = run("f() { ecs_fetch_verified \"$PWD/wp\" 0755 WP-CLI u c " + sha512(phar) + " " + base
                + "/mirror/wp-cli.phar; }\necs_step one \"Pinned\" f\n");
        assertTrue(ok.stream().anyMatch(e -> e instanceof StepSucceeded), ok.toString());

        List<ProgressEvent> refused = run("f() { ecs_fetch_verified \"$PWD/other\" 0755 WP-CLI u c " + "ab".repeat(64) + " " + base
                + "/mirror/wp-cli.phar; }\necs_step one \"Pinned\" f\n");
        assertTrue(refused.stream().anyMatch(e -> e instanceof StepFailed f && f.message().contains("SHA-512 mismatch")), refused.toString());
        assertFalse(Files.exists(dir.resolve("other")));
    }

    @Test
    void whenEverySourceFailsTheMessageNamesEachOneAndTheSettingsByTheirLabels() throws Exception {
        files.put("/other/wp-cli.phar", "x".getBytes(StandardCharsets.UTF_8));
        List<ProgressEvent> events = run("f() { ecs_fetch_verified \"$PWD/wp\" 0755 WP-CLI \"'WP-CLI download URLs' (ECS_WP_CLI_URLS)\" "
                + "\"'WP-CLI SHA-512' (ECS_WP_CLI_SHA512)\" " + "ab".repeat(64) + " " + base + "/gone/wp-cli.phar " + base
                + "/other/wp-cli.phar; }\n" + "ecs_step wp-cli \"WP-CLI\" f\n");
        StepFailed failed = (StepFailed) events.stream().filter(e -> e instanceof StepFailed).findFirst().orElseThrow();
        assertEquals("wp-cli", failed.stepId());
        assertTrue(failed.message().contains(base + "/gone/wp-cli.phar: download failed"), failed.message());
        assertTrue(failed.message().contains(base + "/other/wp-cli.phar: SHA-512 mismatch (refused)"), failed.message());
        assertTrue(failed.message().contains("'WP-CLI download URLs' (ECS_WP_CLI_URLS)")
                && failed.message().contains("'WP-CLI SHA-512'"), failed.message());
    }

    @Test
    void withoutAnExpectedChecksumNothingIsDownloaded() throws Exception {
        files.put("/good/wp-cli.phar", "x".getBytes(StandardCharsets.UTF_8));
        List<ProgressEvent> events = run("f() { ecs_fetch_verified \"$PWD/wp\" 0755 WP-CLI u \"'WP-CLI SHA-512' (ECS_WP_CLI_SHA512)\" \"\" "
                + base + "/good/wp-cli.phar; }\necs_step wp-cli \"WP-CLI\" f\n");
        StepFailed failed = (StepFailed) events.stream().filter(e -> e instanceof StepFailed).findFirst().orElseThrow();
        assertTrue(failed.message().contains("no valid SHA-512 for WP-CLI") && failed.message().contains("'WP-CLI SHA-512'"),
                failed.message());
        assertTrue(requested.isEmpty(), "nothing downloaded: " + requested);
        assertFalse(Files.exists(dir.resolve("wp")));
    }

    @Test
    void aSigningKeyIsInstalledOnlyWithTheExpectedFingerprint() throws Exception {
        Path home = Files.createDirectory(dir.resolve("gnupg"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ScriptRun generate = ScriptRun.run(dir, List.of("bash", "-c", "export GNUPGHOME=" + home
                + "; gpg --batch --passphrase '' --quick-gen-key 'Repo Test <repo@example.com>' ed25519 sign never"
                + " && gpg --batch --armor --export repo@example.com > key.asc"
                + " && gpg --batch --with-colons --fingerprint repo@example.com | awk -F: '$1 == \"fpr\" { print $10; exit }'"));
        assertEquals(0, generate.exitCode(), generate.stderr());
        String fingerprint = generate.stdout().strip();
        files.put("/php/apt.asc", Files.readAllBytes(dir.resolve("key.asc")));

        List<ProgressEvent> ok = run("f() { ecs_install_signing_key " + base + "/php/apt.asc " + fingerprint.toLowerCase()
                + " \"$PWD/keyring.gpg\" \"'PHP repository key URL'\"; }\necs_step key \"Key\" f\n");
        assertTrue(ok.stream().anyMatch(e -> e instanceof StepSucceeded), ok.toString());
        byte[] keyring = Files.readAllBytes(dir.resolve("keyring.gpg"));
        assertTrue(keyring.length > 0 && (keyring[0] & 0x80) != 0, "keyring is not a binary OpenPGP packet stream as apt wants");

        String wrong = "0".repeat(40);
        List<ProgressEvent> refused = run("f() { ecs_install_signing_key " + base + "/php/apt.asc " + wrong
                + " \"$PWD/refused.gpg\" \"'PHP repository key URL'\"; }\necs_step key \"Key\" f\n");
        StepFailed failed = (StepFailed) refused.stream().filter(e -> e instanceof StepFailed).findFirst().orElseThrow();
        assertTrue(failed.message().contains(fingerprint) && failed.message().contains(wrong), failed.message());
        assertFalse(Files.exists(dir.resolve("refused.gpg")));
    }
}
