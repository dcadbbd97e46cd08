package com.ecsprovisioner.sandbox.cloud;

import static com.ecsprovisioner.sandbox.cloud.Answers.map;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Quota Center (product "quotas", 2020-05-10), for what the sandbox limits that the real service reports there:
 * ListProductQuotas with {@code ProductCode=vpc} answers the VPCs per region quota (reference §4.6:
 * {@code vpc_quota_instances_num}) for each region, or for the one a {@code regionId} dimension names, with the
 * caller's account's usage. Other products answer an empty list.
 */
final class QuotaCenterActions {

    static final java.util.Set<String> ACTIONS = java.util.Set.of("ListProductQuotas");
    static final String VPCS_PER_REGION = "vpc_quota_instances_num";

    private final SimulatedCloud cloud;

    QuotaCenterActions(SimulatedCloud cloud) {
        this.cloud = cloud;
    }

    Map<String, Object> handle(Call c) {
        if (!c.action().equals("ListProductQuotas")) {
            throw new IllegalStateException(c.action());
        }
        String product = c.required("ProductCode");
        String actionCode = c.get("QuotaActionCode");
        String regionFilter = null;
        for (int n = 1; c.get("Dimensions." + n + ".Key") != null; n++) {
            String key = c.get("Dimensions." + n + ".Key");
            String value = c.get("Dimensions." + n + ".Value");
            if (!key.equals("regionId")) {
                throw new ApiError(400, "DIMENSION.INVALID", "The dimension " + key + " is not valid for product " + product + ".");
            }
            if (value == null || Catalog.region(value) == null) {
                throw new ApiError(400, "DIMENSION.INVALID", "The value of dimension regionId is not valid: " + value);
            }
            regionFilter = value;
        }
        int max = c.integer("MaxResults", 30, 1, 200);
        int offset = Paging.offset(c.get("NextToken"));
        List<Map<String, Object>> all = new ArrayList<>();
        if (product.equals("vpc") && (actionCode == null || actionCode.equals(VPCS_PER_REGION))) {
            for (Catalog.Region region : Catalog.regions()) {
                if (regionFilter == null || regionFilter.equals(region.id())) {
                    all.add(vpcQuota(c, region.id()));
                }
            }
        }
        List<Map<String, Object>> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + max));
        return map("TotalCount", all.size(), "MaxResults", max,
                "NextToken", Paging.nextToken(offset, page.size(), all.size()), "Quotas", List.copyOf(page));
    }

    private Map<String, Object> vpcQuota(Call c, String regionId) {
        String accountId = c.key().accountId();
        long used = cloud.count(accountId, regionId, r -> r.vpcs.values().stream().filter(v -> v.deletedAt == null).count());
        int total = cloud.quotas.vpcsPerRegion();
        return map("ProductCode", "vpc", "QuotaActionCode", VPCS_PER_REGION,
                "QuotaName", "Maximum number of VPCs per region",
                "QuotaDescription", "The maximum number of VPCs that an account can create in a region.",
                "QuotaArn", "acs:quotas:" + regionId + ":" + accountId + ":quota/vpc/" + VPCS_PER_REGION,
                "QuotaType", "normal", "QuotaCategory", "CommonQuota", "QuotaUnit", "",
                "TotalQuota", (double) total, "TotalUsage", (double) used, "Adjustable", true,
                "ApplicableType", "continuous", "ApplicableRange", List.of((double) total, 50.0),
                "Consumable", true, "Dimensions", map("regionId", regionId));
    }
}
