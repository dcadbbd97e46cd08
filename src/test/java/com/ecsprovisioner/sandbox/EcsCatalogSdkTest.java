package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.ecs.model.v20140526.DescribeAvailableResourceRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeAvailableResourceResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeInstanceTypesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstanceTypesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeZonesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeZonesResponse;
import com.ecsprovisioner.sandbox.cloud.Durations;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read-only catalogue actions through the real ECS SDK. */
class EcsCatalogSdkTest {

    private Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture(SandboxConfig.builder().durations(Durations.IMMEDIATE)
                .stock("cn-hangzhou-h", "ecs.g7.large", 0).build());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void regionsComeWithRawUtf8NamesAndEndpoints() throws Exception {
        DescribeRegionsResponse r = f.readOnly.getAcsResponse(new DescribeRegionsRequest());
        assertTrue(r.getRegions().stream().anyMatch(x -> x.getRegionId().equals("eu-central-1")));
        DescribeRegionsResponse.Region hz = r.getRegions().stream().filter(x -> x.getRegionId().equals("cn-hangzhou")).findFirst().orElseThrow();
        assertEquals("华东1（杭州）", hz.getLocalName());
        assertEquals("ecs-cn-hangzhou.aliyuncs.com", hz.getRegionEndpoint());
        DescribeRegionsRequest en = new DescribeRegionsRequest();
        en.setAcceptLanguage("en-US");
        assertEquals("China (Hangzhou)", f.readOnly.getAcsResponse(en).getRegions().get(0).getLocalName());
        DescribeZonesRequest zones = new DescribeZonesRequest();
        zones.setAcceptLanguage("en-US");
        assertEquals("Hangzhou Zone H", f.readOnly.getAcsResponse(zones).getZones().get(0).getLocalName());
    }

    @Test
    void zonesListTypesInStockOnly() throws Exception {
        DescribeZonesResponse r = f.full.getAcsResponse(new DescribeZonesRequest());
        assertEquals(4, r.getZones().size());
        DescribeZonesResponse.Zone h = r.getZones().get(0);
        assertEquals("cn-hangzhou-h", h.getZoneId());
        assertFalse(h.getAvailableInstanceTypes().contains("ecs.g7.large"));
        assertTrue(h.getAvailableInstanceTypes().contains("ecs.t6-c1m1.large"));
        assertTrue(r.getZones().get(1).getAvailableInstanceTypes().contains("ecs.g7.large"));
        assertTrue(h.getAvailableResources().get(0).getNetworkTypes().contains("vpc"));
    }

    @Test
    void unknownRegionIsNotFound() {
        DescribeZonesRequest req = new DescribeZonesRequest();
        req.setSysRegionId("xx-nowhere-1");
        Fixture.fails("InvalidRegionId.NotFound", f.full, req);
    }

    @Test
    void availableResourceShowsSoldOutTypes() throws Exception {
        DescribeAvailableResourceRequest req = new DescribeAvailableResourceRequest();
        req.setDestinationResource("InstanceType");
        req.setZoneId("cn-hangzhou-h");
        DescribeAvailableResourceResponse r = f.full.getAcsResponse(req);
        List<DescribeAvailableResourceResponse.AvailableZone.AvailableResource.SupportedResource> types =
                r.getAvailableZones().get(0).getAvailableResources().get(0).getSupportedResources();
        assertEquals("SoldOut", types.stream().filter(t -> t.getValue().equals("ecs.g7.large")).findFirst().orElseThrow().getStatus());
        assertEquals("Available", types.stream().filter(t -> t.getValue().equals("ecs.c7.xlarge")).findFirst().orElseThrow().getStatus());
        Fixture.fails("Invalid.Param", f.full, new DescribeAvailableResourceRequest());
    }

    @Test
    void instanceTypesHaveRealSizesAndPageWithNextToken() throws Exception {
        DescribeInstanceTypesRequest req = new DescribeInstanceTypesRequest();
        req.setInstanceTypess(List.of("ecs.c7.xlarge"));
        DescribeInstanceTypesResponse r = f.full.getAcsResponse(req);
        assertEquals(1, r.getInstanceTypes().size());
        assertEquals(4, r.getInstanceTypes().get(0).getCpuCoreCount());
        assertEquals(8.0f, r.getInstanceTypes().get(0).getMemorySize());
        DescribeInstanceTypesRequest page = new DescribeInstanceTypesRequest();
        page.setMaxResults(3L);
        DescribeInstanceTypesResponse first = f.full.getAcsResponse(page);
        assertEquals(3, first.getInstanceTypes().size());
        page.setNextToken(first.getNextToken());
        DescribeInstanceTypesResponse second = f.full.getAcsResponse(page);
        assertFalse(first.getInstanceTypes().get(0).getInstanceTypeId().equals(second.getInstanceTypes().get(0).getInstanceTypeId()));
    }

    @Test
    void imagesFilterByNameWildcardAndPage() throws Exception {
        DescribeImagesRequest req = new DescribeImagesRequest();
        req.setImageOwnerAlias("system");
        req.setOSType("linux");
        req.setImageName("ubuntu_22_04*");
        DescribeImagesResponse r = f.full.getAcsResponse(req);
        assertEquals(1, r.getTotalCount());
        assertEquals("ubuntu_22_04_x64_20G_alibase_20240130.vhd", r.getImages().get(0).getImageId());
        assertEquals("Ubuntu", r.getImages().get(0).getPlatform());
        DescribeImagesRequest paged = new DescribeImagesRequest();
        paged.setPageSize(2);
        paged.setPageNumber(2);
        DescribeImagesResponse p2 = f.full.getAcsResponse(paged);
        assertEquals(3, p2.getTotalCount());
        assertEquals(1, p2.getImages().size());
        DescribeImagesRequest dry = new DescribeImagesRequest();
        dry.setDryRun(true);
        Fixture.fails("DryRunOperation", f.readOnly, dry);
    }
}
