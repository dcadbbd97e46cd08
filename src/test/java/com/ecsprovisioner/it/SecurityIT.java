package com.ecsprovisioner.it;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.it.support.AppProcess;
import com.ecsprovisioner.it.support.ConsoleClient;
import com.ecsprovisioner.console.LoginPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.ecsprovisioner.it.support.Folders.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The product as the Quick start starts it (the launcher in its own JVM), tried as an attacker on the network or
 * on the machine would: what it listens on, whether a session outlives log-out, deletion or demotion, the login's
 * answers and throttles, and the headers. One start is shared by every test; each test uses users and client
 * addresses of its own (the product trusts this test's address as a proxy, so X-Forwarded-For names the client).
 */
class SecurityIT {

    static final String ADMIN_PASSWORD = "security-it-admin-password";

    static AppProcess app;
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        data = Path.of(System.getProperty("build.directory", "target")).resolve("security-it-data").toAbsolutePath();
        deleteRecursively(data);
        app = AppProcess.start(data, FreePort.next(), FreePort.next(),
                Map.of("ecs.admin.password", ADMIN_PASSWORD, "ecs.http.trusted-proxies", "127.0.0.1"));
        app.awaitReady(Duration.ofMinutes(4));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    // ---- Item 1 and 7: what the product listens on -------------------------------------------------------------

    @Test
    void everySocketTheProductListensOnIsOnLoopbackAndNoneIsTheDataGrid() throws Exception {
        List<String> listening = ListeningSockets.of(app.pid());
        assertFalse(listening.isEmpty(), "no listening socket found for pid " + app.pid());
        for (String socket : listening) {
            assertTrue(socket.startsWith("127.") || socket.startsWith("[::ffff:127.") || socket.startsWith("[::1]"),
                    "listens beyond loopback: " + socket + " (all: " + listening + ")");
            int port = Integer.parseInt(socket.substring(socket.lastIndexOf(':') + 1));
            assertFalse(port >= 5701 && port <= 5801 || port >= 6900 && port <= 7000,
                    "a Hazelcast data-grid port is open: " + socket);
        }
        assertTrue(listening.stream().anyMatch(s -> s.endsWith(":" + app.base().getPort())), listening.toString());
        assertFalse(app.logText().contains("Members {size:"), "the data grid started a cluster member");
    }

    @Test
    void noSingleSignOnCookieIsEverIssued() throws Exception {
        ConsoleClient admin = loggedIn("admin", ADMIN_PASSWORD, "192.0.2.10");
        admin.get("index.xhtml");
        admin.get("settings.xhtml");
        assertTrue(admin.cookie("JSESSIONID").isPresent());
        assertFalse(admin.cookieNames().contains("JSESSIONIDSSO"), admin.cookieNames().toString());
    }

    // ---- Item 2: sessions end --------------------------------------------------------------------------------

    @Test
    void logOutEndsEverySessionOfTheUserAndTheOldCookieOpensNothing() throws Exception {
        addUser("leaver", "leaver-password-1", "viewer");
        ConsoleClient first = loggedIn("leaver", "leaver-password-1", "192.0.2.21");
        ConsoleClient second = loggedIn("leaver", "leaver-password-1", "192.0.2.22");
        String oldCookie = first.cookie("JSESSIONID").orElseThrow();
        first.get("index.xhtml");
        HttpResponse<String> out = first.post("index.xhtml", Map.of("logout-form", "logout-form", "logout-form:logout", ""));
        assertEquals(302, out.statusCode(), out.body());
        assertSentToLogin(replay(oldCookie, "index.xhtml"), "the logged-out cookie replayed");
        assertSentToLogin(second.get("index.xhtml"), "the user's other session after log-out");
    }

    @Test
    void deletingAUserEndsTheirSessionsAtOnce() throws Exception {
        addUser("doomed", "doomed-password-1", "admin");
        ConsoleClient doomed = loggedIn("doomed", "doomed-password-1", "192.0.2.31");
        assertEquals(200, doomed.get("settings.xhtml").statusCode());
        ConsoleClient admin = loggedIn("admin", ADMIN_PASSWORD, "192.0.2.32");
        admin.get("settings.xhtml");
        HttpResponse<String> deleted = admin.ajax("settings.xhtml", "users-form", "users:" + row(admin, "doomed") + ":delete", Map.of());
        assertTrue(deleted.body().contains("User doomed deleted"), deleted.body());
        // An ajax press of the deleted user's page (adding an admin) is sent to the login page and adds nobody.
        HttpResponse<String> attempt = doomed.ajax("settings.xhtml", "add-user-form", "add-user",
                Map.of("new-username", "sneaky", "new-password", "sneaky-password-1", "new-role_input", "admin"));
        assertTrue(attempt.body().contains("<redirect url=\"/login.xhtml\""), attempt.body());
        assertSentToLogin(doomed.get("index.xhtml"), "the deleted user's session");
        assertFalse(admin.get("settings.xhtml").body().contains("sneaky"), "the deleted user added an admin");
    }

    @Test
    void demotingAUserEndsTheirAdminSession() throws Exception {
        addUser("demoted", "demoted-password-1", "admin");
        ConsoleClient demoted = loggedIn("demoted", "demoted-password-1", "192.0.2.41");
        ConsoleClient admin = loggedIn("admin", ADMIN_PASSWORD, "192.0.2.42");
        admin.get("settings.xhtml");
        HttpResponse<String> changed = admin.ajax("settings.xhtml", "users-form", "users:" + row(admin, "demoted") + ":make-viewer", Map.of());
        assertTrue(changed.body().contains("is now viewer"), changed.body());
        assertSentToLogin(demoted.get("index.xhtml"), "the demoted admin's session");
        ConsoleClient again = loggedIn("demoted", "demoted-password-1", "192.0.2.43");
        assertTrue(again.get("index.xhtml").body().contains("role-viewer"), "logged in again as a viewer");
    }

    // ---- Item 3: nothing posted reaches the disk ---------------------------------------------------------------

    @Test
    void aPostedProviderFormLeavesNoByteOfItOnDiskForAdminsAndViewersAlike() throws Exception {
        addUser("uploader", "uploader-password-1", "viewer");
        String marker = "SECRET-MARKER-" + System.nanoTime();
        byte[] smallKey = ("-----BEGIN OPENSSH PRIVATE KEY-----\n" + marker + "\n-----END OPENSSH PRIVATE KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] bigFile = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(bigFile, (byte) 'x');
        System.arraycopy(marker.getBytes(StandardCharsets.US_ASCII), 0, bigFile, 0, marker.length());
        Map<String, String> fields = Map.of("profile", "profile", "profile:access-key-id", "LTAI" + marker,
                "profile:secret", marker, "profile:private-key", marker, "profile:passphrase", marker,
                "jakarta.faces.partial.ajax", "true", "jakarta.faces.source", "profile:passphrase",
                "jakarta.faces.partial.execute", "profile:passphrase", "jakarta.faces.behavior.event", "change");
        for (String[] login : List.of(new String[] {"admin", ADMIN_PASSWORD, "192.0.2.81"},
                new String[] {"uploader", "uploader-password-1", "192.0.2.82"})) {
            ConsoleClient client = loggedIn(login[0], login[1], login[2]);
            client.get("provider.xhtml");
            client.postMultipart("provider.xhtml", fields, "profile:key-file", smallKey);
            try {
                HttpResponse<String> big = client.postMultipart("provider.xhtml", fields, "profile:key-file", bigFile);
                assertFalse(big.body().contains(marker), "the big upload was echoed back");
            } catch (IOException refusedUnread) {
                // Payara closes the connection on a post over the limit without reading it: refused, as wanted.
            }
        }
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(data.resolve("payara-runtime"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(file.getFileName().toString().startsWith("upload_"), "an upload was spooled to " + file);
                if (Files.size(file) < 64L * 1024 * 1024) {
                    assertFalse(contains(Files.readAllBytes(file), needle), "posted bytes on disk in " + file);
                }
            }
        }
        HttpResponse<String> page = loggedIn("admin", ADMIN_PASSWORD, "192.0.2.83").get("provider.xhtml");
        assertFalse(page.body().contains("enctype=\"multipart/form-data\""), "the provider form is still multipart");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // ---- Item 6: login answers and throttles -------------------------------------------------------------------

    @Test
    void unknownUsersWrongPasswordsAndLockedAccountsGetTheSameAnswer() throws Exception {
        addUser("lockedout", "lockedout-password-1", "viewer");
        String unknown = failedLogin("no-such-user", "whatever-password", "192.0.2.51");
        String wrong = failedLogin("lockedout", "wrong-password", "192.0.2.52");
        for (int i = 0; i < 4; i++) {
            failedLogin("lockedout", "wrong-password", "192.0.2.52");
        }
        // The lock is per account and client address: the address that failed is locked out, not the account.
        String locked = failedLogin("lockedout", "lockedout-password-1", "192.0.2.52");
        assertEquals(unknown, wrong);
        assertEquals(unknown, locked);
        loggedIn("lockedout", "lockedout-password-1", "192.0.2.53");

        ConsoleClient admin = loggedIn("admin", ADMIN_PASSWORD, "192.0.2.54");
        admin.get("settings.xhtml");
        HttpResponse<String> unlocked = admin.ajax("settings.xhtml", "users-form", "users:" + row(admin, "lockedout") + ":unlock", Map.of());
        assertTrue(unlocked.body().contains("User lockedout unlocked"), unlocked.body());
        loggedIn("lockedout", "lockedout-password-1", "192.0.2.52");
    }

    @Test
    void wrongPasswordsForAdminFromOneAddressDoNotLockTheAdminOutElsewhere() throws Exception {
        for (int i = 0; i < 9; i++) {
            failedLogin("admin", "wrong-password-" + i, "203.0.113.70");
        }
        failedLogin("admin", ADMIN_PASSWORD, "203.0.113.70");
        loggedIn("admin", ADMIN_PASSWORD, "192.0.2.71");
    }

    @Test
    void anAddressThatKeepsGuessingIsThrottledWhileOthersLogIn() throws Exception {
        for (int i = 0; i < 10; i++) {
            failedLogin("guess-" + i, "guess-password-" + i, "198.51.100.66");
        }
        failedLogin("admin", ADMIN_PASSWORD, "198.51.100.66");
        loggedIn("admin", ADMIN_PASSWORD, "198.51.100.67");
    }

    @Test
    void anAdminResetsAPasswordAndTheOldOneAndItsSessionsStopWorking() throws Exception {
        addUser("forgetful", "forgetful-password-1", "viewer");
        ConsoleClient before = loggedIn("forgetful", "forgetful-password-1", "192.0.2.61");
        ConsoleClient admin = loggedIn("admin", ADMIN_PASSWORD, "192.0.2.62");
        admin.get("settings.xhtml");
        HttpResponse<String> reset = admin.ajax("settings.xhtml", "reset-form", "reset",
                Map.of("reset-user_input", "forgetful", "reset-password", "forgetful-password-2"));
        assertTrue(reset.body().contains("Password of forgetful reset"), reset.body());
        assertSentToLogin(before.get("index.xhtml"), "a session from before the reset");
        failedLogin("forgetful", "forgetful-password-1", "192.0.2.63");
        loggedIn("forgetful", "forgetful-password-2", "192.0.2.63");
        assertTrue(app.logText().contains("Password of console user 'forgetful' reset by admin"), "the reset is not logged");
    }

    // ---- Item 11 and 7: headers ------------------------------------------------------------------------------

    @Test
    void pagesCarryTheSecurityHeadersAndAreNeverStored() throws Exception {
        ConsoleClient admin = loggedIn("admin", ADMIN_PASSWORD, "192.0.2.71");
        for (HttpResponse<String> page : List.of(new ConsoleClient(app.base()).get("login.xhtml"), admin.get("index.xhtml"))) {
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'")
                    && csp.contains("'nonce-") && !csp.contains("unsafe-eval"), csp);
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
            assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(page.headers().firstValue("Strict-Transport-Security").isEmpty(), "HSTS over plain HTTP");
        }
        HttpResponse<String> viaTls = new ConsoleClient(app.base()).header("X-Forwarded-Proto", "https").get("login.xhtml");
        assertTrue(viaTls.headers().firstValue("Strict-Transport-Security").orElse("").startsWith("max-age="),
                "no HSTS behind a trusted proxy that says https");
    }

    @Test
    void theRedirectToTheLoginPageIsNeitherSniffedNorStored() throws Exception {
        // Sent by the authentication mechanism before any servlet filter runs.
        HttpResponse<String> redirect = new ConsoleClient(app.base()).get("servers.xhtml");
        assertEquals(302, redirect.statusCode(), redirect.body());
        assertTrue(redirect.headers().firstValue("Location").orElse("").contains("/login.xhtml"), redirect.headers().toString());
        assertEquals("nosniff", redirect.headers().firstValue("X-Content-Type-Options").orElse(""), redirect.headers().toString());
        assertEquals("no-store", redirect.headers().firstValue("Cache-Control").orElse(""), redirect.headers().toString());
    }

    @Test
    void aRedirectNeverEchoesTheHostHeader() throws Exception {
        String answer = rawGet("/", "evil.example");
        assertTrue(answer.startsWith("HTTP/1.1 302"), answer);
        assertFalse(answer.contains("evil.example"), answer);
    }

    @Test
    void healthAnswersTellAnOutsiderNothingButUpOrDown() throws Exception {
        ConsoleClient anonymous = new ConsoleClient(app.base());
        for (String path : List.of("health", "health/ready", "health/live")) {
            String body = anonymous.get(path).body();
            assertTrue(body.contains("\"UP\""), body);
            for (String detail : List.of("H2", "Artemis", "tcp://", "heap", "Mb", "version")) {
                assertFalse(body.contains(detail), path + " tells " + detail + ": " + body);
            }
        }
        ConsoleClient admin = loggedIn("admin", ADMIN_PASSWORD, "192.0.2.72");
        assertTrue(admin.get("settings.xhtml").body().contains("MiB used of"), "the heap moved to the Settings page");
    }

    // ---- Item 12: bad ids ----------------------------------------------------------------------------------------

    @Test
    void badIdsInPageAddressesAnswerNotFound() throws Exception {
        ConsoleClient admin = loggedIn("admin", ADMIN_PASSWORD, "192.0.2.91");
        for (String page : List.of("server.xhtml?id=abc", "server.xhtml?id=987654321", "server.xhtml",
                "job.xhtml?id=1%27%20OR%201=1", "job.xhtml?id=987654321", "job.xhtml?id=99999999999999999999999")) {
            HttpResponse<String> answer = admin.get(page);
            assertEquals(404, answer.statusCode(), page + ": " + answer.body());
            // (PrimeFaces' settings script names ViewExpiredException's error page; no failure shows a class name.)
            assertFalse(answer.body().contains("NumberFormatException") || answer.body().contains("java.lang."),
                    page + ": " + answer.body());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static ConsoleClient loggedIn(String user, String password, String clientAddress) throws Exception {
        ConsoleClient client = new ConsoleClient(app.base()).header("X-Forwarded-For", clientAddress);
        HttpResponse<String> login = client.login(user, password);
        assertEquals(302, login.statusCode(), user + " could not log in: " + login.body());
        return client;
    }

    /** The text of the error a failed login shows. */
    private static String failedLogin(String user, String password, String clientAddress) throws Exception {
        HttpResponse<String> login = new ConsoleClient(app.base()).header("X-Forwarded-For", clientAddress).login(user, password);
        assertEquals(200, login.statusCode(), user + " logged in");
        Matcher message = Pattern.compile("ui-messages-error-summary\">([^<]*)<").matcher(login.body());
        assertTrue(message.find(), "no error shown: " + login.body());
        assertEquals(LoginPage.FAILED, message.group(1));
        return message.group(1);
    }

    private static void addUser(String username, String password, String role) throws Exception {
        ConsoleClient admin = loggedIn("admin", ADMIN_PASSWORD, "192.0.2.1");
        admin.get("settings.xhtml");
        HttpResponse<String> added = admin.ajax("settings.xhtml", "add-user-form", "add-user",
                Map.of("new-username", username, "new-password", password, "new-role_input", role));
        assertTrue(added.body().contains("added as " + role), added.body());
    }

    /** The row of the users table that shows the named user. */
    private static int row(ConsoleClient admin, String username) throws Exception {
        String page = admin.get("settings.xhtml").body();
        Matcher rows = Pattern.compile("data-ri=\"(\\d+)\"[^>]*>\\s*<td[^>]*>\\s*([^<\\s]+)").matcher(page);
        while (rows.find()) {
            if (rows.group(2).equals(username)) {
                return Integer.parseInt(rows.group(1));
            }
        }
        return fail("no row for " + username + " in " + page);
    }

    private static HttpResponse<String> replay(String sessionCookie, String path) throws Exception {
        HttpClient bare = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        return bare.send(HttpRequest.newBuilder(app.base().resolve(path)).header("Cookie", "JSESSIONID=" + sessionCookie)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertSentToLogin(HttpResponse<String> response, String what) {
        assertEquals(302, response.statusCode(), what + " still opens pages: " + response.body());
        assertTrue(response.headers().firstValue("Location").orElse("").endsWith("/login.xhtml"), what);
    }

    /** A GET with a Host header of our choosing (Java's HTTP client will not send one). */
    private static String rawGet(String path, String host) throws IOException {
        URI base = app.base();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }


    /** The addresses a process listens on (TCP), read from /proc: its socket inodes matched to the kernel's tables. */
    static final class ListeningSockets {
        static List<String> of(long pid) throws IOException {
            Set<String> inodes = new HashSet<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException gone) {
                        // closed meanwhile
                    }
                }
            }
            Map<String, String> found = new LinkedHashMap<>();
            for (String table : List.of("tcp", "tcp6")) {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table)).stream().skip(1).toList()) {
                    String[] f = line.trim().split("\\s+");
                    if (f[3].equals("0A") && inodes.contains(f[9])) {
                        found.put(f[9], address(f[1]));
                    }
                }
            }
            return List.copyOf(found.values());
        }

        private static String address(String hex) {
            String[] parts = hex.split(":");
            int port = Integer.parseInt(parts[1], 16);
            String a = parts[0];
            if (a.length() == 8) {
                return ipv4(a) + ":" + port;
            }
            if (a.startsWith("0000000000000000FFFF0000")) {
                return "[::ffff:" + ipv4(a.substring(24)) + "]:" + port;
            }
            if (a.equals("00000000000000000000000001000000")) {
                return "[::1]:" + port;
            }
            return "[" + a + "]:" + port;
        }

        /** /proc writes IPv4 addresses as little-endian hex. */
        private static String ipv4(String hex) {
            return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                    + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
        }
    }
}
