package com.ecsprovisioner.engine;

import com.ecsprovisioner.server.Server;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.util.Locale;
import java.util.Objects;

/**
 * What a job works on, fixed when it is asked: for a deployment its checked plan (region, the zone
 * asked for or the policy that chooses one, network policy, type, image, disk, bandwidth, key pair, SSH port); for a
 * lifecycle action the server's region, name, image and the instance type it acts with; for a custom server's
 * bootstrap the region, name and SSH port. Where the job finally lands (its zone) is the job's own state.
 */
@Embeddable
public class JobPlan {

    @Column(name = "region_id", nullable = false, length = 32)
    private String regionId;

    @Column(name = "requested_zone_id", length = 32)
    private String requestedZoneId;

    @Column(name = "zone_policy", length = 16)
    @Enumerated(EnumType.STRING)
    private ZonePolicy zonePolicy;

    @Column(name = "network_policy", length = 32)
    @Enumerated(EnumType.STRING)
    private NetworkPolicy networkPolicy;

    @Column(name = "server_name", nullable = false, length = 64)
    private String serverName;

    @Column(name = "instance_type", nullable = false, length = 64)
    private String instanceType;

    @Column(name = "image_id", nullable = false, length = 128)
    private String imageId;

    @Column(name = "disk_category", length = 32)
    private String diskCategory;

    @Column(name = "disk_size_gib", nullable = false)
    private int diskSizeGiB;

    @Column(name = "bandwidth_out_mbps", nullable = false)
    private int bandwidthOutMbps;

    @Column(name = "key_pair_name", length = 128)
    private String keyPairName;

    @Column(name = "ssh_port", nullable = false)
    private int sshPort;

    protected JobPlan() {
    }

    /** A server to create: everything the deployment checked ({@code requestedZoneId} null when the policy chooses). */
    public static JobPlan deployment(String regionId, String requestedZoneId, ZonePolicy zonePolicy, NetworkPolicy networkPolicy,
                                     String serverName, String instanceType, String imageId, String diskCategory, int diskSizeGiB,
                                     int bandwidthOutMbps, String keyPairName, int sshPort) {
        JobPlan p = new JobPlan();
        p.regionId = Objects.requireNonNull(regionId, "regionId");
        p.requestedZoneId = requestedZoneId;
        p.zonePolicy = zonePolicy;
        p.networkPolicy = networkPolicy;
        p.serverName = Objects.requireNonNull(serverName, "serverName");
        p.instanceType = instanceType;
        p.imageId = imageId;
        p.diskCategory = diskCategory;
        p.diskSizeGiB = diskSizeGiB;
        p.bandwidthOutMbps = bandwidthOutMbps;
        p.keyPairName = keyPairName;
        p.sshPort = sshPort;
        return p;
    }

    public static JobPlan bootstrapOnly(String regionId, String serverName, int sshPort) {
        JobPlan p = new JobPlan();
        p.regionId = Objects.requireNonNull(regionId, "regionId");
        p.serverName = Objects.requireNonNull(serverName, "serverName");
        p.sshPort = sshPort;
        return p;
    }

    /** A lifecycle action on {@code server}; {@code instanceType} is the server's type, or the new one for a resize. */
    public static JobPlan action(Server server, String instanceType) {
        JobPlan p = new JobPlan();
        p.regionId = server.getRegionId();
        p.serverName = server.getName();
        p.instanceType = Objects.requireNonNull(instanceType, "instanceType");
        p.imageId = server.getImageId();
        return p;
    }

    /** For the deployment's first log line. */
    public String describe() {
        return instanceType + ", image " + imageId + ", " + diskSizeGiB + " GiB " + diskCategory + ", zone "
                + (requestedZoneId != null ? requestedZoneId : spoken(zonePolicy)) + ", network " + spoken(networkPolicy);
    }

    private static String spoken(Enum<?> policy) {
        return policy.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public String regionId() {
        return regionId;
    }

    public String requestedZoneId() {
        return requestedZoneId;
    }

    public ZonePolicy zonePolicy() {
        return zonePolicy;
    }

    public NetworkPolicy networkPolicy() {
        return networkPolicy;
    }

    public String serverName() {
        return serverName;
    }

    public String instanceType() {
        return instanceType;
    }

    public String imageId() {
        return imageId;
    }

    public String diskCategory() {
        return diskCategory;
    }

    public int diskSizeGiB() {
        return diskSizeGiB;
    }

    public int bandwidthOutMbps() {
        return bandwidthOutMbps;
    }

    public String keyPairName() {
        return keyPairName;
    }

    public int sshPort() {
        return sshPort;
    }
}
