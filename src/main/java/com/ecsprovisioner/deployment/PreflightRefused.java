package com.ecsprovisioner.deployment;

import com.ecsprovisioner.platform.Rejected;

/**
 * A deployment refused by its pre-flight check, with every reason found (not only the first), so that the form can
 * show each next to its field. Its message is all of them, for callers that only show text.
 */
public class PreflightRefused extends Rejected {

    private static final long serialVersionUID = 1L;

    private final Preflight preflight;

    public PreflightRefused(Preflight preflight) {
        super(preflight.summary());
        this.preflight = preflight;
    }

    public Preflight preflight() {
        return preflight;
    }
}
