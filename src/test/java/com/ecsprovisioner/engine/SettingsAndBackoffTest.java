package com.ecsprovisioner.engine;

import com.ecsprovisioner.deployment.DeploymentJobs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documented defaults, overriding through config keys, bad values named, and the back-off's bounds. */
class SettingsAndBackoffTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ProvisioningSettings s = ProvisioningSettings.defaults();
        assertEquals(Duration.ofMinutes(10), s.deadline(DeploymentJobs.RUNNING));
        assertEquals(Duration.ofMinutes(5), s.deadline(DeploymentJobs.VPC));
        assertEquals(Duration.ofMinutes(30), s.rollbackDeadline());
        assertEquals(Duration.ofSeconds(2), s.retryFirst());
        assertEquals(Duration.ofSeconds(60), s.retryMax());
        assertEquals(Duration.ofMinutes(2), s.lease());
        assertEquals(Duration.ofSeconds(5), s.pollBootstrap());
        assertEquals(Duration.ofMillis(500), s.pollBootstrapEnd());
        assertEquals(Duration.ofMillis(250), s.pollNear());
        assertEquals(Duration.ofMillis(250), s.sweep());
    }

    @Test
    void aSweepWithoutPauseIsRefusedWithItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProvisioningSettings.from(k -> k.equals("ecs.provisioning.sweep") ? Optional.of("PT0S") : Optional.empty(), List.of()));
        assertEquals("ecs.provisioning.sweep must be at least a millisecond, such as PT0.25S, not \"PT0S\"", e.getMessage());
        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class, () -> ProvisioningSettings.from(
                k -> k.equals("ecs.provisioning.sweep") ? Optional.of("PT0.0005S") : Optional.empty(), List.of()));
        assertTrue(tiny.getMessage().startsWith("ecs.provisioning.sweep must be at least a millisecond"), tiny.getMessage());
    }

    @Test
    void configKeysOverrideAndBadValuesNameTheirKey() {
        Map<String, String> config = Map.of("ecs.provisioning.deadline.ssh", "PT20M", "ecs.provisioning.retry.first", "PT0.5S",
                "ecs.provisioning.poll.bootstrap", "PT2S");
        ProvisioningSettings s = ProvisioningSettings.from(k -> Optional.ofNullable(config.get(k)), config.keySet());
        assertEquals(Duration.ofMinutes(20), s.deadline(DeploymentJobs.SSH));
        assertEquals(Duration.ofMillis(500), s.retryFirst());
        assertEquals(Duration.ofSeconds(2), s.pollBootstrap());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProvisioningSettings.from(k -> k.equals("ecs.provisioning.poll.instance") ? Optional.of("5s") : Optional.empty(), List.of()));
        assertTrue(e.getMessage().startsWith("ecs.provisioning.poll.instance must be"), e.getMessage());
    }

    @Test
    void backoffDoublesWithJitterWithinItsCap() {
        Random random = new Random(3);
        Duration first = Duration.ofSeconds(2);
        Duration max = Duration.ofSeconds(60);
        for (int attempt = 1; attempt <= 40; attempt++) {
            long full = Math.min(60_000, 2_000L << Math.min(attempt - 1, 20));
            for (int i = 0; i < 50; i++) {
                long d = Backoff.delay(attempt, first, max, random).toMillis();
                assertTrue(d >= full / 2 && d <= full, "attempt " + attempt + ": " + d + " ms outside [" + full / 2 + ", " + full + "]");
            }
        }
        assertEquals(Duration.ZERO, Backoff.delay(3, Duration.ZERO, Duration.ZERO, random));
        assertEquals(Duration.ofSeconds(5), Backoff.poll(1, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertEquals(Duration.ofMillis(7500), Backoff.poll(2, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(30), Backoff.poll(50, Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    @Test
    void insideItsWindowAStepIsLookedAtEveryPollNearOrAFortiethOfItsUsualTimeWhenThatIsLonger() {
        Duration near = Duration.ofMillis(250);
        Duration first = Duration.ofSeconds(5);
        Duration max = Duration.ofSeconds(30);
        assertEquals(near, Backoff.pollAround(Duration.ofSeconds(2), 3, first, max, Duration.ofSeconds(3), near),
                "a VPC of 3 s: every 0.25 s");
        assertEquals(Duration.ofSeconds(1), Backoff.pollAround(Duration.ofSeconds(30), 3, first, max, Duration.ofSeconds(40), near),
                "an instance of 40 s: every second, not four times a second for over a minute");
        assertEquals(Duration.ofSeconds(5), Backoff.pollAround(Duration.ofSeconds(100), 1, first, max, Duration.ofSeconds(40), near),
                "beyond twice the usual time: the growing interval");
    }
}
