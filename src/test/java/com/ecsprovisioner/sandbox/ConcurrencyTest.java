package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DeleteInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DeleteVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many SDK clients at once create and delete resources; the state stays consistent and quotas hold. */
class ConcurrencyTest {

    private Fixture f;
    private final ExecutorService pool = Executors.newFixedThreadPool(12);

    @BeforeEach
    void start() {
        f = new Fixture(SandboxConfig.builder().durations(Durations.IMMEDIATE)
                .quotas(new Quotas(10, 150, 100, 200, 500, 1000)).stock("cn-hangzhou-h", "ecs.c7.large", 30).build());
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        f.close();
    }

    @Test
    void parallelRunAndDeleteKeepIdsIpsAndStockConsistent() throws Exception {
        Fixture.Network net = f.network("cn-hangzhou-h", "172.16.0.0/20");
        IAcsClient c = f.full;
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger noStock = new AtomicInteger();
        AtomicInteger launched = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            futures.add(pool.submit(() -> {
                for (int n = 0; n < 10; n++) {
                    RunInstancesRequest r = new RunInstancesRequest();
                    r.setImageId("debian_12_5_x64_20G_alibase_20240325.vhd");
                    r.setInstanceType("ecs.c7.large");
                    r.setSecurityGroupId(net.securityGroupId());
                    r.setVSwitchId(net.vSwitchId());
                    r.setInternetMaxBandwidthOut(1);
                    try {
                        String id = c.getAcsResponse(r).getInstanceIdSets().get(0);
                        ids.add(id);
                        launched.incrementAndGet();
                        if (n % 2 == 0) {
                            DeleteInstancesRequest d = new DeleteInstancesRequest();
                            d.setInstanceIds(List.of(id));
                            d.setForce(true);
                            c.getAcsResponse(d);
                            ids.remove(id);
                        }
                    } catch (ClientException e) {
                        if (!"OperationDenied.NoStock".equals(e.getErrCode())) {
                            throw new AssertionError(e.getErrCode() + " " + e.getErrMsg(), e);
                        }
                        noStock.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> fu : futures) {
            fu.get();
        }
        // Stock of 30 is never exceeded, whatever the interleaving.
        assertTrue(ids.size() <= 30, "instances alive: " + ids.size());
        assertEquals(120, launched.get() + noStock.get());
        assertTrue(launched.get() >= 30, "at least the stock was launched: " + launched.get());
        DescribeInstancesRequest d = new DescribeInstancesRequest();
        d.setPageSize(100);
        DescribeInstancesResponse resp = c.getAcsResponse(d);
        assertEquals(ids.size(), resp.getTotalCount());
        Set<String> privateIps = new HashSet<>();
        Set<String> publicIps = new HashSet<>();
        for (DescribeInstancesResponse.Instance i : resp.getInstances()) {
            assertTrue(ids.contains(i.getInstanceId()));
            assertTrue(privateIps.add(i.getVpcAttributes().getPrivateIpAddress().get(0)), "duplicate private IP");
            assertTrue(publicIps.add(i.getPublicIpAddress().get(0)), "duplicate public IP");
        }
        for (String ip : publicIps) {
            assertTrue(f.sandbox.directory().hostAt(ip).isPresent());
        }
    }

    @Test
    void parallelCreateVpcNeverExceedsTheQuota() throws Exception {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger quota = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                for (int n = 0; n < 5; n++) {
                    try {
                        f.full.getAcsResponse(new CreateVpcRequest());
                        created.incrementAndGet();
                    } catch (ClientException e) {
                        assertEquals("QuotaExceeded.Vpc", e.getErrCode());
                        quota.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> fu : futures) {
            fu.get();
        }
        assertEquals(10, created.get());
        assertEquals(30, quota.get());
        DescribeVpcsRequest d = new DescribeVpcsRequest();
        d.setPageSize(50);
        List<String> vpcs = f.full.getAcsResponse(d).getVpcs().stream().map(v -> v.getVpcId()).toList();
        assertEquals(10, new HashSet<>(vpcs).size());
        // Delete them all in parallel; each delete succeeds exactly once.
        AtomicInteger deleted = new AtomicInteger();
        List<Future<?>> deletes = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            deletes.add(pool.submit(() -> {
                for (String id : vpcs) {
                    DeleteVpcRequest del = new DeleteVpcRequest();
                    del.setVpcId(id);
                    try {
                        f.full.getAcsResponse(del);
                        deleted.incrementAndGet();
                    } catch (ClientException e) {
                        assertEquals("InvalidVpcId.NotFound", e.getErrCode());
                    }
                }
                return null;
            }));
        }
        for (Future<?> fu : deletes) {
            fu.get();
        }
        assertEquals(10, deleted.get());
    }
}
