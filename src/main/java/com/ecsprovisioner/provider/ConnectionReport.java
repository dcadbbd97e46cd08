package com.ecsprovisioner.provider;

import com.ecsprovisioner.cloud.CloudTypes;

import java.time.Instant;
import java.util.List;

/**
 * The answer of "Test connection": whether the credentials work, which of the permissions a deployment needs are
 * granted (each naming the RAM policy that grants it, or unknown with the cloud's code), and the account's quotas in
 * the region as just read ({@code quotaMessage} when they could not be read at all).
 */
public record ConnectionReport(Instant at, boolean credentialsOk, String credentialsMessage,
                               List<CloudTypes.PermissionCheck> permissions, List<QuotaReading> quotas,
                               String quotaMessage) {

    /** The VPCs-per-region reading, null when no quota could be read. */
    public QuotaReading vpcQuota() {
        return quotas.stream().filter(q -> q.kind() == CloudTypes.QuotaKind.VPCS_PER_REGION).findFirst().orElse(null);
    }

    public boolean ok() {
        return credentialsOk && permissions.stream().allMatch(CloudTypes.PermissionCheck::granted);
    }

    public List<String> missingPolicies() {
        return permissions.stream().filter(p -> p.access() == CloudTypes.Access.REFUSED)
                .map(CloudTypes.PermissionCheck::policy).distinct().toList();
    }

    /** The actions whose probe proved neither granted nor refused, with the cloud's code labelled for support. */
    public List<String> unknownActions() {
        return permissions.stream().filter(p -> p.access() == CloudTypes.Access.UNKNOWN)
                .map(p -> p.codeForSupport() == null ? p.action() : p.action() + " (" + p.codeForSupport() + ")").toList();
    }

    /** How the test's first line reads: a success only when nothing is missing, a warning when the key works but
     * lacks permissions (or their answer is not known), a failure when the key itself does not work. */
    public enum Outcome { WORKS, WORKS_WITH_GAPS, FAILS }

    public Outcome outcome() {
        return !credentialsOk ? Outcome.FAILS : ok() ? Outcome.WORKS : Outcome.WORKS_WITH_GAPS;
    }

    /**
     * The test's first line, in the words of what a person can do next: with permissions missing it says which
     * policies to grant and what stays impossible until then, never a plain "works".
     */
    public String headline() {
        return switch (outcome()) {
            case FAILS -> credentialsMessage;
            case WORKS -> "The connection works and the AccessKey has every permission the product needs.";
            case WORKS_WITH_GAPS -> gaps();
        };
    }

    private String gaps() {
        StringBuilder text = new StringBuilder("The connection works, but ");
        List<String> missing = missingPolicies();
        if (!missing.isEmpty()) {
            text.append("the RAM user lacks ").append(String.join(" and ", missing)).append(": ");
            text.append(String.join("; ", missing.stream().map(ConnectionReport::blocked).toList()));
            text.append(". Grant ").append(missing.size() == 1 ? "it" : "them").append(" to the RAM user in the RAM console.");
        } else {
            text.append("whether some actions are allowed is not known (see the table): a deployment may stop at them.");
        }
        return text.toString();
    }

    /** What stays impossible without a policy the product asks for. */
    static String blocked(String policy) {
        return switch (policy == null ? "" : policy) {
            case "AliyunVPCFullAccess" -> "without " + policy + " no server can be deployed, since none can get a network (VPC and vSwitch)";
            case "AliyunECSFullAccess" -> "without " + policy + " no server, key pair, security group, snapshot or image can be created or changed";
            case "AliyunQuotasReadOnlyAccess" -> "without " + policy + " the VPC quota cannot be read, so the dashboard and the pre-flight check assume the default of 10";
            default -> "without " + policy + " some of the product's calls are refused";
        };
    }

    /** One paragraph for the profile list. */
    public String summary() {
        if (!credentialsOk) {
            return credentialsMessage;
        }
        StringBuilder text = new StringBuilder();
        if (ok()) {
            text.append("The connection works with every permission needed.");
        } else {
            if (!missingPolicies().isEmpty()) {
                text.append("Missing permissions: grant ").append(String.join(" and ", missingPolicies()))
                        .append(" to the RAM user in the RAM console.");
            }
            if (!unknownActions().isEmpty()) {
                text.append(text.isEmpty() ? "" : " ").append("Not known whether these are allowed: ")
                        .append(String.join(", ", unknownActions())).append('.');
            }
        }
        for (QuotaReading q : quotas) {
            text.append(' ').append(q.text()).append('.');
        }
        if (quotaMessage != null) {
            text.append(' ').append(quotaMessage);
        }
        return text.toString();
    }
}
