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

    /** The actions whose probe proved neither granted nor refused, with the cloud's code. */
    public List<String> unknownActions() {
        return permissions.stream().filter(p -> p.access() == CloudTypes.Access.UNKNOWN)
                .map(p -> p.action() + " (" + p.answer() + ")").toList();
    }

    /** One paragraph for the profile list. */
    public String summary() {
        if (!credentialsOk) {
            return credentialsMessage;
        }
        StringBuilder text = new StringBuilder();
        if (ok()) {
            text.append("Credentials and permissions OK.");
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
