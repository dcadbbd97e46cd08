package com.ecsprovisioner.deployment;

import com.ecsprovisioner.bootstrap.BootstrapScripts;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.bootstrap.StepDeclaration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Running bootstrap scripts are looked at every {@code poll.bootstrap}, 5 s by default (each look is a turn of the job, and
 * 100 bootstraps at once share the consumers' sessions), except while their last step runs, when the run may end any
 * moment and a look every {@code poll.bootstrap-end} (0.5 s) sees the end within about half a second, and while the
 * step before it runs (every twice that), so that a short last step cannot begin and end between two looks.
 */
class BootstrapPaceTest {

    private static final Duration NEAR = Duration.ofSeconds(1);
    private static final Duration RUNNERS_SOON = Duration.ofSeconds(2);

    private static final Duration PACE = ProvisioningSettings.defaults().pollBootstrap();

    private final BootstrapScripts scripts = BootstrapScripts.load();
    private final BootstrapStep step = BootstrapStep.standard(new MemoryBootstrapAccess("root", 22, "unused"),
            ProvisioningSettings.defaults(), null);

    @Test
    void beforeTheirLastStepTheScriptsAreLookedAtAtTheProductsPaceEvenWhileOutputFlows() {
        List<StepDeclaration> declared = scripts.steps();
        assertEquals(PACE, step.nextLook(declared.get(0).id(), declared.get(0).id(), false, RUNNERS_SOON, NEAR));
        assertEquals(PACE, step.nextLook(declared.get(declared.size() - 3).id(), declared.get(declared.size() - 3).id(), false, RUNNERS_SOON, NEAR));
        assertEquals(PACE, step.nextLook(null, null, false, RUNNERS_SOON, NEAR), "between steps, or before the first");
    }

    @Test
    void whileTheStepBeforeTheLastRunsTheyAreLookedAtTwiceAsSeldomAsInTheLastSoThatTheLastIsSeenRunning() {
        List<StepDeclaration> declared = scripts.steps();
        String beforeLast = declared.get(declared.size() - 2).id();
        assertEquals(NEAR.multipliedBy(2), step.nextLook(beforeLast, beforeLast, false, RUNNERS_SOON, NEAR));
        assertEquals(PACE, step.nextLook(beforeLast, beforeLast, false, RUNNERS_SOON, Duration.ofSeconds(3)), "never beyond the pace");
        assertEquals(PACE, step.nextLook(beforeLast, beforeLast, false, RUNNERS_SOON, Duration.ZERO), "poll.bootstrap-end off: the pace");
    }

    @Test
    void aLookThatFindsTheStepBeforeTheLastJustEndedComesAgainSoonSinceTheLastStartsAnyMoment() {
        List<StepDeclaration> declared = scripts.steps();
        String beforeLast = declared.get(declared.size() - 2).id();
        String last = declared.get(declared.size() - 1).id();
        assertEquals(NEAR, step.nextLook(null, beforeLast, false, RUNNERS_SOON, NEAR));
        assertEquals(NEAR, step.nextLook(null, last, false, RUNNERS_SOON, NEAR), "the last ended, its result comes next");
        assertEquals(PACE, step.nextLook(null, declared.get(0).id(), false, RUNNERS_SOON, NEAR), "an early step ended");
    }

    @Test
    void whileTheLastStepRunsTheyAreLookedAtEveryPollNear() {
        List<StepDeclaration> declared = scripts.steps();
        String last = declared.get(declared.size() - 1).id();
        assertEquals(NEAR, step.nextLook(last, last, false, RUNNERS_SOON, NEAR));
        assertEquals(NEAR, step.nextLook(last, last, false, Duration.ofSeconds(5), NEAR));
        assertEquals(PACE, step.nextLook(last, last, false, RUNNERS_SOON, Duration.ZERO), "poll.bootstrap-end off: the pace");
    }

    @Test
    void aStartThatFoundTheScriptsRunningLooksAtOnce() {
        assertEquals(Duration.ZERO, step.nextLook(scripts.steps().get(0).id(), scripts.steps().get(0).id(), false, Duration.ZERO, NEAR));
    }

    @Test
    void thePaceIsTheConfiguredPollBootstrap() {
        ProvisioningSettings configured = ProvisioningSettings.from(
                key -> key.equals("ecs.provisioning.poll.bootstrap") ? java.util.Optional.of("PT2S") : java.util.Optional.empty(),
                List.of());
        BootstrapStep paced = BootstrapStep.standard(new MemoryBootstrapAccess("root", 22, "unused"), configured, null);
        assertEquals(Duration.ofSeconds(2), paced.nextLook(scripts.steps().get(0).id(), scripts.steps().get(0).id(), false, RUNNERS_SOON, NEAR));
    }

    @Test
    void nearTheTimeABootstrapUsuallyTakesTheScriptsAreLookedAtEveryBootstrapEndWhateverStepRuns() {
        String first = scripts.steps().get(0).id();
        assertEquals(NEAR, step.nextLook(first, first, true, RUNNERS_SOON, NEAR), "a last step too short to be seen running");

        java.time.Instant t0 = java.time.Instant.parse("2026-12-05T10:00:00Z");
        java.util.Optional<Duration> usual = java.util.Optional.of(Duration.ofSeconds(60));
        assertEquals(false, step.nearUsualEnd(t0, usual, t0.plusSeconds(54)));
        assertEquals(true, step.nearUsualEnd(t0, usual, t0.plusSeconds(55)), "within the pace (5 s) of its usual 60 s");
        assertEquals(true, step.nearUsualEnd(t0, usual, t0.plusSeconds(65)), "up to the pace past its usual time");
        assertEquals(false, step.nearUsualEnd(t0, usual, t0.plusSeconds(66)), "an overrun is looked at at the pace again");
        assertEquals(false, step.nearUsualEnd(t0, java.util.Optional.empty(), t0.plusSeconds(90)), "nothing learned yet");
    }
}
