package com.ecsprovisioner.sandbox.cloud;

/**
 * Per-account limits with Alibaba's documented defaults (reference §4.6). Exceeding one answers with its real code.
 */
public record Quotas(int vpcsPerRegion, int vSwitchesPerVpc, int securityGroupsPerRegion, int rulesPerSecurityGroup,
                     int keyPairsPerRegion, int instancesPerRegion) {

    public static final Quotas DEFAULT = new Quotas(10, 150, 100, 200, 500, 100);

    public Quotas {
        if (vpcsPerRegion < 0 || vSwitchesPerVpc < 0 || securityGroupsPerRegion < 0 || rulesPerSecurityGroup < 0
                || keyPairsPerRegion < 0 || instancesPerRegion < 0) {
            throw new IllegalArgumentException("Quotas must be zero or positive");
        }
    }
}
