package com.ecsprovisioner.sandbox.cloud;

import static com.ecsprovisioner.sandbox.cloud.Answers.map;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ECS says about the account and its costs: DescribeAccountAttributes from the sandbox's configured quotas and
 * its region's usage, DescribePrice from the illustrative {@link PriceTable}. Runs under the region lock
 * {@link EcsActions} takes.
 */
final class AccountActions {

    /** The attributes answered, by the names the real API gives them, in its order. */
    private static final List<String> ATTRIBUTES = List.of("max-security-groups", "max-postpaid-instance-vcpu-count",
            "used-postpaid-instance-vcpu-count", "instance-network-type");

    private final SimulatedCloud cloud;

    AccountActions(SimulatedCloud cloud) {
        this.cloud = cloud;
    }

    Map<String, Object> describeAccountAttributes(Call c, RegionState r) {
        List<String> asked = c.repeated("AttributeName");
        List<Object> items = new ArrayList<>();
        for (String name : ATTRIBUTES) {
            if (!asked.isEmpty() && !asked.contains(name)) {
                continue;
            }
            Map<String, Object> value = switch (name) {
                case "max-security-groups" -> valueItem(cloud.quotas.securityGroupsPerRegion(), null);
                case "max-postpaid-instance-vcpu-count" -> valueItem(cloud.quotas.vcpusPerRegion(), "PostPaid");
                case "used-postpaid-instance-vcpu-count" -> valueItem(InstanceActions.usedVcpus(r), "PostPaid");
                default -> map("Value", "vpc", "Count", 1);
            };
            items.add(map("AttributeName", name, "AttributeValues", Resources.wrap("ValueItem", List.of(value))));
        }
        return map("AccountAttributeItems", Resources.wrap("AccountAttributeItem", items));
    }

    private static Map<String, Object> valueItem(long value, String chargeType) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Value", String.valueOf(value));
        m.put("Count", 1);
        if (chargeType != null) {
            m.put("InstanceChargeType", chargeType);
        }
        return m;
    }

    /** Prices in {@code regionId}: the table's amounts times the region's factor (regions do not cost the same). */
    Map<String, Object> describePrice(Call c, String regionId) {
        String resourceType = c.get("ResourceType", "instance");
        int hours = switch (c.get("PriceUnit", "Hour")) {
            case "Hour" -> 1;
            case "Month" -> 730;
            case "Year" -> 8760;
            default -> throw new ApiError(400, "InvalidPriceUnit.ValueNotSupported", "The specified PriceUnit is not valid.");
        };
        int period = c.integer("Period", 1, 1, 60);
        int amount = c.integer("Amount", 1, 1, 1000);
        List<Map<String, Object>> details = new ArrayList<>();
        switch (resourceType) {
            case "instance" -> {
                String type = c.required("InstanceType");
                BigDecimal price = PriceTable.instanceHour(type);
                if (price == null) {
                    throw new ApiError(400, "InvalidInstanceType.ValueNotSupported", "The specified InstanceType does not exist.");
                }
                details.add(detail("instanceType", price));
                String category = c.get("SystemDisk.Category", "cloud_efficiency");
                details.add(detail("systemDisk", disk(category, c.integer("SystemDisk.Size", 40, 20, 2048),
                        "InvalidSystemDiskCategory.ValueNotSupported")));
                BigDecimal dataDisks = dataDisks(c);
                if (dataDisks.signum() > 0) {
                    details.add(detail("dataDisk", dataDisks));
                }
                BigDecimal bandwidth = bandwidth(c, false);
                if (bandwidth != null) {
                    details.add(detail("bandwidth", bandwidth));
                }
            }
            case "disk" -> {
                if (c.get("DataDisk.1.Category") == null && c.get("DataDisk.1.Size") == null) {
                    throw ApiError.missing("DataDisk.1.Size");
                }
                details.add(detail("dataDisk", dataDisks(c)));
            }
            case "bandwidth" -> details.add(detail("bandwidth", bandwidth(c, true)));
            default -> throw new ApiError(400, "InvalidResourceType.ValueNotSupported",
                    "The specified ResourceType is not valid: " + resourceType);
        }
        BigDecimal factor = BigDecimal.valueOf((long) hours * period * amount).multiply(PriceTable.regionFactor(regionId));
        BigDecimal total = BigDecimal.ZERO;
        List<Object> detailInfos = new ArrayList<>();
        for (Map<String, Object> d : details) {
            BigDecimal p = ((BigDecimal) d.get("price")).multiply(factor);
            total = total.add(p);
            double shown = round(p);
            detailInfos.add(map("Resource", d.get("resource"), "OriginalPrice", shown, "DiscountPrice", 0.0,
                    "TradePrice", shown, "SubRules", Resources.wrap("Rule", List.of())));
        }
        double sum = round(total);
        // ReservedInstanceHourPrice is in every answer of the real API (0 without a reserved instance to offset it).
        Map<String, Object> price = map("OriginalPrice", sum, "DiscountPrice", 0.0, "TradePrice", sum,
                "ReservedInstanceHourPrice", 0.0, "Currency", PriceTable.currency(),
                "DetailInfos", Resources.wrap("DetailInfo", detailInfos));
        return map("PriceInfo", map("Price", price, "Rules", Resources.wrap("Rule", List.of())));
    }

    private static Map<String, Object> detail(String resource, BigDecimal hourly) {
        return map("resource", resource, "price", hourly);
    }

    private static double round(BigDecimal d) {
        return d.setScale(4, RoundingMode.HALF_UP).doubleValue();
    }

    private static BigDecimal disk(String category, int size, String errorCode) {
        BigDecimal perGiB = PriceTable.diskGiBHour(category);
        if (perGiB == null) {
            throw new ApiError(400, errorCode, "The specified disk category is not valid: " + category);
        }
        return perGiB.multiply(BigDecimal.valueOf(size));
    }

    /** DataDisk.1 to DataDisk.16, each a category (default cloud_efficiency) and a size. */
    private static BigDecimal dataDisks(Call c) {
        BigDecimal total = BigDecimal.ZERO;
        for (int n = 1; n <= 16; n++) {
            String prefix = "DataDisk." + n + ".";
            if (c.get(prefix + "Size") == null && c.get(prefix + "Category") == null) {
                break;
            }
            if (c.get(prefix + "Size") == null) {
                throw ApiError.missing(prefix + "Size");
            }
            int size = c.integer(prefix + "Size", 0, 20, 32768);
            total = total.add(disk(c.get(prefix + "Category", "cloud_efficiency"), size,
                    "InvalidDataDiskCategory.ValueNotSupported"));
        }
        return total;
    }

    /** The bandwidth line: null when none is asked for; 0 when billed by traffic (priced per GB, not here). */
    private static BigDecimal bandwidth(Call c, boolean required) {
        if (c.get("InternetMaxBandwidthOut") == null) {
            if (required) {
                throw ApiError.missing("InternetMaxBandwidthOut");
            }
            return null;
        }
        int mbps = c.integer("InternetMaxBandwidthOut", 0, 0, 100);
        String charge = c.get("InternetChargeType", "PayByTraffic");
        if (!charge.equals("PayByTraffic") && !charge.equals("PayByBandwidth")) {
            throw new ApiError(400, "InvalidInternetChargeType.ValueNotSupported", "The specified InternetChargeType is not valid.");
        }
        return charge.equals("PayByBandwidth") ? PriceTable.bandwidthHour(mbps) : BigDecimal.ZERO;
    }
}
