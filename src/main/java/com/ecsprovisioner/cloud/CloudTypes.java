package com.ecsprovisioner.cloud;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The values the port speaks, independent of any SDK. */
public final class CloudTypes {

    private CloudTypes() {
    }

    /** {@code mainlandChina} drives the choice of package mirrors (blocked networks). */
    public record Region(String id, String localName, boolean mainlandChina) {
    }

    public record Zone(String id, String localName) {
    }

    /** An instance type on sale now in a zone, with the system disk categories it can use. */
    public record Offer(String zoneId, String instanceType, List<String> systemDiskCategories) {
    }

    /**
     * {@code localStorageCategory} is the type's local disks ("" or null: none). Only a type without local disks can be
     * stopped in the no-charge mode (StoppedMode=StopCharging), because its instance may move to another host.
     */
    public record InstanceType(String id, String family, int cpuCores, double memoryGiB, String localStorageCategory) {
        public boolean supportsStopCharging() {
            return localStorageCategory == null || localStorageCategory.isBlank();
        }
    }

    public record Image(String id, String name, String osName, String osType, String architecture, int sizeGiB) {
    }

    /** Where an image the account made (CreateImage) stands: only an available one can start a server. */
    public enum ImageStatus { CREATING, AVAILABLE, FAILED, UNAVAILABLE }

    /** An image of the account's own (DescribeImages with ImageOwnerAlias=self), with its status and source snapshot. */
    public record OwnImage(String id, String name, ImageStatus status, String rawStatus, String snapshotId, int sizeGiB) {
    }

    /** {@code fingerprint} as the cloud computes it (see the reference: MD5 of the public key blob, hex pairs). */
    public record KeyPair(String name, String fingerprint) {
    }

    public record CreatedKeyPair(String name, String fingerprint, String privateKeyPem) {
        @Override
        public String toString() {
            return "CreatedKeyPair[" + name + ", " + fingerprint + "]";
        }
    }

    /** What {@link CloudRegion#checkPermissions} needs to build realistic dry runs. */
    public record PermissionProbe(String zoneId, String instanceType, String imageId) {
    }

    /** What one permission probe's answer proves: allowed, refused by RAM, or neither. */
    public enum Access { GRANTED, REFUSED, UNKNOWN }

    /**
     * @param action  the API action tried, e.g. "CreateVpc"
     * @param access  {@link Access#UNKNOWN} for an answer that proves neither (never counted as granted)
     * @param policy  the RAM policy that grants it, e.g. "AliyunVPCFullAccess"
     * @param code    the cloud's code when the answer proves neither, otherwise null
     * @param message why it is missing or unknown (the cloud's words), otherwise null
     */
    public record PermissionCheck(String action, Access access, String policy, String code, String message) {
        public boolean granted() {
            return access == Access.GRANTED;
        }

        /** "granted", "missing" or "not known", as the connection test shows it. */
        public String answer() {
            return switch (access) {
                case GRANTED -> "granted";
                case REFUSED -> "missing";
                case UNKNOWN -> "not known";
            };
        }

        /** The cloud's code, labelled, for the one case where support needs it: an answer that proved nothing. */
        public String codeForSupport() {
            return access == Access.UNKNOWN && code != null ? "cloud error code: " + code : null;
        }
    }

    public record Quota(String name, int used, int limit) {
        public int remaining() {
            return Math.max(0, limit - used);
        }
    }

    /** The limits {@code CloudRegion.quotas()} reads, each from where the cloud exposes it. */
    public enum QuotaKind {
        /** Quota Center (product vpc). */
        VPCS_PER_REGION,
        /** ECS account attributes for the limit; the region's security groups for the use. */
        SECURITY_GROUPS_PER_REGION,
        /** ECS account attributes: vCPUs of pay-as-you-go instances, limit and use. */
        PAY_AS_YOU_GO_VCPUS_PER_REGION
    }

    /**
     * What could be read of the region's limits. A limit whose source refused (a missing permission: the
     * exception names the policy to grant) or does not offer it here is in {@code unreadable} with the cloud's
     * code and request id, so that what could be read is still shown.
     */
    public record QuotaReport(Map<QuotaKind, Quota> read, Map<QuotaKind, CloudException> unreadable) {
        public QuotaReport {
            read = Map.copyOf(read);
            unreadable = Map.copyOf(unreadable);
        }

        public Optional<Quota> get(QuotaKind kind) {
            return Optional.ofNullable(read.get(kind));
        }
    }

    /** How outbound bandwidth is billed: by the traffic sent (the product's deployments), or by the Mbit/s reserved. */
    public enum BandwidthBilling { BY_TRAFFIC, BY_BANDWIDTH }

    /** A pay-as-you-go server to price: instance type, system disk and outbound bandwidth. */
    public record PriceQuery(String instanceType, String systemDiskCategory, int systemDiskSizeGiB,
                             int bandwidthOutMbps, BandwidthBilling bandwidthBilling) {
    }

    /**
     * The cloud's hourly pay-as-you-go price, in the currency it reports, with the part of each item. Bandwidth billed
     * by traffic costs nothing per hour (its traffic is billed per GB, which this does not price).
     */
    public record Price(String currency, BigDecimal perHour, BigDecimal instanceTypePerHour,
                        BigDecimal systemDiskPerHour, BigDecimal bandwidthPerHour) {
    }

    public record VpcSpec(String name, String cidrBlock, String description, Map<String, String> tags) {
    }

    public record VSwitchSpec(String vpcId, String zoneId, String name, String cidrBlock, Map<String, String> tags) {
    }

    public record SecurityGroupSpec(String vpcId, String name, String description, Map<String, String> tags) {
    }

    /** Inbound TCP to a port range from a CIDR ("0.0.0.0/0" for everyone). */
    public record IngressRule(int fromPort, int toPort, String sourceCidr, String description) {
        public static IngressRule tcp(int port, String description) {
            return new IngressRule(port, port, "0.0.0.0/0", description);
        }
    }

    /** Network resources move from PENDING to AVAILABLE after creation. */
    public enum NetworkStatus { PENDING, AVAILABLE, UNRECOGNIZED }

    public record Vpc(String id, String name, String cidrBlock, NetworkStatus status, String rawStatus, Map<String, String> tags,
                      Instant createdAt) {
    }

    public record VSwitch(String id, String vpcId, String zoneId, String cidrBlock, NetworkStatus status, String rawStatus,
                          Map<String, String> tags, Instant createdAt) {
    }

    public record SecurityGroup(String id, String vpcId, String name, Map<String, String> tags, Instant createdAt) {
    }

    public enum ResourceKind {
        VPC("VPC"), VSWITCH("vSwitch"), SECURITY_GROUP("security group"), INSTANCE("instance");

        private final String word;

        ResourceKind(String word) {
            this.word = word;
        }

        /** The kind as job logs, refusals and the audit trail name it ("vSwitch", "security group"). */
        public String word() {
            return word;
        }
    }

    public record TaggedResource(ResourceKind kind, String id, String name, Map<String, String> tags, Instant createdAt) {
    }

    /**
     * @param publicIpAllocated an instance runs with a public IP through outbound bandwidth ({@code
     *                          InternetMaxBandwidthOut > 0}); the address appears once it is Running
     */
    public record InstanceSpec(String name, String hostName, String zoneId, String instanceType, String imageId,
                               String vSwitchId, String securityGroupId, String keyPairName, String systemDiskCategory,
                               int systemDiskSizeGiB, int internetMaxBandwidthOut, Map<String, String> tags) {
    }

    /** The product's view of an instance's state; {@link #UNRECOGNIZED} for anything the mapping does not know. */
    public enum InstanceState { PENDING, STARTING, RUNNING, STOPPING, STOPPED, UNRECOGNIZED }

    public record Instance(String id, String name, String zoneId, String instanceType, String imageId, InstanceState state,
                           String rawStatus, Optional<String> publicIp, Optional<String> privateIp, String vpcId,
                           String vSwitchId, List<String> securityGroupIds, String keyPairName, Map<String, String> tags,
                           Instant createdAt) {
    }

    public enum SnapshotStatus { PROGRESSING, ACCOMPLISHED, FAILED, UNRECOGNIZED }

    /**
     * @param sizeGiB the size of the disk it was taken of (what it can restore), 0 when the cloud does not say
     * @param tags    its tags (a scheduled backup's policy and slot among them); empty when it has none
     */
    public record Snapshot(String id, String name, String sourceDiskId, SnapshotStatus status, int progressPercent,
                           Instant createdAt, int sizeGiB, Map<String, String> tags) {
        public Snapshot {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }
    }
}
