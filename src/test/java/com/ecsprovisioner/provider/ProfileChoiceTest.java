package com.ecsprovisioner.provider;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProfileChoiceTest {

    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    private static ProviderProfile profile(String name, Boolean lastTest) {
        ProviderProfile p = new ProviderProfile(name, "LTAI-test", "sealed", null, "cn-hangzhou", "key", "aa:bb",
                "sealed-key", null, T);
        if (lastTest != null) {
            p.recordCheck(T, lastTest, lastTest ? "works" : "InvalidAccessKeyId");
        }
        return p;
    }

    @Test
    void aProfileWhoseLastTestFailedIsNeverPreselected() {
        ProviderProfile failed = profile("Broken", false);
        ProviderProfile untested = profile("New", null);
        ProviderProfile works = profile("Works", true);
        assertEquals(Optional.of(untested), ProviderProfile.firstNotFailed(List.of(failed, untested, works)));
        assertEquals(Optional.of(works), ProviderProfile.firstNotFailed(List.of(failed, works)));
        assertEquals(Optional.empty(), ProviderProfile.firstNotFailed(List.of(failed)));
    }
}
