package com.ecsprovisioner.sandbox;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Sustained API calls per second and p50/p99 latency of DescribeInstances and RunInstances through the real SDK on
 * loopback. Not a unit test: {@code mvn -Pbench-sandbox -q test-compile exec:java}
 * (options {@code -Dbench.seconds=5 -Dbench.threads=4 -Dbench.server-threads=8}).
 */
public final class SandboxBenchmark {

    private SandboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 5);
        int threads = Integer.getInteger("bench.threads", 4);
        int serverThreads = Integer.getInteger("bench.server-threads", 8);
        SandboxConfig config = SandboxConfig.builder().durations(Durations.IMMEDIATE).threads(serverThreads)
                .quotas(new Quotas(10, 150, 100, 200, 500, 10_000_000)).build();
        try (Fixture f = new Fixture(config)) {
            Fixture.Network net = f.network("cn-hangzhou-h", "172.16.0.0/16");
            RunInstancesRequest seed = runRequest(net);
            seed.setAmount(20);
            f.full.getAcsResponse(seed);
            System.out.printf("Sandbox benchmark: %d client threads, %d server threads, %d s per action, %d cores%n",
                    threads, serverThreads, seconds, Runtime.getRuntime().availableProcessors());
            measure(f, "DescribeInstances", threads, 3, true, () -> {
                DescribeInstancesRequest d = new DescribeInstancesRequest();
                d.setPageSize(10);
                return d;
            });
            measure(f, "DescribeInstances", threads, seconds, false, () -> {
                DescribeInstancesRequest d = new DescribeInstancesRequest();
                d.setPageSize(10);
                return d;
            });
            measure(f, "RunInstances", threads, seconds, false, () -> runRequest(net));
        }
    }

    private static RunInstancesRequest runRequest(Fixture.Network net) {
        RunInstancesRequest r = new RunInstancesRequest();
        r.setImageId("ubuntu_24_04_x64_20G_alibase_20240923.vhd");
        r.setInstanceType("ecs.t6-c1m1.large");
        r.setSecurityGroupId(net.securityGroupId());
        r.setVSwitchId(net.vSwitchId());
        return r;
    }

    private static void measure(Fixture f, String name, int threads, int seconds, boolean warmUp,
                                Supplier<AcsRequest<?>> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            IAcsClient client = SdkClients.client(f.sandbox, f.key("sandbox-admin"), "cn-hangzhou");
            futures.add(pool.submit(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    client.doAction(request.get());
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        long total = 0;
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> fu : futures) {
            long[] l = fu.get();
            all.add(l);
            total += l.length;
        }
        pool.shutdown();
        if (warmUp) {
            System.out.printf("  warm-up: %d calls%n", total);
            return;
        }
        long[] merged = new long[(int) total];
        int pos = 0;
        for (long[] l : all) {
            System.arraycopy(l, 0, merged, pos, l.length);
            pos += l.length;
        }
        Arrays.sort(merged);
        System.out.printf("  %-18s %8.0f calls/s   p50 %6.2f ms   p99 %6.2f ms   (%d calls)%n", name,
                total / (double) seconds, merged[merged.length / 2] / 1e6, merged[(int) (merged.length * 0.99)] / 1e6, total);
    }
}
