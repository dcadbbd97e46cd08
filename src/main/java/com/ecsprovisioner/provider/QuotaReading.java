package com.ecsprovisioner.provider;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.QuotaKind;
import jakarta.json.bind.annotation.JsonbTransient;

import java.util.ArrayList;
import java.util.List;

/**
 * One of the region's limits as the product shows it, in the form the catalogue cache stores: read from the cloud,
 * or not readable (with the cloud's reason, which names the policy to grant). For VPCs, whose quota the meter and
 * the warnings need most, an unreadable limit falls back on the documented default with {@code assumed} set, so
 * that every page says it is an assumption.
 *
 * @param used    the use the cloud reports (for an assumed VPC limit: the region's VPCs counted by DescribeVpcs)
 * @param limit   the limit, meaningful only when {@link #hasNumbers()}
 * @param problem why the limit could not be read, or null when it was
 */
public record QuotaReading(QuotaKind kind, String name, int used, int limit, boolean assumed, String problem) {

    /** The documented default (reference §4.6): VPCs per region, before an account raises it in Quota Center. */
    public static final int DEFAULT_VPCS_PER_REGION = 10;

    public boolean hasNumbers() {
        return problem == null || assumed;
    }

    public int remaining() {
        return Math.max(0, limit - used);
    }

    /**
     * Close to full: at most two left, or a tenth of a large limit (vCPUs run out by several at a time). Not stored
     * in the cache: it is worked out from the numbers.
     */
    @JsonbTransient
    public boolean isLow() {
        return hasNumbers() && remaining() <= Math.max(2, limit / 10);
    }

    /** One line for a person, which says when the limit is an assumption and why. */
    public String text() {
        if (!hasNumbers()) {
            return name + ": not readable — " + problem;
        }
        String meter = name + ": " + used + " of " + limit + " used";
        return assumed ? meter + " (" + limit + " is the documented default, ASSUMED: the account's quota could not"
                + " be read — " + problem + ")" : meter;
    }

    /**
     * What the cloud reported, one reading per kind in the port's order. {@code vpcCount} is asked only when the
     * VPC limit could not be read; when it fails too, the VPC reading is unreadable like the others.
     */
    static List<QuotaReading> of(CloudTypes.QuotaReport report, java.util.function.IntSupplier vpcCount) {
        List<QuotaReading> out = new ArrayList<>();
        for (QuotaKind kind : QuotaKind.values()) {
            CloudTypes.Quota q = report.read().get(kind);
            if (q != null) {
                out.add(new QuotaReading(kind, q.name(), q.used(), q.limit(), false, null));
                continue;
            }
            CloudException why = report.unreadable().get(kind);
            String problem = why == null ? "the cloud did not report it" : why.getMessage();
            if (kind == QuotaKind.VPCS_PER_REGION) {
                try {
                    out.add(new QuotaReading(kind, label(kind), vpcCount.getAsInt(), DEFAULT_VPCS_PER_REGION, true, problem));
                    continue;
                } catch (CloudException e) {
                    problem = problem + "; the VPCs could not be counted either: " + e.getMessage();
                }
            }
            out.add(new QuotaReading(kind, label(kind), 0, 0, false, problem));
        }
        return out;
    }

    private static String label(QuotaKind kind) {
        return switch (kind) {
            case VPCS_PER_REGION -> "VPCs per region";
            case SECURITY_GROUPS_PER_REGION -> "Security groups per region";
            case PAY_AS_YOU_GO_VCPUS_PER_REGION -> "Pay-as-you-go vCPUs per region";
        };
    }
}
