package com.ecsprovisioner.sandbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Actions the real API defines without {@code RegionId} (start, stop, reboot, delete, resize and public IP of one
 * instance; a snapshot of one disk) find their resource by its id, as the service does, while the others still
 * require {@code RegionId}. Driven with raw V3 requests, which carry no region unless the caller adds one.
 */
class RegionlessActionsTest {

    private static final String UBUNTU = "ubuntu_24_04_x64_20G_alibase_20240923.vhd";

    @RegisterExtension
    final V3Sandbox cloud = new V3Sandbox();

    private HttpResponse<String> call(String action, String version, Map<String, String> params) throws Exception {
        return cloud.call(action, version, params);
    }

    private static String field(HttpResponse<String> r, String name) {
        assertEquals(200, r.statusCode(), r.body());
        return r.body().replaceAll("(?s).*\"" + name + "\":\\[?\"([^\"]+)\".*", "$1");
    }

    private String runningInstance() throws Exception {
        String vpc = field(call("CreateVpc", "2016-04-28", Map.of("RegionId", "cn-hangzhou", "CidrBlock", "172.16.0.0/12")), "VpcId");
        String vsw = field(call("CreateVSwitch", "2016-04-28", Map.of("RegionId", "cn-hangzhou", "VpcId", vpc,
                "ZoneId", "cn-hangzhou-i", "CidrBlock", "172.16.1.0/24")), "VSwitchId");
        String sg = field(call("CreateSecurityGroup", "2014-05-26", Map.of("RegionId", "cn-hangzhou", "VpcId", vpc)),
                "SecurityGroupId");
        return field(call("RunInstances", "2014-05-26", Map.of("RegionId", "cn-hangzhou", "ImageId", UBUNTU,
                "InstanceType", "ecs.t6-c1m1.large", "SecurityGroupId", sg, "VSwitchId", vsw)), "InstanceIdSets\":\\{\"InstanceIdSet");
    }

    @Test
    void instanceActionsWithoutRegionIdFindTheInstanceById() throws Exception {
        String id = runningInstance();
        assertTrue(id.startsWith("i-"), id);
        assertEquals(200, call("StopInstance", "2014-05-26", Map.of("InstanceId", id)).statusCode());
        assertEquals(200, call("ModifyInstanceSpec", "2014-05-26", Map.of("InstanceId", id, "InstanceType", "ecs.g7.large"))
                .statusCode());
        assertEquals(200, call("StartInstance", "2014-05-26", Map.of("InstanceId", id)).statusCode());
        assertEquals(200, call("RebootInstance", "2014-05-26", Map.of("InstanceId", id)).statusCode());
        String disk = field(call("DescribeDisks", "2014-05-26", Map.of("RegionId", "cn-hangzhou", "InstanceId", id)), "DiskId");
        HttpResponse<String> snap = call("CreateSnapshot", "2014-05-26", Map.of("DiskId", disk));
        assertTrue(field(snap, "SnapshotId").startsWith("s-"), snap.body());
        HttpResponse<String> deleted = call("DeleteInstance", "2014-05-26", Map.of("InstanceId", id, "Force", "true"));
        assertEquals(200, deleted.statusCode(), deleted.body());
    }

    @Test
    void anUnknownInstanceWithoutRegionIdIsNotFound() throws Exception {
        HttpResponse<String> r = call("StartInstance", "2014-05-26", Map.of("InstanceId", "i-bp1doesnotexist0000"));
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"Code\":\"InvalidInstanceId.NotFound\""), r.body());
        HttpResponse<String> d = call("CreateSnapshot", "2014-05-26", Map.of("DiskId", "d-bp1doesnotexist0000"));
        assertTrue(d.body().contains("\"Code\":\"InvalidDiskId.NotFound\""), d.body());
    }

    @Test
    void actionsThatDocumentRegionIdStillRequireIt() throws Exception {
        HttpResponse<String> r = call("DescribeInstances", "2014-05-26", Map.of());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"Code\":\"MissingParameter\"") && r.body().contains("RegionId"), r.body());
    }
}
