package com.ecsprovisioner.automation;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.customservers.CustomServerRequest;
import com.ecsprovisioner.customservers.CustomServers;
import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.backup.Backups;
import com.ecsprovisioner.firewall.Firewall;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.lifecycle.LifecycleRequests.NetworkChoice;
import com.ecsprovisioner.lifecycle.ServerActions;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.platform.StoredEntity;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.provider.CatalogCache;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The console's boundaries as the command routes see them, recording each call with its arguments. A deploy or a
 * bootstrap writes a real server and job into the test's database (so that counting rows shows whether a second
 * server was made); the refusals and failures a test wants are set per call. Below the level the automation tests
 * are about: the boundaries' own rules have their own tests.
 */
final class FakeBoundaries {

    final List<String> calls = new ArrayList<>();
    final Requester requester = new Requester();
    EntityManager em;
    /** When set, the next boundary action throws this (a refusal, or a bug). */
    Supplier<RuntimeException> failure;
    Set<Long> knownServers = new TreeSet<>(List.of(3L));
    Set<Long> knownJobs = new TreeSet<>(List.of(9L));
    /** A bootstrap refused after the registration was written (to see that the refusal takes both back). */
    boolean refuseBootstrap;

    final Deployments deployments = new Deployments() {
        @Override
        public Deployment deploy(DeployRequest request) {
            record("deploy " + request);
            if (em == null) {
                return new Deployment(3, 40 + calls.size());
            }
            Server server = new Server(request.name(), request.profileId(), "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", Instant.now());
            em.persist(server);
            em.flush();
            Job job = DeploymentJobs.bootstrapOnly(server.getId(), request.profileId(), "cn-hangzhou", request.name(), 22,
                    requester.nameOf(null), Instant.now());
            em.persist(job);
            em.flush();
            return new Deployment(server.getId(), job.getId());
        }

        @Override
        public void retry(long jobId) {
            act("retry " + jobId);
        }

        @Override
        public void rollback(long jobId) {
            act("rollback " + jobId);
        }

        @Override
        public void cancel(long jobId) {
            act("cancel " + jobId);
        }

        @Override
        public Server server(long serverId) {
            if (!knownServers.contains(serverId)) {
                throw new Rejected("There is no server " + serverId);
            }
            return null;
        }

        @Override
        public Job job(long jobId) {
            Job stored = em == null ? null : em.find(Job.class, jobId);
            if (stored != null) {
                return stored;
            }
            if (!knownJobs.contains(jobId)) {
                throw new Rejected("There is no job " + jobId);
            }
            return DeploymentJobs.bootstrapOnly(30 + jobId, 1, "cn-hangzhou", "job-server", 22, "alice", Instant.now());
        }
    };

    final ServerActions actions = new ServerActions() {
        @Override
        public long start(long serverId) {
            return act("start " + serverId);
        }

        @Override
        public long stop(long serverId) {
            return act("stop " + serverId);
        }

        @Override
        public long reboot(long serverId) {
            return act("reboot " + serverId);
        }

        @Override
        public long hardReboot(long serverId) {
            return act("hard-reboot " + serverId);
        }

        @Override
        public long resize(long serverId, String instanceType) {
            return act("resize " + serverId + " " + instanceType);
        }

        @Override
        public long snapshot(long serverId, String name) {
            return act("snapshot " + serverId + " " + name);
        }

        @Override
        public long delete(long serverId, Set<String> networkResourceIds) {
            return act("delete " + serverId + " " + new TreeSet<>(networkResourceIds));
        }

        @Override
        public List<NetworkChoice> deletionOffer(long serverId) {
            return List.of(
                    new NetworkChoice(null, "vpc-own", "own", false, List.of(), Instant.EPOCH),
                    new NetworkChoice(null, "sg-shared", "shared", true, List.of("blog-2"), Instant.EPOCH));
        }
    };

    final CustomServers customServers = new CustomServers() {
        @Override
        public long register(CustomServerRequest request) {
            if (em != null) {
                act("register " + request.name());
                Server server = Server.custom(request.name(), request.address(), 5, "cn-hangzhou", Instant.now());
                em.persist(server);
                em.flush();
                return server.getId();
            }
            return act("register " + request + " key=" + request.privateKey() + " passphrase=" + request.passphrase()) + 100;
        }

        @Override
        public long bootstrap(long serverId) {
            if (refuseBootstrap) {
                throw new Rejected("Server byo-1 is being bootstrapped already");
            }
            return act("bootstrap " + serverId);
        }
    };

    final ProviderProfiles profiles = new ProviderProfiles() {
        @Override
        public List<ProviderProfile> list() {
            return List.of(profile(5, "Sandbox"), profile(6, "12"));
        }

        @Override
        public Optional<ProviderProfile> find(long id) {
            return list().stream().filter(p -> p.getId() == id).findFirst();
        }

        @Override
        public CatalogCache.Cached<CloudTypes.Region> regions(long id) {
            return new CatalogCache.Cached<>(List.of(new CloudTypes.Region("cn-hangzhou", "华东1（杭州）", true),
                    new CloudTypes.Region("cn-shanghai", "华东2（上海）", true)), Instant.now());
        }
    };

    final Firewall firewall = new Firewall() {
        @Override
        public long open(long serverId, int port, String cidr) {
            return act("open-port " + serverId + " " + port + " " + cidr);
        }

        @Override
        public long close(long serverId, int port, String cidr) {
            if (port == 22 && "0.0.0.0/0".equals(cidr)) {
                throw new Rejected("Closing SSH (port 22) to everyone (0.0.0.0/0) on server srv is refused: the product logs in over SSH");
            }
            return act("close-port " + serverId + " " + port + " " + cidr);
        }

        @Override
        public long repair(long serverId, int port, String cidr, boolean keep) {
            return act("repair-firewall " + serverId + " " + port + " " + cidr + " keep=" + keep);
        }
    };

    final Backups backups = new Backups() {
        @Override
        public long backupNow(long serverId) {
            return act("backup-now " + serverId);
        }

        @Override
        public long restoreDisk(long serverId, String snapshotId) {
            if ("s-other".equals(snapshotId)) {
                throw new Rejected("\"s-other\" is not a snapshot of the disk of server srv");
            }
            return act("restore-disk " + serverId + " " + snapshotId);
        }

        @Override
        public long restoreToNewServer(long serverId, String snapshotId, String newName, String instanceType) {
            return act("restore-server " + serverId + " " + snapshotId + " " + newName + " " + instanceType);
        }
    };

    /** The prices a deploy's or a resize's acceptance tells (what the cost boundary would quote). */
    final CommandPrices prices = new CommandPrices() {
        @Override
        public java.util.Map<String, Object> deployment(long profileId, String regionId, String instanceType, String diskCategory,
                                                        Integer diskSizeGiB) {
            return java.util.Map.of("priceUnavailable", "price unavailable: quoted by no cloud in this test");
        }

        @Override
        public java.util.Map<String, Object> resize(long serverId, String newType) {
            return java.util.Map.of("priceUnavailable", "price unavailable: quoted by no cloud in this test");
        }
    };

    CommandRoutes routes() {
        return new CommandRoutes(deployments, actions, customServers, profiles, firewall, backups);
    }

    /**
     * Records the call and answers a job id: with a database, of a job it writes there (on a server of its own);
     * without, 40 + the number of calls so far.
     */
    private long act(String call) {
        record(call);
        if (em == null) {
            return 40 + calls.size();
        }
        Server server = new Server("srv-" + calls.size(), 5, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", Instant.now());
        em.persist(server);
        em.flush();
        Job job = DeploymentJobs.bootstrapOnly(server.getId(), 5, "cn-hangzhou", server.getName(), 22, requester.nameOf(null), Instant.now());
        em.persist(job);
        em.flush();
        return job.getId();
    }

    private void record(String call) {
        calls.add(call);
        if (failure != null) {
            RuntimeException e = failure.get();
            failure = null;
            throw e;
        }
    }

    private static ProviderProfile profile(long id, String name) {
        ProviderProfile profile = new ProviderProfile(name, "LTAI-test", "sealed", null, "cn-hangzhou", "key-pair", "fingerprint", "sealed-key",
                null, Instant.EPOCH);
        try {
            var field = StoredEntity.class.getDeclaredField("id");
            field.setAccessible(true);
            field.set(profile, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return profile;
    }
}
