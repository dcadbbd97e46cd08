package com.ecsprovisioner.sandbox.ssh;

import com.ecsprovisioner.sandbox.SandboxHostDirectory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cloud side of the seam, reduced to a map: tests assign addresses to instances, stop and start them, and the
 * SSH hosts read it as they would read the sandbox cloud. Like the real one, it tells a new listener about the
 * addresses already assigned.
 */
public final class InMemoryHostDirectory implements SandboxHostDirectory {

    private final Map<String, SandboxHost> hosts = new ConcurrentHashMap<>();
    private final List<AddressListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Optional<SandboxHost> hostAt(String ipAddress) {
        return Optional.ofNullable(hosts.get(ipAddress));
    }

    @Override
    public void addAddressListener(AddressListener listener) {
        listeners.add(listener);
        hosts.keySet().forEach(listener::assigned);
    }

    public SandboxHost assign(String ip, String instanceId, String authorizedKey, String osName) {
        SandboxHost host = new SandboxHost("cn-hangzhou", instanceId, ip, true, authorizedKey, osName);
        hosts.put(ip, host);
        listeners.forEach(l -> l.assigned(ip));
        return host;
    }

    public void setAnswering(String ip, boolean answering) {
        hosts.computeIfPresent(ip, (k, h) -> new SandboxHost(h.regionId(), h.instanceId(), h.publicIp(), answering,
                h.authorizedKey(), h.osName()));
    }

    /** The instance is gone but its address stays bound (as between a release and the listener's unbind). */
    void forget(String ip) {
        hosts.remove(ip);
    }

    void release(String ip) {
        hosts.remove(ip);
        listeners.forEach(l -> l.released(ip));
    }
}
