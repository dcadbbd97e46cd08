package com.ecsprovisioner.sandbox.cloud;

/**
 * The RAM system policies the product needs, by their real names. Read-only policies allow the Describe actions of
 * their product only.
 */
public enum Policy {
    ECS_FULL("AliyunECSFullAccess"),
    VPC_FULL("AliyunVPCFullAccess"),
    ECS_READ_ONLY("AliyunECSReadOnlyAccess"),
    VPC_READ_ONLY("AliyunVPCReadOnlyAccess"),
    /** Quota Center: read quotas (ListProductQuotas). */
    QUOTAS_READ_ONLY("AliyunQuotasReadOnlyAccess");

    private final String ramName;

    Policy(String ramName) {
        this.ramName = ramName;
    }

    public String ramName() {
        return ramName;
    }

    /** Accepts the RAM name ("AliyunECSFullAccess") or the enum name ("ECS_FULL"), case-insensitively. */
    public static Policy parse(String text) {
        for (Policy p : values()) {
            if (p.ramName.equalsIgnoreCase(text.trim()) || p.name().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown policy '" + text + "'; expected one of AliyunECSFullAccess, "
                + "AliyunVPCFullAccess, AliyunECSReadOnlyAccess, AliyunVPCReadOnlyAccess, AliyunQuotasReadOnlyAccess");
    }

    /** Whether this policy lets a caller run the given action of the given product ("Ecs" or "Vpc"). */
    boolean allows(String product, String action) {
        boolean read = action.startsWith("Describe") || action.startsWith("List");
        return switch (this) {
            case ECS_FULL -> product.equals("Ecs");
            case VPC_FULL -> product.equals("Vpc");
            case ECS_READ_ONLY -> product.equals("Ecs") && read;
            case VPC_READ_ONLY -> product.equals("Vpc") && read;
            case QUOTAS_READ_ONLY -> product.equals("Quotas") && read;
        };
    }
}
