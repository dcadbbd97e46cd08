package com.ecsprovisioner.cloud.alibaba;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.Access;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The permission check: every action the product calls, each through a probe of {@link PermissionProbes} that
 * cannot change anything. Part of {@link AlibabaRegion}; every call goes through {@link RegionCalls}.
 */
final class PermissionApi {

    private final RegionCalls calls;

    PermissionApi(RegionCalls calls) {
        this.calls = calls;
    }

    /**
     * RAM is checked before DryRun, parameters and existence (reference §4.5), so an action is granted when its
     * probe succeeds, answers DryRunOperation, answers "not found" for the id that cannot exist, or answers the
     * refusal of the malformed value its probe names. A RAM denial says it is missing. Any other answer proves
     * neither and is reported as unknown with its code, never as granted. Credentials and a cloud that does not
     * answer end the check: then no probe could say anything.
     */
    List<CloudTypes.PermissionCheck> checkPermissions(CloudTypes.PermissionProbe probe) {
        Objects.requireNonNull(probe, "probe");
        List<CloudTypes.PermissionCheck> out = new ArrayList<>();
        for (PermissionProbes.Probe p : PermissionProbes.all(calls.regionId(), probe)) {
            out.add(run(p));
        }
        return out;
    }

    private CloudTypes.PermissionCheck run(PermissionProbes.Probe probe) {
        String policy = probe.product().grantingPolicy;
        try {
            probe.call().accept(calls);
            return new CloudTypes.PermissionCheck(probe.action(), Access.GRANTED, policy, null, null);
        } catch (CloudException e) {
            if (e.kind() == Kind.BAD_CREDENTIALS || e.kind() == Kind.UNAVAILABLE) {
                throw e;
            }
            if (e.kind() == Kind.FORBIDDEN && e.missingPolicy() != null) {
                return new CloudTypes.PermissionCheck(probe.action(), Access.REFUSED, e.missingPolicy(), null, e.getMessage());
            }
            if ("DryRunOperation".equals(e.code()) || "DRYRUN.SUCCESS".equals(e.code())
                    || e.kind() == Kind.NOT_FOUND || probe.proving().contains(e.code())) {
                return new CloudTypes.PermissionCheck(probe.action(), Access.GRANTED, policy, null, null);
            }
            return new CloudTypes.PermissionCheck(probe.action(), Access.UNKNOWN, policy,
                    e.code() == null ? "no code" : e.code(), e.getMessage());
        }
    }
}
