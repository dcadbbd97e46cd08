package com.ecsprovisioner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.bootstrap.ProgressEvent.Output;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepFailed;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepStarted;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFollowerTest {

    private static final String SECRET = "Zq9-very-secret-Pw";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSecretSplitAcrossEveryPossibleChunkBoundaryIsNeverShown() {
        byte[] log = bytes("before\nthe password is " + SECRET + " indeed\n@@ecs step mariadb fail 1 login failed for " + SECRET + "\n");
        for (int cut = 0; cut <= log.length; cut++) {
            LogFollower follower = new LogFollower(new SecretMasker(List.of(SECRET)), 0);
            List<ProgressEvent> events = new ArrayList<>(follower.accept(Arrays.copyOfRange(log, 0, cut)));
            events.addAll(follower.accept(Arrays.copyOfRange(log, cut, log.length)));
            assertEquals(List.of(new Output("before"), new Output("the password is ****** indeed"),
                    new StepFailed("mariadb", 1, "login failed for ******")), events, "cut at " + cut);
            assertEquals(log.length, follower.committedOffset());
        }
    }

    @Test
    void aMultiByteCharacterSplitAcrossChunksSurvives() {
        byte[] log = bytes("@@ecs step php start Configure PHP-FPM – über ✓\n");
        int inside = new String(log, StandardCharsets.UTF_8).indexOf('✓');
        int cut = bytes(new String(log, StandardCharsets.UTF_8).substring(0, inside)).length + 1;
        LogFollower follower = new LogFollower(SecretMasker.patternsOnly(), 0);
        assertTrue(follower.accept(Arrays.copyOfRange(log, 0, cut)).isEmpty());
        assertEquals(List.of(new StepStarted("php", "Configure PHP-FPM – über ✓")),
                follower.accept(Arrays.copyOfRange(log, cut, log.length)));
    }

    @Test
    void aPrivateKeyBlockIsMaskedLineByLine() {
        String log = "key follows\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQUJDREVGR0g=\n"
                + "-----END OPENSSH PRIVATE KEY-----\nafter\n";
        List<ProgressEvent> events = new LogFollower(SecretMasker.patternsOnly(), 0).accept(bytes(log));
        assertEquals(List.of(new Output("key follows"), new Output("-----BEGIN OPENSSH PRIVATE KEY-----"),
                new Output(SecretMasker.MASK), new Output(SecretMasker.MASK), new Output("-----END OPENSSH PRIVATE KEY-----"),
                new Output("after")), events);
    }

    @Test
    void thePartialLastLineWaitsAndTheCommittedOffsetStopsBeforeIt() {
        LogFollower follower = new LogFollower(SecretMasker.patternsOnly(), 100);
        assertEquals(List.of(new Output("one")), follower.accept(bytes("one\ntw")));
        assertEquals(104, follower.committedOffset());
        // Resuming from the committed offset reads the partial line again, whole.
        LogFollower resumed = new LogFollower(SecretMasker.patternsOnly(), follower.committedOffset());
        assertEquals(List.of(new Output("two")), resumed.accept(bytes("two\r\n")));
        assertEquals(109, resumed.committedOffset());
    }

    @Test
    void finishHandsOutALastLineWithoutNewline() {
        LogFollower follower = new LogFollower(new SecretMasker(List.of(SECRET)), 0);
        assertTrue(follower.accept(bytes("ends with " + SECRET)).isEmpty());
        assertEquals(List.of(new Output("ends with ******")), follower.finish());
        assertTrue(follower.finish().isEmpty());
    }

    @Test
    void theLastLinesOfOutputAreKeptMaskedForAFailureMessage() {
        LogFollower follower = new LogFollower(new SecretMasker(List.of(SECRET)), 0);
        StringBuilder log = new StringBuilder("@@ecs step mariadb start Secure MariaDB\n");
        for (int i = 1; i <= 40; i++) {
            log.append("line ").append(i).append('\n');
        }
        log.append("denied for ").append(SECRET).append("\n@@ecs step mariadb fail 1 boom\n");
        follower.accept(bytes(log.toString()));
        List<String> recent = follower.recentOutput();
        assertEquals(LogFollower.RECENT_LINES, recent.size());
        assertEquals("line 12", recent.get(0));
        assertEquals("denied for ******", recent.get(recent.size() - 1));
    }

    @Test
    void anEndlessLineIsCutInsteadOfBufferedForever() {
        LogFollower follower = new LogFollower(SecretMasker.patternsOnly(), 0);
        byte[] chunk = new byte[LogFollower.MAX_LINE_BYTES + 10];
        Arrays.fill(chunk, (byte) 'x');
        List<ProgressEvent> events = follower.accept(chunk);
        assertEquals(1, events.size());
        assertFalse(((Output) events.get(0)).line().isEmpty());
        assertEquals(LogFollower.MAX_LINE_BYTES, follower.committedOffset());
    }
}
