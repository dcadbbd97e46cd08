package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobResource;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepOutcomes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * A deployment's network steps: the VPC, the vSwitch of the chosen zone, the server's own security group and its
 * inbound rules, either the server's own network or the provider profile's shared one ({@link NetworkPolicy}). Each
 * create carries the step's client token (a shared resource one derived from the profile and zone, so that two
 * deployments that both find nothing get the same resource); a created VPC or vSwitch is waited on until available.
 */
final class NetworkSteps {

    /**
     * Address plans: a server's own VPC, and the profile's shared VPC with one /20 per zone (4,091 usable
     * addresses: a /24 filled up at 252 servers in a zone, and RunInstances then refused every further one).
     */
    static final String OWN_VPC_CIDR = "192.168.0.0/16";
    static final String SHARED_VPC_CIDR = "172.16.0.0/12";

    /** Alibaba Cloud takes descriptions of 2 to 256 characters. */
    private static final int DESCRIPTION_MAX = 256;

    private final ProvisioningSettings settings;
    private final StepOutcomes outcomes;
    private final LongFunction<String> profileNames;

    /** {@code profileNames}: a profile's name by its id (null when it has none to tell). */
    NetworkSteps(ProvisioningSettings settings, StepOutcomes outcomes, LongFunction<String> profileNames) {
        this.settings = Objects.requireNonNull(settings);
        this.outcomes = Objects.requireNonNull(outcomes);
        this.profileNames = Objects.requireNonNull(profileNames);
    }

    /**
     * The shared VPC's description, read by people in the cloud's console: the profile by its name, as the console
     * names it (its number is in the VPC's name and tags, which the product reads back).
     */
    static String sharedDescription(String profileName) {
        String suffix = " (ECS Provisioner)";
        if (profileName == null || profileName.isBlank()) {
            return "Shared network of a provider profile" + suffix;
        }
        String text = "Shared network of provider profile " + profileName.strip().replaceAll("\\s+", " ");
        return (text.length() + suffix.length() > DESCRIPTION_MAX ? text.substring(0, DESCRIPTION_MAX - suffix.length() - 1) + "…" : text)
                + suffix;
    }

    Outcome vpc(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        Optional<String> known = job.resources().id(ResourceKind.VPC);
        if (known.isEmpty()) {
            boolean shared = job.plan().networkPolicy() == NetworkPolicy.SHARED_PER_PROFILE;
            String id;
            if (shared) {
                id = findShared(cloud, job.getProfileId(), ResourceKind.VPC, null).orElseGet(() -> cloud.createVpc(
                        new CloudTypes.VpcSpec("ecs-shared-" + job.getProfileId(), SHARED_VPC_CIDR,
                                sharedDescription(profileNames.apply(job.getProfileId())),
                                Tags.forSharedNetwork(job.getProfileId())),
                        sharedToken("vpc", job.getProfileId(), null)));
            } else {
                id = cloud.createVpc(new CloudTypes.VpcSpec(job.plan().serverName(), OWN_VPC_CIDR,
                        "Network of server " + job.plan().serverName() + " (ECS Provisioner)",
                        Tags.forServer(job.getProfileId(), job.getServerId())), job.steps().current().getClientToken());
            }
            Duration pause = settings.pollNetwork();
            return (j, s, t) -> {
                j.resources().record(ResourceKind.VPC, id, null, !shared, t);
                j.log(t, JobLogEntry.Level.INFO, (shared ? "Shared VPC " : "VPC ") + id);
                j.waitUntil(t.plus(pause), t);
            };
        }
        Optional<CloudTypes.Vpc> vpc = seen.vpc(known.get());
        if (vpc.isPresent() && vpc.get().status() == CloudTypes.NetworkStatus.AVAILABLE) {
            return (j, s, t) -> j.steps().complete(t, "VPC " + known.get() + " available");
        }
        return outcomes.keepWaiting(job, now, settings.pollNetwork(), "VPC " + known.get() + " is not available ("
                + vpc.map(CloudTypes.Vpc::rawStatus).orElse("not listed yet") + ")");
    }

    Outcome vSwitch(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        Optional<JobResource> current = job.resources().current(ResourceKind.VSWITCH)
                .filter(r -> Objects.equals(r.getZoneId(), job.zone().zoneId()));
        if (current.isEmpty()) {
            String vpcId = job.resources().id(ResourceKind.VPC).orElseThrow();
            String zone = job.zone().zoneId();
            boolean shared = job.plan().networkPolicy() == NetworkPolicy.SHARED_PER_PROFILE;
            String id;
            if (shared) {
                int index = zoneIndex(cloud, zone);
                Map<String, String> tags = new LinkedHashMap<>(Tags.forSharedNetwork(job.getProfileId()));
                tags.put(Tags.ZONE, zone);
                id = findShared(cloud, job.getProfileId(), ResourceKind.VSWITCH, zone).orElseGet(() -> cloud.createVSwitch(
                        new CloudTypes.VSwitchSpec(vpcId, zone, "ecs-shared-" + job.getProfileId() + "-" + zone,
                                sharedVSwitchCidr(index), tags),
                        sharedToken("vsw", job.getProfileId(), zone)));
            } else {
                // After a zone fallback the first vSwitch may still exist: every attempt gets its own /24.
                long attempt = job.resources().stream().filter(r -> r.getKind() == ResourceKind.VSWITCH).count();
                Map<String, String> tags = new LinkedHashMap<>(Tags.forServer(job.getProfileId(), job.getServerId()));
                tags.put(Tags.ZONE, zone);
                id = cloud.createVSwitch(new CloudTypes.VSwitchSpec(vpcId, zone, job.plan().serverName(),
                        "192.168." + attempt + ".0/24", tags), job.steps().current().getClientToken());
            }
            Duration pause = settings.pollNetwork();
            return (j, s, t) -> {
                j.resources().record(ResourceKind.VSWITCH, id, zone, !shared, t);
                j.log(t, JobLogEntry.Level.INFO, (shared ? "Shared vSwitch " : "vSwitch ") + id + " in " + zone);
                j.waitUntil(t.plus(pause), t);
            };
        }
        String id = current.get().getResourceId();
        Optional<CloudTypes.VSwitch> vsw = seen.vSwitch(id);
        if (vsw.isPresent() && vsw.get().status() == CloudTypes.NetworkStatus.AVAILABLE) {
            return (j, s, t) -> j.steps().complete(t, "vSwitch " + id + " available");
        }
        return outcomes.keepWaiting(job, now, settings.pollNetwork(), "vSwitch " + id + " is not available ("
                + vsw.map(CloudTypes.VSwitch::rawStatus).orElse("not listed yet") + ")");
    }

    Outcome securityGroup(Job job, CloudRegion cloud) {
        Optional<String> known = job.resources().id(ResourceKind.SECURITY_GROUP);
        if (known.isPresent()) {
            return network(known.get(), "Security group " + known.get());
        }
        String vpcId = job.resources().id(ResourceKind.VPC).orElseThrow();
        // Every server gets a group of its own, in the shared network too: a firewall rule changed for one server
        // (firewall package) must never open or close a port on another. The group is the server's (tagged with it,
        // made with the step's client token, deleted with it); only the VPC and vSwitches are shared.
        boolean shared = job.plan().networkPolicy() == NetworkPolicy.SHARED_PER_PROFILE;
        String id = cloud.createSecurityGroup(new CloudTypes.SecurityGroupSpec(vpcId, job.plan().serverName(),
                "Web server " + job.plan().serverName(), Tags.forServer(job.getProfileId(), job.getServerId())),
                job.steps().current().getClientToken());
        Outcome record = (j, s, t) -> j.resources().record(ResourceKind.SECURITY_GROUP, id, null, true, t);
        Outcome done = network(id, "Security group " + id + (shared ? " (the server's own, in the shared network)" : ""));
        return (j, s, t) -> {
            record.applyTo(j, s, t);
            done.applyTo(j, s, t);
        };
    }

    private static Outcome network(String securityGroupId, String what) {
        return (j, s, t) -> {
            s.useNetwork(j.resources().id(ResourceKind.VPC).orElseThrow(), j.resources().id(ResourceKind.VSWITCH).orElseThrow(),
                    securityGroupId, t);
            j.steps().complete(t, what);
        };
    }

    Outcome ingressRules(Job job, CloudRegion cloud) {
        String sg = job.resources().id(ResourceKind.SECURITY_GROUP).orElseThrow();
        List<CloudTypes.IngressRule> rules = new ArrayList<>();
        rules.add(CloudTypes.IngressRule.tcp(job.plan().sshPort(), "SSH"));
        if (job.plan().sshPort() != 80) {
            rules.add(CloudTypes.IngressRule.tcp(80, "HTTP"));
        }
        if (job.plan().sshPort() != 443) {
            rules.add(CloudTypes.IngressRule.tcp(443, "HTTPS"));
        }
        cloud.authorizeIngress(sg, rules, job.steps().current().getClientToken());
        return (j, s, t) -> j.steps().complete(t, "Inbound TCP " + job.plan().sshPort() + ", 80 and 443 open in " + sg);
    }

    // ---- Shared network ----------------------------------------------------------------------------------------

    /**
     * The profile's shared VPC, vSwitch (of a zone) or security group if it exists. Creating it uses a client token
     * derived from the profile (and zone), so that two deployments that both find nothing get the same resource.
     */
    private static Optional<String> findShared(CloudRegion cloud, long profileId, ResourceKind kind, String zone) {
        return cloud.networkResourcesTagged(Tags.SHARED_NETWORK, Optional.of(Long.toString(profileId))).stream()
                .filter(r -> r.kind() == kind)
                .filter(r -> zone == null || zone.equals(r.tags().get(Tags.ZONE)))
                .sorted(Comparator.comparing(CloudTypes.TaggedResource::createdAt,
                        Comparator.nullsLast(Comparator.naturalOrder())))
                .map(CloudTypes.TaggedResource::id)
                .findFirst();
    }

    static String sharedToken(String what, long profileId, String zone) {
        return "ecs-shared-" + what + "-" + profileId + (zone == null ? "" : "-" + zone);
    }

    /** The zone's /20 inside the shared 172.16.0.0/12: 256 of them, one per zone index (0 to 249). */
    static String sharedVSwitchCidr(int zoneIndex) {
        return "172." + (16 + zoneIndex / 16) + "." + (zoneIndex % 16) * 16 + ".0/20";
    }

    private static int zoneIndex(CloudRegion cloud, String zone) {
        List<CloudTypes.Zone> zones = cloud.zones();
        for (int i = 0; i < zones.size(); i++) {
            if (zones.get(i).id().equals(zone)) {
                return i;
            }
        }
        return Math.floorMod(zone.hashCode(), 200) + 50;
    }
}
