package com.ecsprovisioner.deployment;

import static com.ecsprovisioner.deployment.EngineHarness.PROFILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.sandbox.api.FaultRule;
import com.ecsprovisioner.sandbox.api.TransientAnswer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine and the real adapter against the sandbox with each transient answer injected on every create a
 * deployment makes, and answers lost after the work was done: every deployment succeeds, the answers were met and
 * retried, and the cloud holds one VPC, vSwitch, security group and instance per server, never a second.
 */
class DeploymentTransientAnswersSandboxTest {

    private static final List<String> CREATES = List.of("CreateVpc", "CreateVSwitch", "CreateSecurityGroup",
            "AuthorizeSecurityGroup", "RunInstances");

    @RegisterExtension
    final OpenHarnesses open = new OpenHarnesses();

    /** The test's own look at the cloud is not faulted (describes are not), but it asks again on a transient failure. */
    private static <T> T patiently(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (CloudException e) {
                if (!e.isTransient() || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TransientAnswer.class)
    void eachTransientAnswerOnTheCreatesIsRetriedAndEveryServerGetsOneOfEach(TransientAnswer answer) {
        FaultRule rule = FaultRule.parse(answer.code() + "=0.3,lost=0.15");
        EngineHarness h = new EngineHarness(b -> {
            b.faultSeed(15);
            CREATES.forEach(action -> b.fault(action, rule));
        });
        open.add(h);
        List<Job> jobs = List.of(h.deploy(DeployRequest.withDefaults("busy-1", PROFILE)),
                h.deploy(DeployRequest.withDefaults("busy-2", PROFILE)));
        h.runUntilSettled(Duration.ofSeconds(60));

        jobs.forEach(j -> assertEquals(JobState.SUCCEEDED, j.getState(), h.describe()));
        assertEquals(2, patiently(() -> h.region("sandbox-admin").instancesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE))).size(),
                "no instance made twice");
        assertEquals(6, patiently(() -> h.region("sandbox-admin").networkResourcesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE))).size(),
                "no VPC, vSwitch or security group made twice");
        List<String> retried = jobs.stream().flatMap(j -> j.log().stream())
                .filter(l -> l.getLevel() == JobLogEntry.Level.WARN).map(JobLogEntry::getMessage).toList();
        assertTrue(retried.stream().anyMatch(m -> m.contains(answer.code())), answer.code() + " not met: " + retried);
    }
}
