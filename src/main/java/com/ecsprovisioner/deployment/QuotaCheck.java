package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.QuotaKind;
import com.ecsprovisioner.engine.NetworkPolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of the pre-flight check that reads the account's own quotas ({@link CloudRegion#quotas()}): a deployment
 * that a used-up quota would stop half-way is refused before anything is created. A server of its own network needs
 * one more VPC; every server needs a security group of its own (in the shared network too, so that a firewall rule
 * never reaches another server) and its instance type's vCPUs. A limit the cloud would not report
 * refuses nothing (the cloud's own refusal then stops the step, as before): it is never guessed.
 */
final class QuotaCheck {

    private QuotaCheck() {
    }

    /** What {@code servers} servers of this kind would need beyond what the quotas leave, one sentence per quota. */
    static List<String> shortfalls(CloudRegion cloud, NetworkPolicy network, String instanceType, int servers) {
        CloudTypes.QuotaReport report = cloud.quotas();
        List<String> found = new ArrayList<>();
        if (network == NetworkPolicy.PER_SERVER) {
            need(report, QuotaKind.VPCS_PER_REGION, servers, servers, found,
                    "delete unused VPCs (Clean-up), use the shared network policy, or raise the quota in the Quota Center");
        }
        need(report, QuotaKind.SECURITY_GROUPS_PER_REGION, servers, servers, found,
                "delete unused security groups (Clean-up) or raise the quota in the Quota Center");
        if (report.get(QuotaKind.PAY_AS_YOU_GO_VCPUS_PER_REGION).isPresent()) {
            int cores = cloud.instanceTypes().stream().filter(t -> t.id().equals(instanceType))
                    .mapToInt(CloudTypes.InstanceType::cpuCores).findFirst().orElse(0);
            need(report, QuotaKind.PAY_AS_YOU_GO_VCPUS_PER_REGION, cores * servers, servers, found,
                    "release servers, choose a smaller instance type, or raise the quota in the ECS console");
        }
        return found;
    }

    private static void need(CloudTypes.QuotaReport report, QuotaKind kind, int wanted, int servers, List<String> found,
                             String advice) {
        report.get(kind).ifPresent(q -> {
            if (wanted > 0 && q.remaining() < wanted) {
                found.add("The account's quota is used up: " + q.name() + " " + q.used() + " of " + q.limit()
                        + " (as the cloud reports it), and " + (servers == 1 ? "this server needs " : "these " + servers + " servers need ")
                        + wanted + " more: " + advice);
            }
        });
    }
}
