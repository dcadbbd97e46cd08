package com.ecsprovisioner.sandbox;

import com.ecsprovisioner.sandbox.api.FaultRule;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Policy;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a {@link Sandbox} can be told, built with {@link #builder()} or read from a flat key/value map
 * ({@link #fromProperties}) so that the application can pass its MicroProfile Config values and the standalone
 * {@link SandboxMain} its system properties and environment through. Keys and defaults:
 * <ul>
 * <li>{@code ecs.sandbox.port} — TCP port of the API listener; 0 picks a free one. Default 8089 from properties,
 *     0 in the builder.</li>
 * <li>{@code ecs.sandbox.bind-address} — default {@code 127.0.0.1}.</li>
 * <li>{@code ecs.sandbox.data-dir} — the data folder; state goes to {@code <data-dir>/sandbox/state.json}.
 *     Unset: memory only.</li>
 * <li>{@code ecs.sandbox.admin-token} — token for {@code /_sandbox/*}; default a random one (printed at start).</li>
 * <li>{@code ecs.sandbox.accounts} — access keys, separated by {@code ;}, each
 *     {@code id:secret:accountId:user:Policy+Policy} with RAM policy names (AliyunECSFullAccess, AliyunVPCFullAccess,
 *     AliyunECSReadOnlyAccess, AliyunVPCReadOnlyAccess, AliyunQuotasReadOnlyAccess) and single actions granted
 *     besides them ({@code ecs:StartInstance}, {@code ecs:Describe*}). Default: {@link #defaultAccounts()}.</li>
 * <li>{@code ecs.sandbox.duration.vpc-pending}, {@code .vswitch-pending}, {@code .instance-pending},
 *     {@code .instance-starting}, {@code .instance-stopping}, {@code .release}, {@code .snapshot} — in ISO-8601
 *     ({@code PT2S}) or milliseconds; defaults 2 s, 2 s, 3 s, 5 s, 5 s, 3 s, 5 s.</li>
 * <li>{@code ecs.sandbox.duration.token-processing} — how long the first request of a ClientToken counts as still
 *     processing (the same token again is answered {@code LastTokenProcessing}); default 0 = never.</li>
 * <li>{@code ecs.sandbox.consistency-delay} — how long a resource just created is not yet listed by Describe*
 *     (eventual consistency); default 0 = listed at once.</li>
 * <li>{@code ecs.sandbox.quota.vpcs-per-region} (10), {@code .vswitches-per-vpc} (150),
 *     {@code .security-groups-per-region} (100), {@code .rules-per-security-group} (200),
 *     {@code .key-pairs-per-region} (500), {@code .instances-per-region} (100), {@code .vcpus-per-region} (500,
 *     pay-as-you-go vCPUs of live instances).</li>
 * <li>{@code ecs.sandbox.stock} — {@code zoneId/instanceType=count} pairs separated by {@code ;}: how many
 *     instances of that type the zone holds (0 = sold out). Default: unlimited everywhere.</li>
 * <li>{@code ecs.sandbox.faults} — {@code Action:throttle=0.1,error=0.05,drop=0.01,latency=200} (or a transient
 *     answer's code, e.g. {@code OperationConflict=0.3}; {@code lost=0.1} handles the call and never answers) separated by
 *     {@code ;}; {@code *} as the action applies to all. Default: none.</li>
 * <li>{@code ecs.sandbox.faults.seed} — seed of the fault generator; default 42.</li>
 * <li>{@code ecs.sandbox.threads} — HTTP worker threads; default 8.</li>
 * <li>{@code ecs.sandbox.timestamp-window} — accepted clock skew of a request's Timestamp; default PT15M, 0 = off.</li>
 * </ul>
 * The environment spelling is the upper-case key with dots and dashes as underscores ({@code ECS_SANDBOX_PORT}).
 */
public final class SandboxConfig {

    public static final String PREFIX = "ecs.sandbox.";

    private final int port;
    private final String bindAddress;
    private final Path dataDir;
    private final String adminToken;
    private final List<AccessKey> accounts;
    private final Durations durations;
    private final Quotas quotas;
    private final Map<String, Integer> stock;
    private final Map<String, FaultRule> faults;
    private final long faultSeed;
    private final Clock clock;
    private final int threads;
    private final Duration timestampWindow;

    private SandboxConfig(Builder b) {
        this.port = b.port;
        this.bindAddress = b.bindAddress;
        this.dataDir = b.dataDir;
        this.adminToken = b.adminToken != null ? b.adminToken : randomToken();
        this.accounts = List.copyOf(b.accounts.isEmpty() ? defaultAccounts() : b.accounts);
        this.durations = b.durations;
        this.quotas = b.quotas;
        this.stock = Map.copyOf(b.stock);
        this.faults = Map.copyOf(b.faults);
        this.faultSeed = b.faultSeed;
        this.clock = b.clock;
        this.threads = b.threads;
        this.timestampWindow = b.timestampWindow;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default accounts, all in one account so that they see the same resources: full ECS and VPC rights,
     * ECS only (no VPC rights) and read-only. Their fixed secrets serve only sandboxes built in memory by tests; a
     * started sandbox (SandboxSystem) gets keys of the same shape generated per installation by SandboxKeys.
     */
    public static List<AccessKey> defaultAccounts() {
        return List.of(
                new AccessKey("LTAI5tSandboxFullAccess1", "SandboxFullAccessSecret0000000001", "1234567890123456",
                        "sandbox-admin", Set.of(Policy.ECS_FULL, Policy.VPC_FULL, Policy.QUOTAS_READ_ONLY)),
                new AccessKey("LTAI5tSandboxEcsOnly0001", "SandboxEcsOnlySecret00000000000001", "1234567890123456",
                        "sandbox-ecs-only", Set.of(Policy.ECS_FULL)),
                new AccessKey("LTAI5tSandboxReadOnly001", "SandboxReadOnlySecret0000000000001", "1234567890123456",
                        "sandbox-read-only", Set.of(Policy.ECS_READ_ONLY, Policy.VPC_READ_ONLY, Policy.QUOTAS_READ_ONLY)));
    }

    private static String randomToken() {
        byte[] b = new byte[18];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Reads the keys documented on this class from a flat map (keys with the {@code ecs.sandbox.} prefix). Bad
     * values throw {@link IllegalArgumentException} naming the key.
     */
    public static SandboxConfig fromProperties(Map<String, String> props) {
        Builder b = builder().port(8089);
        String v;
        if ((v = props.get(PREFIX + "port")) != null) {
            b.port(integer(PREFIX + "port", v));
        }
        if ((v = props.get(PREFIX + "bind-address")) != null) {
            b.bindAddress(v.trim());
        }
        if ((v = props.get(PREFIX + "data-dir")) != null && !v.isBlank()) {
            b.dataDir(Path.of(v.trim()));
        }
        if ((v = props.get(PREFIX + "admin-token")) != null && !v.isBlank()) {
            b.adminToken(v.trim());
        }
        if ((v = props.get(PREFIX + "accounts")) != null && !v.isBlank()) {
            for (String entry : v.split(";")) {
                if (!entry.isBlank()) {
                    b.account(parseAccount(entry.trim()));
                }
            }
        }
        Durations d = Durations.DEFAULT;
        b.durations(new Durations(
                duration(props, "duration.vpc-pending", d.vpcPending()),
                duration(props, "duration.vswitch-pending", d.vSwitchPending()),
                duration(props, "duration.instance-pending", d.instancePending()),
                duration(props, "duration.instance-starting", d.instanceStarting()),
                duration(props, "duration.instance-stopping", d.instanceStopping()),
                duration(props, "duration.release", d.release()),
                duration(props, "duration.snapshot", d.snapshot()),
                duration(props, "duration.token-processing", d.tokenProcessing()),
                duration(props, "consistency-delay", d.consistencyDelay())));
        Quotas q = Quotas.DEFAULT;
        b.quotas(new Quotas(
                quota(props, "quota.vpcs-per-region", q.vpcsPerRegion()),
                quota(props, "quota.vswitches-per-vpc", q.vSwitchesPerVpc()),
                quota(props, "quota.security-groups-per-region", q.securityGroupsPerRegion()),
                quota(props, "quota.rules-per-security-group", q.rulesPerSecurityGroup()),
                quota(props, "quota.key-pairs-per-region", q.keyPairsPerRegion()),
                quota(props, "quota.instances-per-region", q.instancesPerRegion()),
                quota(props, "quota.vcpus-per-region", q.vcpusPerRegion())));
        if ((v = props.get(PREFIX + "stock")) != null) {
            for (String entry : v.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] kv = entry.split("=", 2);
                String[] zt = kv[0].trim().split("/", 2);
                if (kv.length != 2 || zt.length != 2) {
                    throw new IllegalArgumentException(PREFIX + "stock: expected zoneId/instanceType=count, got '" + entry + "'");
                }
                b.stock(zt[0], zt[1], integer(PREFIX + "stock", kv[1].trim()));
            }
        }
        if ((v = props.get(PREFIX + "faults")) != null) {
            for (String entry : v.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException(PREFIX + "faults: expected Action:rule, got '" + entry + "'");
                }
                try {
                    b.fault(entry.substring(0, colon).trim(), FaultRule.parse(entry.substring(colon + 1)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(PREFIX + "faults: " + e.getMessage());
                }
            }
        }
        if ((v = props.get(PREFIX + "faults.seed")) != null) {
            try {
                b.faultSeed(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + "faults.seed must be a whole number, got '" + v + "'");
            }
        }
        if ((v = props.get(PREFIX + "threads")) != null) {
            b.threads(integer(PREFIX + "threads", v));
        }
        b.timestampWindow(duration(props, "timestamp-window", Duration.ofMinutes(15)));
        return b.build();
    }

    static AccessKey parseAccount(String entry) {
        String[] p = entry.split(":", 5); // the last field's single actions (ecs:StopInstance) hold colons themselves
        if (p.length != 5) {
            throw new IllegalArgumentException(PREFIX + "accounts: expected id:secret:accountId:user:Policy+Policy, got an entry with "
                    + p.length + " fields (for key " + (p.length > 0 ? p[0] : "?") + ")");
        }
        Set<Policy> policies = new LinkedHashSet<>();
        Set<String> actions = new LinkedHashSet<>();
        for (String name : p[4].split("\\+")) {
            if (name.contains(":")) {
                actions.add(name.trim());
            } else if (!name.isBlank()) {
                policies.add(Policy.parse(name));
            }
        }
        return new AccessKey(p[0].trim(), p[1].trim(), p[2].trim(), p[3].trim(), policies, actions);
    }

    private static int integer(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
        }
    }

    private static int quota(Map<String, String> props, String key, int fallback) {
        String v = props.get(PREFIX + key);
        return v == null ? fallback : integer(PREFIX + key, v);
    }

    private static Duration duration(Map<String, String> props, String key, Duration fallback) {
        String v = props.get(PREFIX + key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return v.trim().startsWith("P") || v.trim().startsWith("p") ? Duration.parse(v.trim())
                    : Duration.ofMillis(Long.parseLong(v.trim()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be an ISO-8601 duration (PT2S) or milliseconds, got '" + v + "'");
        }
    }

    public int port() {
        return port;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String adminToken() {
        return adminToken;
    }

    public List<AccessKey> accounts() {
        return accounts;
    }

    public Durations durations() {
        return durations;
    }

    public Quotas quotas() {
        return quotas;
    }

    public Map<String, Integer> stock() {
        return stock;
    }

    public Map<String, FaultRule> faults() {
        return faults;
    }

    public long faultSeed() {
        return faultSeed;
    }

    public Clock clock() {
        return clock;
    }

    public int threads() {
        return threads;
    }

    public Duration timestampWindow() {
        return timestampWindow;
    }

    public static final class Builder {
        private int port = 0;
        private String bindAddress = "127.0.0.1";
        private Path dataDir;
        private String adminToken;
        private final List<AccessKey> accounts = new ArrayList<>();
        private Durations durations = Durations.DEFAULT;
        private Quotas quotas = Quotas.DEFAULT;
        private final Map<String, Integer> stock = new LinkedHashMap<>();
        private final Map<String, FaultRule> faults = new LinkedHashMap<>();
        private long faultSeed = 42;
        private Clock clock = Clock.systemUTC();
        private int threads = 8;
        private Duration timestampWindow = Duration.ofMinutes(15);

        private Builder() {
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("ecs.sandbox.port must be 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder bindAddress(String address) {
            this.bindAddress = address;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder adminToken(String token) {
            this.adminToken = token;
            return this;
        }

        /** Adds an access key; once any is added, the default accounts are not used. */
        public Builder account(AccessKey key) {
            this.accounts.add(key);
            return this;
        }

        public Builder accounts(AccessKey... keys) {
            this.accounts.addAll(Arrays.asList(keys));
            return this;
        }

        public Builder durations(Durations durations) {
            this.durations = durations;
            return this;
        }

        public Builder quotas(Quotas quotas) {
            this.quotas = quotas;
            return this;
        }

        /** How many instances of a type a zone holds in total (all accounts); 0 means sold out. */
        public Builder stock(String zoneId, String instanceType, int count) {
            if (count < 0) {
                throw new IllegalArgumentException("Stock must be zero or positive for " + zoneId + "/" + instanceType);
            }
            this.stock.put(zoneId + "/" + instanceType, count);
            return this;
        }

        /** A fault rule for one action, or for every action with "*". */
        public Builder fault(String action, FaultRule rule) {
            this.faults.put(action, rule);
            return this;
        }

        public Builder faultSeed(long seed) {
            this.faultSeed = seed;
            return this;
        }

        /**
         * The time source of asynchronous states, nonces and the Timestamp check. A test that moves its clock more
         * than the timestamp window away from real time should also set {@link #timestampWindow} to zero, because
         * the SDK stamps requests with the real time.
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("ecs.sandbox.threads must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        /** Accepted skew between a request's Timestamp and the clock; zero turns the check off. */
        public Builder timestampWindow(Duration window) {
            if (window == null || window.isNegative()) {
                throw new IllegalArgumentException("ecs.sandbox.timestamp-window must be zero or positive");
            }
            this.timestampWindow = window;
            return this;
        }

        public SandboxConfig build() {
            return new SandboxConfig(this);
        }
    }
}
