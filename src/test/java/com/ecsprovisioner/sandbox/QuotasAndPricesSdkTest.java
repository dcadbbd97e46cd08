package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.CommonResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeAccountAttributesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeAccountAttributesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribePriceRequest;
import com.aliyuncs.ecs.model.v20140526.DescribePriceResponse;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Quotas and prices read the way the real services expose them, through the real SDK v1: ECS
 * DescribeAccountAttributes and Quota Center's ListProductQuotas (by the core SDK's CommonRequest) answer from the
 * sandbox's configured quotas and usage; DescribePrice from the shipped illustrative price table.
 */
class QuotasAndPricesSdkTest {

    private static final String UBUNTU = "ubuntu_24_04_x64_20G_alibase_20240923.vhd";
    private Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture(SandboxConfig.builder().durations(Durations.IMMEDIATE)
                .quotas(new Quotas(4, 150, 7, 200, 500, 100, 6)).build());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private Map<String, String> attributes() throws ClientException {
        DescribeAccountAttributesResponse r = f.full.getAcsResponse(new DescribeAccountAttributesRequest());
        return r.getAccountAttributeItems().stream().collect(Collectors.toMap(
                DescribeAccountAttributesResponse.AccountAttributeItem::getAttributeName,
                i -> i.getAttributeValues().get(0).getValue()));
    }

    @Test
    void accountAttributesAreTheConfiguredQuotasAndTheVcpusInUse() throws Exception {
        Map<String, String> before = attributes();
        assertEquals("7", before.get("max-security-groups"));
        assertEquals("6", before.get("max-postpaid-instance-vcpu-count"));
        assertEquals("0", before.get("used-postpaid-instance-vcpu-count"));
        assertEquals("vpc", before.get("instance-network-type"));

        Fixture.Network net = f.network("cn-hangzhou-i", "172.16.1.0/24");
        RunInstancesRequest run = new RunInstancesRequest();
        run.setImageId(UBUNTU);
        run.setInstanceType("ecs.c7.xlarge"); // 4 vCPUs
        run.setSecurityGroupId(net.securityGroupId());
        run.setVSwitchId(net.vSwitchId());
        f.full.getAcsResponse(run);
        assertEquals("4", attributes().get("used-postpaid-instance-vcpu-count"));
        Fixture.fails("QuotaExceed.ElasticQuota", f.full, run); // 8 > 6 vCPUs

        DescribeAccountAttributesRequest one = new DescribeAccountAttributesRequest();
        one.setAttributeNames(List.of("max-security-groups"));
        List<DescribeAccountAttributesResponse.AccountAttributeItem> only = f.full.getAcsResponse(one).getAccountAttributeItems();
        assertEquals(1, only.size());
        assertEquals("max-security-groups", only.get(0).getAttributeName());
    }

    private CommonRequest listVpcQuotas(String regionId) {
        CommonRequest q = new CommonRequest();
        q.setSysMethod(MethodType.POST);
        q.setSysDomain(f.sandbox.endpoint());
        q.setSysVersion("2020-05-10");
        q.setSysAction("ListProductQuotas");
        q.putQueryParameter("ProductCode", "vpc");
        if (regionId != null) {
            q.putQueryParameter("Dimensions.1.Key", "regionId");
            q.putQueryParameter("Dimensions.1.Value", regionId);
        }
        return q;
    }

    @Test
    void quotaCenterAnswersTheVpcQuotaPerRegionWithItsUsage() throws Exception {
        f.full.getAcsResponse(new CreateVpcRequest());
        f.full.getAcsResponse(new CreateVpcRequest());
        CommonResponse r = f.full.getCommonResponse(listVpcQuotas("cn-hangzhou"));
        assertEquals(200, r.getHttpStatus(), r.getData());
        String data = r.getData();
        assertTrue(data.contains("\"TotalCount\":1"), data);
        assertTrue(data.contains("\"QuotaActionCode\":\"vpc_quota_instances_num\""), data);
        assertTrue(data.contains("\"TotalQuota\":4.0") || data.contains("\"TotalQuota\":4,") || data.contains("\"TotalQuota\":4}"), data);
        assertTrue(data.contains("\"TotalUsage\":2"), data);
        assertTrue(data.contains("\"Dimensions\":{\"regionId\":\"cn-hangzhou\"}"), data);

        String everywhere = f.full.getCommonResponse(listVpcQuotas(null)).getData();
        assertTrue(!everywhere.contains("\"TotalCount\":1,") && everywhere.contains("\"regionId\":\"cn-shanghai\""), everywhere);

        ClientException noRight = org.junit.jupiter.api.Assertions.assertThrows(ClientException.class,
                () -> f.ecsOnly.getCommonResponse(listVpcQuotas("cn-hangzhou")));
        assertEquals("Forbidden.RAM", noRight.getErrCode());
        CommonRequest noProduct = listVpcQuotas("cn-hangzhou");
        noProduct.getSysQueryParameters().remove("ProductCode");
        ClientException missing = org.junit.jupiter.api.Assertions.assertThrows(ClientException.class,
                () -> f.full.getCommonResponse(noProduct));
        assertEquals("MissingParameter", missing.getErrCode());
    }

    private DescribePriceResponse.PriceInfo.Price price(Function<DescribePriceRequest, DescribePriceRequest> set)
            throws ClientException {
        return f.full.getAcsResponse(set.apply(new DescribePriceRequest())).getPriceInfo().getPrice();
    }

    private static DescribePriceRequest instance(DescribePriceRequest p, String type) {
        p.setInstanceType(type);
        return p;
    }

    @Test
    void pricesComeFromTheIllustrativeTableWithRealisticProportions() throws Exception {
        DescribePriceResponse.PriceInfo.Price c7 = price(p -> instance(p, "ecs.c7.large"));
        assertEquals("USD", c7.getCurrency());
        Map<String, Float> lines = c7.getDetailInfos().stream().collect(Collectors.toMap(
                DescribePriceResponse.PriceInfo.Price.ResourcePriceModel::getResource,
                DescribePriceResponse.PriceInfo.Price.ResourcePriceModel::getTradePrice));
        assertEquals(0.084f, lines.get("instanceType"), 1e-6);
        assertEquals(0.0028f, lines.get("systemDisk"), 1e-6); // 40 GiB of cloud_efficiency
        assertEquals(0.0868f, c7.getTradePrice(), 1e-6);

        float c7x = price(p -> instance(p, "ecs.c7.xlarge")).getDetailInfos().get(0).getTradePrice();
        float g7 = price(p -> instance(p, "ecs.g7.large")).getDetailInfos().get(0).getTradePrice();
        float t6 = price(p -> instance(p, "ecs.t6-c1m1.large")).getDetailInfos().get(0).getTradePrice();
        assertEquals(2 * lines.get("instanceType"), c7x, 1e-6, "twice the size, twice the price");
        assertTrue(t6 < lines.get("instanceType") && lines.get("instanceType") < g7, "burstable < compute < general purpose");

        DescribePriceResponse.PriceInfo.Price month = price(p -> {
            instance(p, "ecs.c7.large");
            p.setPriceUnit("Month");
            p.setSystemDiskCategory("cloud_essd");
            p.setSystemDiskSize(100);
            return p;
        });
        assertEquals(0.084f * 730 + 0.0002f * 100 * 730, month.getTradePrice(), 0.01);

        DescribePriceResponse.PriceInfo.Price bandwidth = price(p -> {
            p.setResourceType("bandwidth");
            p.setInternetMaxBandwidthOut(10);
            p.setInternetChargeType("PayByBandwidth");
            return p;
        });
        assertEquals(5 * 0.0034f + 5 * 0.0135f, bandwidth.getTradePrice(), 1e-6);

        DescribePriceResponse.PriceInfo.Price disk = price(p -> {
            p.setResourceType("disk");
            p.setDataDisk1Category("cloud_ssd");
            p.setDataDisk1Size(100);
            return p;
        });
        assertEquals(0.019f, disk.getTradePrice(), 1e-6);

        Fixture.fails("MissingParameter", f.full, new DescribePriceRequest());
        Fixture.fails("InvalidInstanceType.ValueNotSupported", f.full, instance(new DescribePriceRequest(), "ecs.nope.large"));
    }
}
