package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudRegion;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the port calls the engine makes, per method, around a real region (adapter and SDK underneath). */
public final class CountingRegion {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong nanosInCalls = new java.util.concurrent.atomic.AtomicLong();
    public final CloudRegion region;

    public CountingRegion(CloudRegion target) {
        this.region = (CloudRegion) Proxy.newProxyInstance(CloudRegion.class.getClassLoader(), new Class<?>[]{CloudRegion.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(target, args);
                    }
                    calls.computeIfAbsent(method.getName(), m -> new AtomicInteger()).incrementAndGet();
                    long start = System.nanoTime();
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        nanosInCalls.addAndGet(System.nanoTime() - start);
                    }
                });
    }

    public int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    public Map<String, Integer> all() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Wall time spent inside cloud calls (adapter, SDK, HTTP and the sandbox's answer). */
    public long nanosInCalls() {
        return nanosInCalls.get();
    }

    public int total() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
