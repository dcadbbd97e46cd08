package com.ecsprovisioner.sandbox.cloud;

import com.ecsprovisioner.sandbox.SandboxHostDirectory;
import com.ecsprovisioner.sandbox.api.ApiError;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sandbox cloud's state and behaviour: accounts, their regions, and the rules of ECS and VPC. Authenticated
 * calls come in through {@link #handle}; the HTTP layer knows nothing of resources. It is also the
 * {@link SandboxHostDirectory} the SSH hosts ask about public addresses.
 */
public final class SimulatedCloud implements SandboxHostDirectory {

    private static final Logger LOG = Logger.getLogger(SimulatedCloud.class.getName());
    /** Public addresses are loopback addresses from 127.1.0.1 on, so that the SSH side can bind a listener on each. */
    private static final long FIRST_PUBLIC_IP = (127L << 24) | (1L << 16) | 1;

    private record Address(RegionState region, String instanceId) {
    }

    final Durations durations;
    final Quotas quotas;
    final Map<String, Integer> stock;
    private final Clock clock;
    private final Map<String, AccessKey> keys = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, RegionState>> accounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Address> addresses = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> stockUsed = new ConcurrentHashMap<>();
    private final AtomicLong nextPublicIp = new AtomicLong(FIRST_PUBLIC_IP);
    private final List<AddressListener> listeners = new CopyOnWriteArrayList<>();
    private final List<DiskListener> diskListeners = new CopyOnWriteArrayList<>();
    /** Every authenticated call received, by action: what tests ask to prove that a call was (not) made. */
    private final ConcurrentHashMap<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Runnable onChange;
    private final EcsActions ecs = new EcsActions(this);
    private final VpcActions vpc = new VpcActions(this);
    private final QuotaCenterActions quotaCenter = new QuotaCenterActions(this);

    /**
     * @param stock    per "zoneId/instanceType": how many instances that zone can hold; absent = unlimited
     * @param onChange told after every change, to schedule a save
     */
    public SimulatedCloud(List<AccessKey> accessKeys, Durations durations, Quotas quotas, Map<String, Integer> stock,
                 Clock clock, Runnable onChange) {
        for (AccessKey k : accessKeys) {
            if (keys.put(k.id(), k) != null) {
                throw new IllegalArgumentException("Access key id " + k.id() + " is configured twice");
            }
        }
        this.durations = durations;
        this.quotas = quotas;
        this.stock = Map.copyOf(stock);
        this.clock = clock;
        this.onChange = onChange;
    }

    public Optional<AccessKey> accessKey(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    public List<AccessKey> accessKeys() {
        return List.copyOf(keys.values());
    }

    public Instant now() {
        return clock.instant();
    }

    /** Runs one authenticated call of product "Ecs" or "Vpc"; answers the action's fields, or throws {@link ApiError}. */
    public Map<String, Object> handle(String product, Call call) {
        calls.computeIfAbsent(call.action(), k -> new LongAdder()).increment();
        if (!call.key().allows(product, call.action())) {
            if (product.equals("Ecs") && call.action().equals("DescribeInstances") && !"true".equals(call.get("DryRun"))) {
                // Documented: a RAM user without permission sees an empty list, not an error; DryRun tells them apart.
                Map<String, Object> empty = new LinkedHashMap<>();
                empty.put("TotalCount", 0);
                empty.put("PageNumber", 1);
                empty.put("PageSize", 10);
                empty.put("Instances", Map.of("Instance", List.of()));
                return empty;
            }
            throw denied(product, call);
        }
        return switch (product) {
            case "Ecs" -> ecs.handle(call);
            case "Vpc" -> vpc.handle(call);
            default -> quotaCenter.handle(call);
        };
    }

    public boolean knows(String product, String action) {
        return switch (product) {
            case "Ecs" -> EcsActions.ACTIONS.contains(action);
            case "Vpc" -> VpcActions.ACTIONS.contains(action);
            case "Quotas" -> QuotaCenterActions.ACTIONS.contains(action);
            default -> false;
        };
    }

    private static ApiError denied(String product, Call call) {
        if (product.equals("Vpc")) {
            // The VPC API's own spelling (reference §4.7).
            return new ApiError(403, "Forbbiden", "User not authorized to operate on the specified resource.");
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("AuthAction", product.toLowerCase(java.util.Locale.ROOT) + ":" + call.action());
        detail.put("AuthPrincipalType", "SubUser");
        detail.put("AuthPrincipalOwnerId", call.key().accountId());
        detail.put("AuthPrincipalDisplayName", call.key().userName());
        detail.put("PolicyType", "AccountLevelIdentityBasedPolicy");
        detail.put("NoPermissionType", "ImplicitDeny");
        return new ApiError(403, "Forbidden.RAM",
                "User not authorized to operate on the specified resource, or this API doesn't support RAM.", detail);
    }

    /** The state of the caller's account in a region, created on first use; purged of what finished releasing. */
    RegionState region(String accountId, String regionId) {
        return accounts.computeIfAbsent(accountId, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(regionId, r -> new RegionState(accountId, r));
    }

    /**
     * The region of the caller's account that holds a resource, for the actions the real API defines without
     * {@code RegionId} (the service finds an instance or disk by its id). Each region is looked at under its lock.
     */
    Optional<String> regionHolding(String accountId, Predicate<RegionState> holds) {
        for (RegionState r : accounts.getOrDefault(accountId, new ConcurrentHashMap<>()).values()) {
            r.lock.lock();
            try {
                if (holds.test(r)) {
                    return Optional.of(r.regionId);
                }
            } finally {
                r.lock.unlock();
            }
        }
        return Optional.empty();
    }

    /** Counts something in a region of an account under its lock; 0 for a region the account never used. */
    long count(String accountId, String regionId, java.util.function.ToLongFunction<RegionState> counter) {
        RegionState r = accounts.getOrDefault(accountId, new ConcurrentHashMap<>()).get(regionId);
        if (r == null) {
            return 0;
        }
        r.lock.lock();
        try {
            r.purge(now(), durations);
            return counter.applyAsLong(r);
        } finally {
            r.lock.unlock();
        }
    }

    /** Runs work under the region's lock, then fires address events and the change hook outside it. */
    <T> T locked(RegionState r, Instant now, boolean changes, Events events, Supplier<T> work) {
        T result;
        r.lock.lock();
        try {
            r.purge(now, durations);
            result = work.get();
        } finally {
            r.lock.unlock();
        }
        events.fire(listeners);
        events.fireDisks(diskListeners);
        if (changes) {
            onChange.run();
        }
        return result;
    }

    /** Address and disk changes collected under a lock and told to listeners after it is released. */
    static final class Events {
        private final List<String> assigned = new ArrayList<>();
        private final List<String> released = new ArrayList<>();
        /** In their order: {instance, snapshot, "taken", "replaced" or "deleted"}. */
        private final List<String[]> disks = new ArrayList<>();

        void snapshotTaken(String instanceId, String snapshotId) {
            disks.add(new String[]{instanceId, snapshotId, "taken"});
        }

        void diskReplaced(String instanceId, String snapshotId) {
            disks.add(new String[]{instanceId, snapshotId, "replaced"});
        }

        void snapshotDeleted(String snapshotId) {
            disks.add(new String[]{null, snapshotId, "deleted"});
        }

        void fireDisks(List<DiskListener> listeners) {
            for (DiskListener l : listeners) {
                for (String[] d : disks) {
                    try {
                        switch (d[2]) {
                            case "taken" -> l.snapshotTaken(d[0], d[1]);
                            case "replaced" -> l.diskReplaced(d[0], d[1]);
                            default -> l.snapshotDeleted(d[1]);
                        }
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Disk listener failed on " + d[2] + " " + d[1] + " of " + d[0], e);
                    }
                }
            }
        }

        void assigned(String ip) {
            assigned.add(ip);
        }

        void released(String ip) {
            released.add(ip);
        }

        void fire(List<AddressListener> listeners) {
            for (AddressListener l : listeners) {
                for (String ip : released) {
                    try {
                        l.released(ip);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Address listener failed on release of " + ip, e);
                    }
                }
                for (String ip : assigned) {
                    try {
                        l.assigned(ip);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Address listener failed on assignment of " + ip, e);
                    }
                }
            }
        }
    }

    String allocatePublicIp(RegionState r, String instanceId, Events events) {
        long n;
        do {
            n = nextPublicIp.getAndIncrement();
        } while ((n & 255) == 0 || (n & 255) == 255); // skip network- and broadcast-looking addresses
        if ((n >>> 24) != 127) {
            throw new ApiError(403, "QuotaExceed.PublicIp", "The sandbox has run out of loopback addresses.");
        }
        String ip = ((n >> 24) & 255) + "." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
        addresses.put(ip, new Address(r, instanceId));
        events.assigned(ip);
        return ip;
    }

    void releasePublicIp(String ip, Events events) {
        if (ip != null && addresses.remove(ip) != null) {
            events.released(ip);
        }
    }

    /** Takes stock for {@code count} instances of a type in a zone, or answers NoStock. */
    void takeStock(String zoneId, String type, int count) {
        Integer limit = stock.get(zoneId + "/" + type);
        if (limit == null) {
            return;
        }
        AtomicInteger used = stockUsed.computeIfAbsent(zoneId + "/" + type, k -> new AtomicInteger());
        while (true) {
            int u = used.get();
            if (u + count > limit) {
                throw noStock();
            }
            if (used.compareAndSet(u, u + count)) {
                return;
            }
        }
    }

    boolean inStock(String zoneId, String type) {
        Integer limit = stock.get(zoneId + "/" + type);
        if (limit == null) {
            return true;
        }
        AtomicInteger used = stockUsed.get(zoneId + "/" + type);
        return (used == null ? 0 : used.get()) < limit;
    }

    void returnStock(String zoneId, String type, int count) {
        AtomicInteger used = stockUsed.get(zoneId + "/" + type);
        if (used != null) {
            used.addAndGet(-count);
        }
    }

    static ApiError noStock() {
        return new ApiError(403, "OperationDenied.NoStock",
                "The requested resource is sold out in the specified zone; try other types of resources or other regions and zones.");
    }

    /** Replays the first answer for a repeated ClientToken; answers IdempotentParameterMismatch if parameters differ. */
    Map<String, Object> idempotent(RegionState r, Call call, Supplier<Map<String, Object>> create) {
        String token = call.get("ClientToken");
        if (token == null) {
            return create.get();
        }
        if (token.length() > 64 || !token.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new ApiError(400, "InvalidClientToken.ValueNotSupported",
                    "The ClientToken must be at most 64 ASCII characters.");
        }
        String key = call.action() + "/" + token;
        String fingerprint = call.fingerprint();
        RegionState.TokenRecord seen = r.clientTokens.get(key);
        if (seen != null) {
            if (!seen.fingerprint().equals(fingerprint)) {
                throw new ApiError(400, "IdempotentParameterMismatch", "The request is retried with updated parameters.");
            }
            if (seen.at() != null && Resources.before(call.now(), seen.at(), durations.tokenProcessing())) {
                // The sandbox answers at once; the window in which the real service is still processing the first
                // request of a token is modelled by duration.token-processing.
                throw new ApiError(403, "LastTokenProcessing", "The last token request is processing.");
            }
            return new LinkedHashMap<>(seen.response());
        }
        Map<String, Object> response = create.get();
        r.clientTokens.put(key, new RegionState.TokenRecord(fingerprint, response, call.now()));
        return response;
    }

    static String newId(String prefix, String regionPrefix) {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        StringBuilder sb = new StringBuilder(prefix).append('-').append(regionPrefix == null ? "" : regionPrefix + "1");
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (sb.length() < prefix.length() + 22) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    // ---- SandboxHostDirectory ----

    @Override
    public Optional<SandboxHost> hostAt(String ipAddress) {
        Address a = addresses.get(ipAddress);
        if (a == null) {
            return Optional.empty();
        }
        Instant now = now();
        a.region().lock.lock();
        try {
            Instance i = a.region().instances.get(a.instanceId());
            if (i == null || i.deleted() || !ipAddress.equals(i.publicIp)) {
                return Optional.empty();
            }
            Catalog.Image image = a.region().image(i.imageId);
            return Optional.of(new SandboxHost(i.regionId, i.id, ipAddress, "Running".equals(i.status(now, durations)),
                    i.authorizedKey, image == null ? "Linux" : image.osNameEn(), i.startTime(durations)));
        } finally {
            a.region().lock.unlock();
        }
    }

    /**
     * A reboot asked by the instance's OS: the same transition as RebootInstance (Starting, then Running again, so
     * SSH stops answering meanwhile), but no API call is made or counted.
     */
    @Override
    public boolean rebootFromOs(String ipAddress) {
        Address a = addresses.get(ipAddress);
        if (a == null) {
            return false;
        }
        Instant now = now();
        boolean rebooted = locked(a.region(), now, true, new Events(), () -> {
            Instance i = a.region().instances.get(a.instanceId());
            if (i == null || i.deleted() || !ipAddress.equals(i.publicIp) || !"Running".equals(i.status(now, durations))) {
                return false;
            }
            i.reboot(now, durations);
            return true;
        });
        if (rebooted) {
            LOG.fine(() -> "Sandbox: instance " + a.instanceId() + " rebooted by its OS");
        }
        return rebooted;
    }

    /** How many API calls of this action (e.g. "RebootInstance") the sandbox received since it started. */
    public long apiCalls(String action) {
        LongAdder n = calls.get(action);
        return n == null ? 0 : n.sum();
    }

    @Override
    public void addDiskListener(DiskListener listener) {
        diskListeners.add(listener);
    }

    /** Registers the listener and tells it at once about every address already assigned (e.g. after a restart). */
    @Override
    public void addAddressListener(AddressListener listener) {
        listeners.add(listener);
        for (String ip : addresses.keySet()) {
            listener.assigned(ip);
        }
    }

    public List<String> publicAddresses() {
        return List.copyOf(addresses.keySet());
    }

    // ---- inspection, reset, persistence ----

    public CloudSnapshot inspect() {
        Instant now = now();
        List<CloudSnapshot.Account> out = new ArrayList<>();
        Set<String> accountIds = new TreeSet<>(accounts.keySet());
        keys.values().forEach(k -> accountIds.add(k.accountId()));
        for (String accountId : accountIds) {
            List<String> keyIds = keys.values().stream().filter(k -> k.accountId().equals(accountId)).map(AccessKey::id).toList();
            List<CloudSnapshot.Region> regions = new ArrayList<>();
            Map<String, RegionState> byRegion = accounts.getOrDefault(accountId, new ConcurrentHashMap<>());
            for (String regionId : new TreeSet<>(byRegion.keySet())) {
                RegionState r = byRegion.get(regionId);
                r.lock.lock();
                try {
                    r.purge(now, durations);
                    regions.add(new CloudSnapshot.Region(regionId, Inspection.resources(r, now, durations)));
                } finally {
                    r.lock.unlock();
                }
            }
            out.add(new CloudSnapshot.Account(accountId, keyIds, regions));
        }
        return new CloudSnapshot(now.toString(), out);
    }

    /** Forgets every resource of every account; released addresses are told to listeners. */
    public void reset() {
        Events events = new Events();
        for (Map<String, RegionState> byRegion : accounts.values()) {
            for (RegionState r : byRegion.values()) {
                r.lock.lock();
                try {
                    for (Instance i : r.instances.values()) {
                        releasePublicIp(i.publicIp, events);
                    }
                    r.vpcs.clear();
                    r.vSwitches.clear();
                    r.securityGroups.clear();
                    r.keyPairs.clear();
                    r.instances.clear();
                    r.snapshots.clear();
                    r.images.clear();
                    r.clientTokens.clear();
                } finally {
                    r.lock.unlock();
                }
            }
        }
        accounts.clear();
        stockUsed.clear();
        addresses.clear();
        events.fire(listeners);
        onChange.run();
    }

    /** The whole state as plain maps and lists, for the state file. Each region is copied under its lock. */
    public Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 1);
        m.put("nextPublicIp", nextPublicIp.get());
        List<Object> regions = new ArrayList<>();
        for (Map<String, RegionState> byRegion : accounts.values()) {
            for (RegionState r : byRegion.values()) {
                r.lock.lock();
                try {
                    if (!r.isEmpty() || !r.clientTokens.isEmpty()) {
                        regions.add(r.toState());
                    }
                } finally {
                    r.lock.unlock();
                }
            }
        }
        m.put("regions", regions);
        return m;
    }

    /** Loads a state written by {@link #toState()}; call before serving. */
    @SuppressWarnings("unchecked")
    public void load(Map<String, Object> state) {
        Object next = state.get("nextPublicIp");
        if (next instanceof Number n) {
            nextPublicIp.set(Math.max(FIRST_PUBLIC_IP, n.longValue()));
        }
        Object regions = state.get("regions");
        if (!(regions instanceof List<?> list)) {
            return;
        }
        for (Object o : list) {
            RegionState r = RegionState.fromState((Map<String, Object>) o);
            accounts.computeIfAbsent(r.accountId, a -> new ConcurrentHashMap<>()).put(r.regionId, r);
            for (Instance i : r.instances.values()) {
                if (!i.deleted()) {
                    if (i.publicIp != null) {
                        addresses.put(i.publicIp, new Address(r, i.id));
                    }
                    stockUsed.computeIfAbsent(i.zoneId + "/" + i.instanceType, k -> new AtomicInteger()).incrementAndGet();
                }
            }
        }
    }
}
