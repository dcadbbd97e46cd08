package com.ecsprovisioner.cloud.alibaba;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what Alibaba Cloud answered (HTTP status, error code, message) into the port's small vocabulary. One table,
 * looked up in this order: the exact code, then the code's family (prefix or suffix), then the HTTP status. The
 * table is the only place that knows Alibaba's codes; the reference (§4.7 and appendix C) is where they come from.
 * <p>
 * "Transient" follows what the cloud documents as passing by itself: throttling, server errors, time-outs, and the
 * busy codes of asynchronous work ({@code OperationConflict}, {@code IncorrectVSwitchStatus},
 * {@code LastTokenProcessing}, {@code IncorrectInstanceStatus} while an instance is between states, and
 * {@code DependencyViolation.*} while a child resource is still being released). Quotas, missing permissions and
 * invalid parameters are permanent: retrying the same call cannot help.
 * <p>
 * Messages are written for a person and never contain the secret; the cloud's own code and request id stay on the
 * exception for the log.
 */
final class ErrorClassifier {

    /**
     * The API an error came from; it decides which RAM policy grants the missing permission: full access for the
     * APIs the product changes things through, read-only for Quota Center, which it only reads.
     */
    enum Product {
        ECS("AliyunECSFullAccess"), VPC("AliyunVPCFullAccess"), QUOTAS("AliyunQuotasReadOnlyAccess");

        final String grantingPolicy;

        Product(String grantingPolicy) {
            this.grantingPolicy = grantingPolicy;
        }
    }

    /**
     * @param advice     the message for a person; {action}, {policy}, {region} and {detail} (the cloud's own message)
     *                   are filled in
     * @param ramPolicy  true when the failure is a missing RAM permission, so the product's policy is named
     */
    record Rule(Kind kind, boolean transientFailure, boolean ramPolicy, String advice) {
    }

    private static final Map<String, Rule> EXACT = new LinkedHashMap<>();
    private static final List<Map.Entry<String, Rule>> PREFIXES;
    private static final Rule NOT_FOUND = new Rule(Kind.NOT_FOUND, false, false,
            "{action} failed: the resource does not exist (any more): {detail}");
    private static final Rule INVALID = new Rule(Kind.INVALID_REQUEST, false, false,
            "Alibaba Cloud rejected {action}: {detail}");
    private static final Rule UNAVAILABLE = new Rule(Kind.UNAVAILABLE, true, false,
            "Alibaba Cloud did not answer {action} properly (server error); it will be tried again: {detail}");

    static {
        // Credentials. The SDK itself reports a wrong secret when the server echoes a string to sign equal to its own.
        Rule wrongSecret = rule(Kind.BAD_CREDENTIALS, false, "The AccessKey secret is wrong: check it in the RAM console.");
        exact(wrongSecret, "SDK.InvalidAccessKeySecret", "SignatureDoesNotMatch", "IncompleteSignature");
        exact(rule(Kind.BAD_CREDENTIALS, false,
                        "The AccessKey ID is not known to Alibaba Cloud: check it, or create an AccessKey in the RAM console."),
                "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId");
        exact(rule(Kind.BAD_CREDENTIALS, false,
                        "The AccessKey is disabled: enable it or create a new one in the RAM console."),
                "InvalidAccessKeyId.Inactive", "Forbidden.AccessKeyDisabled");
        exact(rule(Kind.BAD_CREDENTIALS, false,
                        "The security token is missing, expired or does not belong to the AccessKey: get a new STS token."),
                "InvalidSecurityToken.Expired", "InvalidSecurityToken.Malformed",
                "InvalidSecurityToken.MismatchWithAccessKey", "MissingSecurityToken");

        // Missing RAM permissions. "Forbbiden" is the VPC API's own spelling.
        Rule ram = new Rule(Kind.FORBIDDEN, false, true,
                "The RAM user may not call {action}: grant {policy} to it in the RAM console.");
        exact(ram, "NoPermission.Tag", "Forbidden.RAM", "Forbbiden", "Forbidden", "Forbidden.SubUser", "Forbidden.Unauthorized",
                "Forbidden.NotSupportRAM", "InvalidUser.Unauthorized");
        exact(rule(Kind.FORBIDDEN, false,
                        "The account may not use any region: check that it is verified and not restricted in the Alibaba Cloud console."),
                "Unauthorized.EmptyRegion");
        exact(rule(Kind.FORBIDDEN, false,
                        "The account has an overdue payment or too little balance: top it up in the Alibaba Cloud console."),
                "Account.Arrearage", "InvalidAccountStatus.NotEnoughBalance", "InstanceExpiredOrInArrears",
                "InsufficientBalance", "InvalidInstance.UnPaidOrder", "InvalidPayMethod", "DiskInArrears");
        exact(rule(Kind.FORBIDDEN, false,
                        "The account must complete real-name verification before it can buy resources: do it in the Alibaba Cloud console."),
                "RealNameAuthenticationError");
        exact(rule(Kind.FORBIDDEN, false,
                        "The account may not use region {region}: choose another region or ask Alibaba Cloud to open it."),
                "RegionUnauthorized");
        exact(rule(Kind.FORBIDDEN, false,
                        "Alibaba Cloud's risk control blocked {action}: contact Alibaba Cloud support."),
                "Forbidden.RiskControl");

        // Throttling: the engine backs off and retries.
        exact(rule(Kind.THROTTLED, true, "Too many calls to Alibaba Cloud ({action}); it will be tried again later."),
                "Throttling", "Throttling.User", "Throttling.Api", "SDK.TriggerThrottlingPolicy");

        // Quotas.
        exact(rule(Kind.QUOTA_EXCEEDED, false,
                        "The region already holds as many VPCs as the account may have (10 by default): delete unused VPCs or raise the quota in the Quota Center."),
                "QuotaExceeded.Vpc");
        exact(rule(Kind.QUOTA_EXCEEDED, false,
                        "The VPC already holds as many vSwitches as the account may have: delete unused vSwitches or raise the quota in the Quota Center."),
                "QuotaExceeded.VSwitch");
        exact(rule(Kind.QUOTA_EXCEEDED, false,
                        "The region already holds as many security groups as the account may have (100 by default): delete unused ones."),
                "QuotaExceed.SecurityGroup");
        exact(rule(Kind.QUOTA_EXCEEDED, false,
                        "The region already holds as many key pairs as the account may have (500 by default): delete unused ones."),
                "QuotaExceed.KeyPair");
        exact(rule(Kind.QUOTA_EXCEEDED, false,
                        "The account's instance or vCPU quota in this region is used up: release servers or raise the quota in the ECS console."),
                "QuotaExceed.ElasticQuota");
        exact(rule(Kind.QUOTA_EXCEEDED, false,
                        "The security group already holds as many rules as it may (200): remove unused rules."),
                "AuthorizationLimitExceed");
        exact(rule(Kind.QUOTA_EXCEEDED, false,
                        "The vSwitch has no free private IP address left: use another vSwitch or a larger CIDR block."),
                "InvalidVSwitchId.IpNotEnough", "QuotaExceeded.PrivateIpAddress");
        exact(rule(Kind.QUOTA_EXCEEDED, false, "A limit is reached for {action}: {detail}"),
                "SecurityGroupInstanceLimitExceed", "JoinedGroupLimitExceed", "InstanceDiskNumber.LimitExceed",
                "InstanceDiskNumLimitExceed");

        // Stock: the zone cannot supply this instance type (now); the caller may pick another zone or type.
        exact(rule(Kind.OUT_OF_STOCK, false,
                        "The zone has no stock of the requested instance type or disk right now: choose another zone or instance type."),
                "OperationDenied.NoStock", "InvalidResourceType.NotSupported", "InvalidInstanceType.ZoneNotSupported",
                "InvalidInstanceType.NotSupported", "InstanceType.Offline", "Zone.NotOnSale", "Zone.NotOpen",
                "OperationDenied.ZoneNotAllowed", "InsufficientPublicIp");

        // Busy: the resource is between states, or a child is still being released. These pass by themselves.
        Rule busy = rule(Kind.CONFLICT, true,
                "{action} cannot run while the resource is busy (another operation is in progress); it will be tried again: {detail}");
        exact(busy, "OperationConflict", "IncorrectVSwitchStatus", "LastTokenProcessing", "IncorrectInstanceStatus",
                "IncorrectInstanceStatus.Initializing", "IdempotentProcessing", "IncorrectVpcStatus", "IncorrectStatus",
                "OperationDenied.OtherSubnetProcessing", "InvalidStatus.ValueNotSupported", "IncorrectDiskStatus",
                "IncorrectDiskStatus.CreatingSnapshot", "IncorrectDiskStatus.Transferring", "InstanceNotReady",
                "OperationDenied.CreatingConflict", "IncorrectRouteEntryStatus");
        // Permanent conflicts.
        exact(rule(Kind.CONFLICT, false, "A key pair with that name already exists in the region: choose another name."),
                "KeyPair.AlreadyExist");
        exact(rule(Kind.CONFLICT, false, "{action} failed: the CIDR block overlaps another vSwitch of the VPC: {detail}"),
                "InvalidCidrBlock.Overlapped");
        exact(rule(Kind.CONFLICT, false, "{action} failed: the resource is protected or locked: {detail}"),
                "InvalidOperation.DeletionProtection", "InstanceLockedForSecurity", "AllocatedAlready");
        exact(rule(Kind.INVALID_REQUEST, false,
                        "{action} was repeated with the same client token but different parameters: {detail}"),
                "IdempotentParameterMismatch", "InvalidIdempotenceParameter.Mismatch");
        exact(rule(Kind.INVALID_REQUEST, false, "Key pairs cannot be used with Windows images: {detail}"),
                "DependencyViolation.WindowsInstance");
        // These two name a parameter that does not fit the instance type, not a resource still being released.
        exact(INVALID, "DependencyViolation.IoOptimized", "DependencyViolation.InstanceType");

        // Not found, with the one whose suffix does not say so.
        exact(rule(Kind.NOT_FOUND, false,
                        "The region {region} does not exist or the account may not use it: choose another region."),
                "InvalidRegionId.NotFound", "Unavailable.Regions", "Forbidden.RegionId", "SDK.InvalidRegionId");
        exact(NOT_FOUND, "Forbidden.VpcNotFound", "InvalidSecurityGroup.NotFound", "VpcNotFound",
                "InvalidVSwitchId.NotExist", "InvalidSecurityGroupId");

        // Server side and transport.
        exact(UNAVAILABLE, "InternalError", "ServiceUnavailable", "ServiceUnavailable.RegionMaintaining");
        exact(rule(Kind.UNAVAILABLE, true,
                        "Alibaba Cloud could not be reached for {action} (no connection or no answer in time); it will be tried again."),
                "SDK.ServerUnreachable", "SDK.ReadTimeout", "SDK.ConnectTimeout", "SDK.RequestTryOrRetryFailed",
                "SDK.InterruptedException", "ConnectTimeout", "ReadTimeout");

        PREFIXES = List.of(
                Map.entry("Throttling", rule(Kind.THROTTLED, true,
                        "Too many calls to Alibaba Cloud ({action}); it will be tried again later.")),
                Map.entry("QuotaExceed", rule(Kind.QUOTA_EXCEEDED, false, "A quota is used up for {action}: {detail}")),
                Map.entry("OperationDenied.QuotaExceed", rule(Kind.QUOTA_EXCEEDED, false, "A quota is used up for {action}: {detail}")),
                Map.entry("DependencyViolation", rule(Kind.CONFLICT, true,
                        "{action} must wait until the resources that depend on it are released; it will be tried again: {detail}")),
                Map.entry("Forbidden", ram),
                Map.entry("PermissionDenied", ram),
                Map.entry("InvalidAccessKeyId", EXACT.get("InvalidAccessKeyId")),
                Map.entry("ServiceUnavailable", UNAVAILABLE),
                Map.entry("InternalError", UNAVAILABLE),
                Map.entry("Invalid", INVALID),
                Map.entry("MissingParameter", INVALID));
    }

    private ErrorClassifier() {
    }

    private static Rule rule(Kind kind, boolean transientFailure, String advice) {
        return new Rule(kind, transientFailure, false, advice);
    }

    private static void exact(Rule rule, String... codes) {
        for (String code : codes) {
            EXACT.put(code, rule);
        }
    }

    /** The rule for a code, falling back on its family and then on the HTTP status (0 when no answer came). */
    static Rule rule(int httpStatus, String code) {
        if (code != null) {
            Rule r = EXACT.get(code);
            if (r != null) {
                return r;
            }
            if (code.endsWith(".NotFound")) {
                return NOT_FOUND;
            }
            for (Map.Entry<String, Rule> e : PREFIXES) {
                if (code.startsWith(e.getKey())) {
                    return e.getValue();
                }
            }
        }
        if (httpStatus >= 500 || httpStatus == 408 || httpStatus == 0) {
            return UNAVAILABLE;
        }
        if (httpStatus == 429) {
            return EXACT.get("Throttling");
        }
        if (httpStatus == 404) {
            return NOT_FOUND;
        }
        if (httpStatus == 409) {
            return EXACT.get("OperationConflict");
        }
        return INVALID;
    }

    /**
     * Builds the exception for one failed call.
     *
     * @param action      the API action, e.g. "CreateVpc"
     * @param httpStatus  the HTTP status, 0 when no answer came
     * @param authAction  from the RAM denial detail (e.g. "ecs:RunInstances"), or null
     */
    static CloudException classify(Product product, String action, String regionId, int httpStatus, String code,
                                   String cloudMessage, String requestId, String authAction, Throwable cause) {
        Rule r = rule(httpStatus, code);
        String policy = r.ramPolicy() ? product.grantingPolicy : null;
        String what = authAction != null && !authAction.isBlank() ? authAction
                : product.name().toLowerCase(java.util.Locale.ROOT) + ":" + action;
        String detail = cloudMessage == null || cloudMessage.isBlank() ? (code == null ? "(no details)" : "(cloud error code: " + code + ")")
                : shorten(cloudMessage);
        String message = r.advice()
                .replace("{action}", r.ramPolicy() ? what : action)
                .replace("{policy}", policy == null ? "" : policy)
                .replace("{region}", regionId == null ? "?" : regionId)
                .replace("{detail}", detail);
        return new CloudException(r.kind(), code, requestId, message, r.transientFailure(), policy, cause);
    }

    /** The cloud's message can be long (a whole string to sign); a person needs its first sentence or so. */
    private static String shorten(String message) {
        String m = message.strip();
        int sts = m.indexOf("string to sign");
        if (sts > 0) {
            m = m.substring(0, sts).strip();
        }
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
