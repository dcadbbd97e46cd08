package com.ecsprovisioner.deployment;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine harnesses a test started, closed after it (their sandbox and SSH hosts hold ports and threads):
 * register it with {@code @RegisterExtension} and pass every new harness through {@link #add}.
 */
public final class OpenHarnesses implements AfterEachCallback {

    private final List<EngineHarness> open = new ArrayList<>();

    public EngineHarness add(EngineHarness harness) {
        open.add(harness);
        return harness;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        open.forEach(EngineHarness::close);
        open.clear();
    }
}
