package com.ecsprovisioner.sandbox.cloud;

/**
 * Per-account limits with Alibaba's documented defaults (reference §4.6). Exceeding one answers with its real code;
 * DescribeAccountAttributes and Quota Center's ListProductQuotas read them.
 *
 * @param vcpusPerRegion pay-as-you-go vCPUs of the live instances of a region (DescribeAccountAttributes'
 *                       {@code max-postpaid-instance-vcpu-count})
 */
public record Quotas(int vpcsPerRegion, int vSwitchesPerVpc, int securityGroupsPerRegion, int rulesPerSecurityGroup,
                     int keyPairsPerRegion, int instancesPerRegion, int vcpusPerRegion) {

    /** The largest instance type of the sandbox's catalogue has this many vCPUs. */
    private static final int MAX_VCPUS_PER_INSTANCE = 4;

    public static final Quotas DEFAULT = new Quotas(10, 150, 100, 200, 500, 100, 500);

    /** Without a vCPU quota of its own: one that the instance quota always reaches first. */
    public Quotas(int vpcsPerRegion, int vSwitchesPerVpc, int securityGroupsPerRegion, int rulesPerSecurityGroup,
                  int keyPairsPerRegion, int instancesPerRegion) {
        this(vpcsPerRegion, vSwitchesPerVpc, securityGroupsPerRegion, rulesPerSecurityGroup, keyPairsPerRegion,
                instancesPerRegion, (int) Math.min(Integer.MAX_VALUE, (long) instancesPerRegion * MAX_VCPUS_PER_INSTANCE));
    }

    public Quotas {
        if (vpcsPerRegion < 0 || vSwitchesPerVpc < 0 || securityGroupsPerRegion < 0 || rulesPerSecurityGroup < 0
                || keyPairsPerRegion < 0 || instancesPerRegion < 0 || vcpusPerRegion < 0) {
            throw new IllegalArgumentException("Quotas must be zero or positive");
        }
    }
}
