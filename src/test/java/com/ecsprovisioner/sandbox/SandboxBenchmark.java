package com.ecsprovisioner.sandbox;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.ecsprovisioner.sandbox.api.AcsV3TestSigner;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Sustained API calls per second and p50/p99 latency of DescribeInstances and RunInstances on loopback, signed with
 * V1 through the real SDK and with V3 by raw HTTP requests, side by side. Not a unit test:
 * {@code mvn -Pbench-sandbox -q test-compile exec:java}
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
            measure("DescribeInstances", "V1", threads, 3, true, v1(f, () -> {
                DescribeInstancesRequest d = new DescribeInstancesRequest();
                d.setPageSize(10);
                return d;
            }));
            measure("DescribeInstances", "V1", threads, seconds, false, v1(f, () -> {
                DescribeInstancesRequest d = new DescribeInstancesRequest();
                d.setPageSize(10);
                return d;
            }));
            measure("DescribeInstances", "V3", threads, seconds, false, v3(f, "DescribeInstances",
                    Map.of("RegionId", "cn-hangzhou", "PageSize", "10")));
            measure("RunInstances", "V1", threads, seconds, false, v1(f, () -> runRequest(net)));
            measure("RunInstances", "V3", threads, seconds, false, v3(f, "RunInstances", Map.of("RegionId", "cn-hangzhou",
                    "ImageId", "ubuntu_24_04_x64_20G_alibase_20240923.vhd", "InstanceType", "ecs.t6-c1m1.large",
                    "SecurityGroupId", net.securityGroupId(), "VSwitchId", net.vSwitchId())));
        }
    }

    /** One call, made by one client thread. */
    private interface ApiCall {
        void run() throws Exception;
    }

    /** Per thread: a client of the real SDK, signing with V1. */
    private static Supplier<ApiCall> v1(Fixture f, Supplier<AcsRequest<?>> request) {
        return () -> {
            IAcsClient client = SdkClients.client(f.sandbox, f.key("sandbox-admin"), "cn-hangzhou");
            return () -> client.doAction(request.get());
        };
    }

    /** Per thread: raw HTTP requests signed with V3, each with its own nonce, as the current SDKs send them. */
    private static Supplier<ApiCall> v3(Fixture f, String action, Map<String, String> form) {
        AccessKey key = f.key("sandbox-admin");
        return () -> {
            HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
            return () -> {
                HttpResponse<String> r = http.send(AcsV3TestSigner.signedPost(f.sandbox.endpoint(), key.id(),
                        key.secret(), action, "2014-05-26", form), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(action + " over V3 answered " + r.statusCode() + ": " + r.body());
                }
            };
        };
    }

    private static RunInstancesRequest runRequest(Fixture.Network net) {
        RunInstancesRequest r = new RunInstancesRequest();
        r.setImageId("ubuntu_24_04_x64_20G_alibase_20240923.vhd");
        r.setInstanceType("ecs.t6-c1m1.large");
        r.setSecurityGroupId(net.securityGroupId());
        r.setVSwitchId(net.vSwitchId());
        return r;
    }

    private static void measure(String name, String signature, int threads, int seconds, boolean warmUp,
                                Supplier<ApiCall> perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ApiCall call = perThread.get();
            futures.add(pool.submit(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    call.run();
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
        System.out.printf("  %-18s %s %8.0f calls/s   p50 %6.2f ms   p99 %6.2f ms   (%d calls)%n", name, signature,
                total / (double) seconds, merged[merged.length / 2] / 1e6, merged[(int) (merged.length * 0.99)] / 1e6, total);
    }
}
