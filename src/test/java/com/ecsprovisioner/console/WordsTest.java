package com.ecsprovisioner.console;

import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.server.ServerStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What pages say instead of enum names, class names and doubled labels. */
class WordsTest {

    private final Words words = new Words();

    @Test
    void everyStateAndPolicyHasWordsWithoutUnderscoresOrCapitals() {
        for (JobState state : JobState.values()) {
            assertFalse(words.job(state).matches(".*[_A-Z].*"), words.job(state));
        }
        for (ServerStatus status : ServerStatus.values()) {
            assertFalse(words.of(status).matches(".*[_A-Z].*"), words.of(status));
        }
        for (NetworkPolicy policy : NetworkPolicy.values()) {
            assertFalse(words.network(policy).contains(policy.name()), words.network(policy));
        }
        assertEquals("rolling back", words.job(JobState.ROLLING_BACK));
    }

    @Test
    void aReasonThatRepeatsItsBadgeIsNotShownBesideIt() {
        assertNull(words.besides("active", "active"));
        assertNull(words.besides("succeeded", "Succeeded."));
        assertEquals("the zone ran out of stock", words.besides("failed", "failed: the zone ran out of stock"));
        assertEquals("running: bootstrap", words.besides("succeeded", "running: bootstrap"));
    }

    @Test
    void exceptionClassNamesAreLeftOut() {
        assertEquals("SSH: Connection refused", Words.withoutClassNames("SSH: java.net.ConnectException: Connection refused"));
        assertEquals("Connection timed out", Words.withoutClassNames("com.jcraft.jsch.JSchException: Connection timed out"));
        assertEquals("see example.com for details", Words.withoutClassNames("see example.com for details"));
    }

    @Test
    void durationsAndTimesReadAtAGlance() {
        assertEquals("850 ms", Words.duration(Duration.ofMillis(850)));
        assertEquals("42 s", Words.duration(Duration.ofSeconds(42)));
        assertEquals("3 min 05 s", Words.duration(Duration.ofSeconds(185)));
        assertEquals("1 h 12 min", Words.duration(Duration.ofMinutes(72)));
        assertEquals("2026-12-04 22:59:24 UTC", words.utc(Instant.parse("2026-12-04T22:59:24Z")));
    }
}
