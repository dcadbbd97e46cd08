package com.ecsprovisioner.cloud.alibaba;

import static com.ecsprovisioner.cloud.alibaba.RegionCalls.required;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeAccountAttributesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeAccountAttributesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribePriceRequest;
import com.aliyuncs.ecs.model.v20140526.DescribePriceResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsRequest;
import com.aliyuncs.http.MethodType;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.QuotaKind;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the account may have and what it costs, read where the real services expose them: the VPCs per region from
 * Quota Center ({@code ListProductQuotas}, product {@code vpc}, quota {@code vpc_quota_instances_num}; the SDK v1
 * has no request class for it, so it goes through the core SDK's {@code CommonRequest}), the security group and
 * pay-as-you-go vCPU limits from ECS {@code DescribeAccountAttributes}, prices from ECS {@code DescribePrice}. Part
 * of {@link AlibabaRegion}; every call goes through {@link RegionCalls}.
 */
final class AccountApi {

    static final String VPC_QUOTA_CODE = "vpc_quota_instances_num";
    private static final String MAX_SECURITY_GROUPS = "max-security-groups";
    private static final String MAX_VCPUS = "max-postpaid-instance-vcpu-count";
    private static final String USED_VCPUS = "used-postpaid-instance-vcpu-count";

    private final RegionCalls calls;

    AccountApi(RegionCalls calls) {
        this.calls = calls;
    }

    CloudTypes.QuotaReport quotas() {
        Map<QuotaKind, CloudTypes.Quota> read = new EnumMap<>(QuotaKind.class);
        Map<QuotaKind, CloudException> unreadable = new EnumMap<>(QuotaKind.class);
        try {
            read.put(QuotaKind.VPCS_PER_REGION, vpcsPerRegion());
        } catch (CloudException e) {
            unreadable.put(QuotaKind.VPCS_PER_REGION, ofThisSourceOnly(e));
        }
        try {
            Map<String, String> attributes = accountAttributes();
            read.put(QuotaKind.SECURITY_GROUPS_PER_REGION, new CloudTypes.Quota("Security groups per region",
                    securityGroupsInRegion(), number(attributes, MAX_SECURITY_GROUPS)));
            read.put(QuotaKind.PAY_AS_YOU_GO_VCPUS_PER_REGION, new CloudTypes.Quota("Pay-as-you-go vCPUs per region",
                    number(attributes, USED_VCPUS), number(attributes, MAX_VCPUS)));
        } catch (CloudException e) {
            CloudException reason = ofThisSourceOnly(e);
            unreadable.put(QuotaKind.SECURITY_GROUPS_PER_REGION, reason);
            unreadable.put(QuotaKind.PAY_AS_YOU_GO_VCPUS_PER_REGION, reason);
        }
        return new CloudTypes.QuotaReport(read, unreadable);
    }

    /**
     * A refusal of one source (a missing permission, a quota or attribute not offered here) leaves the other
     * sources readable; credentials, throttling and a cloud that does not answer concern the whole call.
     */
    private static CloudException ofThisSourceOnly(CloudException e) {
        if (e.kind() == Kind.FORBIDDEN || e.kind() == Kind.NOT_FOUND || e.kind() == Kind.INVALID_REQUEST) {
            return e;
        }
        throw e;
    }

    private CloudTypes.Quota vpcsPerRegion() {
        CommonRequest r = new CommonRequest();
        r.setSysMethod(MethodType.POST);
        r.setSysVersion("2020-05-10");
        r.setSysAction("ListProductQuotas");
        r.putQueryParameter("ProductCode", "vpc");
        r.putQueryParameter("QuotaActionCode", VPC_QUOTA_CODE);
        r.putQueryParameter("Dimensions.1.Key", "regionId");
        r.putQueryParameter("Dimensions.1.Value", calls.regionId());
        Map<String, String> answer = calls.common(Product.QUOTAS, r);
        String root = "ListProductQuotasResponse.Quotas";
        int count = Integer.parseInt(answer.getOrDefault(root + ".Length", "0"));
        for (int i = 0; i < count; i++) {
            String q = root + "[" + i + "].";
            if (VPC_QUOTA_CODE.equals(answer.get(q + "QuotaActionCode"))) {
                return new CloudTypes.Quota("VPCs per region", whole(answer.get(q + "TotalUsage")),
                        whole(answer.get(q + "TotalQuota")));
            }
        }
        throw new CloudException(Kind.NOT_FOUND, "QuotaNotReported", answer.get("ListProductQuotasResponse.RequestId"),
                "Quota Center reports no VPC quota for region " + calls.regionId() + ".", false, null, null);
    }

    private Map<String, String> accountAttributes() {
        DescribeAccountAttributesRequest r = new DescribeAccountAttributesRequest();
        r.setAttributeNames(List.of(MAX_SECURITY_GROUPS, MAX_VCPUS, USED_VCPUS));
        DescribeAccountAttributesResponse answer = calls.call(Product.ECS, r);
        Map<String, String> values = new HashMap<>();
        for (DescribeAccountAttributesResponse.AccountAttributeItem item : answer.getAccountAttributeItems()) {
            if (item.getAttributeValues() != null && !item.getAttributeValues().isEmpty()) {
                values.put(item.getAttributeName(), item.getAttributeValues().get(0).getValue());
            }
        }
        for (String name : List.of(MAX_SECURITY_GROUPS, MAX_VCPUS, USED_VCPUS)) {
            if (!values.containsKey(name)) {
                throw new CloudException(Kind.NOT_FOUND, "AttributeNotReported", answer.getRequestId(),
                        "ECS reports no " + name + " for region " + calls.regionId() + ".", false, null, null);
            }
        }
        return values;
    }

    private int securityGroupsInRegion() {
        DescribeSecurityGroupsRequest r = new DescribeSecurityGroupsRequest();
        r.setPageSize(1);
        Integer total = calls.call(Product.ECS, r).getTotalCount();
        return total == null ? 0 : total;
    }

    private static int number(Map<String, String> attributes, String name) {
        return whole(attributes.get(name));
    }

    /** Quota Center reports counts as decimals ("10.0"); ECS attributes as integers in strings. */
    private static int whole(String value) {
        return value == null ? 0 : new BigDecimal(value.trim()).intValue();
    }

    CloudTypes.Price price(CloudTypes.PriceQuery query) {
        DescribePriceRequest r = new DescribePriceRequest();
        r.setResourceType("instance");
        r.setInstanceType(required(query.instanceType(), "The instance type"));
        r.setSystemDiskCategory(required(query.systemDiskCategory(), "The system disk category"));
        r.setSystemDiskSize(query.systemDiskSizeGiB());
        r.setInternetMaxBandwidthOut(query.bandwidthOutMbps());
        r.setInternetChargeType(query.bandwidthBilling() == CloudTypes.BandwidthBilling.BY_BANDWIDTH
                ? "PayByBandwidth" : "PayByTraffic");
        r.setPriceUnit("Hour");
        r.setPeriod(1);
        r.setAmount(1);
        DescribePriceResponse.PriceInfo.Price p = calls.call(Product.ECS, r).getPriceInfo().getPrice();
        Map<String, BigDecimal> lines = new HashMap<>();
        if (p.getDetailInfos() != null) {
            for (DescribePriceResponse.PriceInfo.Price.ResourcePriceModel line : p.getDetailInfos()) {
                lines.merge(line.getResource(), decimal(line.getTradePrice()), BigDecimal::add);
            }
        }
        return new CloudTypes.Price(p.getCurrency(), decimal(p.getTradePrice()),
                lines.getOrDefault("instanceType", BigDecimal.ZERO), lines.getOrDefault("systemDisk", BigDecimal.ZERO),
                lines.getOrDefault("bandwidth", BigDecimal.ZERO));
    }

    /** The SDK reads prices as floats; their shortest decimal spelling is the amount the cloud sent. */
    private static BigDecimal decimal(Float f) {
        return f == null ? BigDecimal.ZERO : new BigDecimal(Float.toString(f));
    }
}
