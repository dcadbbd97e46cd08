package com.ecsprovisioner.cloud.alibaba;

import static com.ecsprovisioner.cloud.alibaba.RegionCalls.MAX_IDS_PER_CALL;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.allPages;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.batches;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.invalid;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.jsonArray;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.required;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.tagged;

import com.aliyuncs.ecs.model.v20140526.DeleteInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.ModifyInstanceSpecRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.StartInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.StopInstanceRequest;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Instances: RunInstances with a client token, describes by id or tag, start, stop, reboot, delete and resize. Part of {@link AlibabaRegion}; every call goes through {@link RegionCalls}. */
final class InstanceApi {

    private final RegionCalls calls;

    InstanceApi(RegionCalls calls) {
        this.calls = calls;
    }

    String runInstance(CloudTypes.InstanceSpec spec, String clientToken) {
        RunInstancesRequest r = new RunInstancesRequest();
        r.setAmount(1);
        r.setZoneId(required(spec.zoneId(), "The zone"));
        r.setInstanceType(required(spec.instanceType(), "The instance type"));
        r.setImageId(required(spec.imageId(), "The image"));
        r.setVSwitchId(required(spec.vSwitchId(), "The vSwitch"));
        r.setSecurityGroupId(required(spec.securityGroupId(), "The security group"));
        if (spec.name() != null) {
            r.setInstanceName(spec.name());
        }
        if (spec.hostName() != null) {
            r.setHostName(spec.hostName());
        }
        if (spec.keyPairName() != null) {
            r.setKeyPairName(spec.keyPairName());
        }
        if (spec.systemDiskCategory() != null) {
            r.setSystemDiskCategory(spec.systemDiskCategory());
        }
        if (spec.systemDiskSizeGiB() > 0) {
            r.setSystemDiskSize(String.valueOf(spec.systemDiskSizeGiB()));
        }
        if (spec.internetMaxBandwidthOut() < 0 || spec.internetMaxBandwidthOut() > 100) {
            throw invalid("The outbound bandwidth must be 0 to 100 Mbit/s, got " + spec.internetMaxBandwidthOut() + ".");
        }
        // A public IP comes with outbound bandwidth (reference §6): no separate AllocatePublicIpAddress call.
        r.setInternetMaxBandwidthOut(spec.internetMaxBandwidthOut());
        r.setInternetChargeType("PayByTraffic");
        r.setInstanceChargeType("PostPaid");
        List<RunInstancesRequest.Tag> tags = new ArrayList<>();
        if (spec.tags() != null) {
            spec.tags().forEach((k, v) -> {
                RunInstancesRequest.Tag t = new RunInstancesRequest.Tag();
                t.setKey(k);
                t.setValue(v);
                tags.add(t);
            });
        }
        if (!tags.isEmpty()) {
            r.setTags(tags);
        }
        r.setClientToken(required(clientToken, "The client token"));
        List<String> ids = calls.call(Product.ECS, r).getInstanceIdSets();
        if (ids == null || ids.isEmpty()) {
            throw new CloudException(Kind.UNAVAILABLE, "EmptyInstanceIdSet", null,
                    "RunInstances answered without an instance id; it will be tried again with the same token.", true, null, null);
        }
        return ids.get(0);
    }

    Map<String, CloudTypes.Instance> describeInstances(Collection<String> instanceIds) {
        Map<String, CloudTypes.Instance> out = new LinkedHashMap<>();
        for (List<String> batch : batches(instanceIds, MAX_IDS_PER_CALL)) {
            String ids = jsonArray(batch);
            listInstances(r -> r.setInstanceIds(ids)).forEach(i -> out.put(i.id(), i));
        }
        return out;
    }

    List<CloudTypes.Instance> instancesTagged(String tagKey, Optional<String> tagValue) {
        required(tagKey, "The tag key");
        return listInstances(r -> tagValue.ifPresent(v -> {
            DescribeInstancesRequest.Tag t = new DescribeInstancesRequest.Tag();
            t.setKey(tagKey);
            t.setValue(v);
            r.setTags(List.of(t));
        })).stream().filter(i -> tagged(i.tags(), tagKey, tagValue)).toList();
    }

    private List<CloudTypes.Instance> listInstances(Consumer<DescribeInstancesRequest> filter) {
        return allPages(100, page -> {
            DescribeInstancesRequest r = new DescribeInstancesRequest();
            filter.accept(r);
            r.setPageSize(100);
            r.setPageNumber(page);
            DescribeInstancesResponse resp = calls.call(Product.ECS, r);
            List<CloudTypes.Instance> items = new ArrayList<>();
            for (DescribeInstancesResponse.Instance i : resp.getInstances()) {
                items.add(instance(i));
            }
            return new RegionCalls.Page<>(items, resp.getTotalCount());
        });
    }

    private static CloudTypes.Instance instance(DescribeInstancesResponse.Instance i) {
        Optional<String> publicIp = first(i.getPublicIpAddress());
        if (publicIp.isEmpty() && i.getEipAddress() != null) {
            publicIp = Optional.ofNullable(i.getEipAddress().getIpAddress()).filter(s -> !s.isBlank());
        }
        var vpc = i.getVpcAttributes();
        Optional<String> privateIp = vpc == null ? Optional.empty() : first(vpc.getPrivateIpAddress());
        if (privateIp.isEmpty()) {
            privateIp = first(i.getInnerIpAddress());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (i.getTags() != null) {
            i.getTags().forEach(t -> tags.put(t.getTagKey(), t.getTagValue() == null ? "" : t.getTagValue()));
        }
        String keyPair = i.getKeyPairName() == null || i.getKeyPairName().isBlank() ? null : i.getKeyPairName();
        return new CloudTypes.Instance(i.getInstanceId(), i.getInstanceName(), i.getZoneId(), i.getInstanceType(),
                i.getImageId(), StatusMapping.instanceState(i.getStatus()), i.getStatus(), publicIp, privateIp,
                vpc == null ? null : vpc.getVpcId(), vpc == null ? null : vpc.getVSwitchId(),
                i.getSecurityGroupIds() == null ? List.of() : List.copyOf(i.getSecurityGroupIds()), keyPair,
                Map.copyOf(tags), StatusMapping.time(i.getCreationTime()));
    }

    private static Optional<String> first(List<String> values) {
        return values == null ? Optional.empty() : values.stream().filter(s -> s != null && !s.isBlank()).findFirst();
    }

    void startInstance(String instanceId) {
        StartInstanceRequest r = new StartInstanceRequest();
        r.setInstanceId(required(instanceId, "The instance id"));
        calls.call(Product.ECS, r);
    }

    void stopInstance(String instanceId, boolean force) {
        StopInstanceRequest r = new StopInstanceRequest();
        r.setInstanceId(required(instanceId, "The instance id"));
        r.setForceStop(force);
        calls.call(Product.ECS, r);
    }

    void rebootInstance(String instanceId, boolean force) {
        RebootInstanceRequest r = new RebootInstanceRequest();
        r.setInstanceId(required(instanceId, "The instance id"));
        r.setForceStop(force);
        calls.call(Product.ECS, r);
    }

    void deleteInstance(String instanceId, boolean force) {
        DeleteInstanceRequest r = new DeleteInstanceRequest();
        r.setInstanceId(required(instanceId, "The instance id"));
        r.setForce(force);
        calls.call(Product.ECS, r);
    }

    void modifyInstanceType(String instanceId, String instanceType) {
        ModifyInstanceSpecRequest r = new ModifyInstanceSpecRequest();
        r.setInstanceId(required(instanceId, "The instance id"));
        r.setInstanceType(required(instanceType, "The instance type"));
        calls.call(Product.ECS, r);
    }
}
