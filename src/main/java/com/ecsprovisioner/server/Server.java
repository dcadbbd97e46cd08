package com.ecsprovisioner.server;

import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.platform.VersionedEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static com.ecsprovisioner.server.ServerStatus.*;

/**
 * A server the product deploys and runs. It exists from the moment it is requested (so that the Servers list shows
 * it at once) and changes status only through its verbs; a verb asked in a status where it makes no sense throws
 * {@link IllegalTransition}. Every change is kept in the status history.
 */
@Entity
@Table(name = "server")
@NamedQuery(name = "Server.all", query = "SELECT s FROM Server s WHERE s.status <> :deleted ORDER BY s.name")
@NamedQuery(name = "Server.synced", query = "SELECT s FROM Server s WHERE s.instanceId IS NOT NULL AND s.status IN :statuses")
@NamedQuery(name = "Server.ofProfile", query = "SELECT s FROM Server s WHERE s.profileId = :profileId")
@NamedQuery(name = "Server.deletedOutside", query = "SELECT s FROM Server s WHERE s.status = :deleted "
        + "AND s.statusNoticedAt IS NOT NULL ORDER BY s.statusNoticedAt DESC")
public class Server extends VersionedEntity {

    /** A name usable as an ECS instance name and a host name: letters, digits and '-', 2 to 64 characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,63}");

    @Column(nullable = false, length = 64)
    private String name;

    @Column(name = "profile_id", nullable = false)
    private long profileId;

    @Column(name = "region_id", nullable = false, length = 32)
    private String regionId;

    @Column(name = "zone_id", length = 32)
    private String zoneId;

    @Column(name = "instance_id", length = 64)
    private String instanceId;

    @Column(name = "instance_type", nullable = false, length = 64)
    private String instanceType;

    @Column(name = "image_id", nullable = false, length = 128)
    private String imageId;

    @Column(name = "public_ip", length = 45)
    private String publicIp;

    @Column(name = "private_ip", length = 45)
    private String privateIp;

    @Column(name = "vpc_id", length = 64)
    private String vpcId;

    @Column(name = "vswitch_id", length = 64)
    private String vSwitchId;

    @Column(name = "security_group_id", length = 64)
    private String securityGroupId;

    @Column(nullable = false, length = 16)
    @Convert(converter = ServerStatus.Column.class)
    private ServerStatus status;

    @Column(name = "status_reason", length = 1000)
    private String statusReason;

    /** When the status sync noticed a change made outside the product (null when the product made the change). */
    @Column(name = "status_noticed_at")
    private Instant statusNoticedAt;

    /** When the status sync last compared the server with the cloud. */
    @Column(name = "synced_at")
    private Instant syncedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;


    /** A bring-your-own server registered by address (no cloud resources of ours); only the bootstrap runs on it. */
    @Column(nullable = false)
    private boolean custom;

    /** The SSH host key pinned on first contact ({@code <type> <base64>}); null until then or after an accepted rebuild. */
    @Column(name = "host_key", length = 2000)
    private String hostKey;

    /** MariaDB's root password, sealed by the SecretBox; made once, before the first bootstrap uploads it. */
    @Column(name = "db_root_password_sealed", length = 512)
    private String sealedDbRootPassword;

    /** What the bootstrap's health check found installed, as {@code name=version} pairs separated by ';'. */
    @Column(name = "component_versions", length = 1000)
    private String componentVersions;

    /** The PHP branch chosen when it was deployed ({@code default}: the distribution's); null: the profile's setting. */
    @Column(name = "php_version", length = 16)
    private String phpVersion;

    @OneToMany(mappedBy = "server", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("changedAt, id")
    private List<ServerStatusChange> history = new ArrayList<>();

    protected Server() {
    }

    public Server(String name, long profileId, String regionId, String instanceType, String imageId, Instant now) {
        this.name = requireValidName(name);
        this.profileId = profileId;
        this.regionId = Objects.requireNonNull(regionId, "regionId");
        this.instanceType = Objects.requireNonNull(instanceType, "instanceType");
        this.imageId = Objects.requireNonNull(imageId, "imageId");
        this.createdAt = now;
        this.updatedAt = now;
        this.status = REQUESTED;
        history.add(new ServerStatusChange(this, null, REQUESTED, "requested", now));
    }

    /**
     * A custom (bring-your-own) server at {@code address}: no instance and no network of ours. {@code profileId} is
     * the profile whose key it uses, or 0 when it has its own key; {@code regionId} chooses its download sources.
     */
    public static Server custom(String name, String address, long profileId, String regionId, Instant now) {
        Server server = new Server(name, profileId, regionId, "custom", "custom", now);
        server.custom = true;
        server.publicIp = Objects.requireNonNull(address, "address");
        return server;
    }

    /** Refuses a name that cannot be an instance and host name, with a message a person can act on. */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new Rejected("A server name is 2 to 64 letters, digits or '-', starting with a letter"
                    + (name == null || name.isBlank() ? "" : " (\"" + clip(name, 80) + "\" is not)"));
        }
        return name;
    }

    // ---- Verbs ------------------------------------------------------------------------------------------------

    /** The deployment job started (or was retried after a failure). */
    public void startProvisioning(Instant now) {
        move(PROVISIONING, "start provisioning", "deployment running", now, REQUESTED, FAILED);
    }

    public void placeIn(String zone, Instant now) {
        requireStatus("place", PROVISIONING);
        this.zoneId = Objects.requireNonNull(zone);
        this.updatedAt = now;
    }

    public void useNetwork(String vpc, String vSwitch, String securityGroup, Instant now) {
        requireStatus("attach a network to", PROVISIONING);
        this.vpcId = vpc;
        this.vSwitchId = vSwitch;
        this.securityGroupId = securityGroup;
        this.updatedAt = now;
    }

    public void recordInstance(String instance, Instant now) {
        requireStatus("record the instance of", PROVISIONING);
        this.instanceId = Objects.requireNonNull(instance);
        this.updatedAt = now;
    }

    /** The instance runs with these addresses (the SSH check comes next). */
    public void recordAddresses(String publicAddress, String privateAddress, Instant now) {
        requireStatus("record the addresses of", PROVISIONING);
        this.publicIp = Objects.requireNonNull(publicAddress);
        this.privateIp = privateAddress;
        this.updatedAt = now;
    }

    /** The instance runs and answers on its SSH port: the bootstrap takes over from here. */
    public void markSshReachable(String publicAddress, String privateAddress, Instant now) {
        move(BOOTSTRAPPING, "mark SSH reachable", "SSH reachable at " + publicAddress, now, PROVISIONING);
        this.publicIp = Objects.requireNonNull(publicAddress);
        this.privateIp = privateAddress;
    }

    public void markActive(Instant now) {
        move(ACTIVE, "mark active", "active", now, BOOTSTRAPPING, STARTING, REBOOTING, RESIZING, UNREACHABLE);
    }

    /**
     * The bootstrap finished: the server is active with what its health check found installed (component to
     * version, e.g. nginx 1.24.0).
     */
    public void markActive(Map<String, String> versions, Instant now) {
        markActive(now);
        StringBuilder text = new StringBuilder();
        versions.forEach((component, v) -> {
            if (!text.isEmpty()) {
                text.append(';');
            }
            text.append(component.replace(';', ' ').replace('=', ' ')).append('=').append(v.replace(';', ' '));
        });
        this.componentVersions = clip(text.toString(), 1000);
    }

    /**
     * A bootstrap-only run begins: a custom server's first or a repeated bootstrap, or the retry of a deployment
     * that failed in its bootstrap step.
     */
    public void startBootstrap(Instant now) {
        move(BOOTSTRAPPING, "start the bootstrap of", "bootstrap running", now, REQUESTED, FAILED, ACTIVE, UNREACHABLE);
    }

    /** First contact over SSH: the host key every later connection must present. */
    public void pinHostKey(String keyLine, Instant now) {
        if (hostKey != null && !hostKey.equals(keyLine)) {
            throw new IllegalStateException("server " + name + " already has a pinned host key; accept a new one explicitly");
        }
        this.hostKey = Objects.requireNonNull(keyLine);
        this.updatedAt = now;
    }

    /**
     * An operator checked that the server was legitimately rebuilt: the next connection pins whatever key it
     * presents.
     */
    public void forgetHostKey(Instant now) {
        this.hostKey = null;
        this.updatedAt = now;
    }

    public void recordDatabaseRootPassword(String sealed, Instant now) {
        if (sealedDbRootPassword != null) {
            throw new IllegalStateException("server " + name + " already has a MariaDB root password");
        }
        this.sealedDbRootPassword = Objects.requireNonNull(sealed);
        this.updatedAt = now;
    }

    public void markUnreachable(String reason, Instant now) {
        move(UNREACHABLE, "mark unreachable", reason, now, ACTIVE);
    }

    public void stop(Instant now) {
        move(STOPPING, "stop", "stop requested", now, ServerAction.STOP);
    }

    public void markStopped(Instant now) {
        move(STOPPED, "mark stopped", "stopped", now, STOPPING, RESIZING);
    }

    public void start(Instant now) {
        move(STARTING, "start", "start requested", now, ServerAction.START);
    }

    public void reboot(Instant now) {
        move(REBOOTING, "reboot", "reboot requested", now, ServerAction.REBOOT);
    }

    /** A resize was asked; the type changes when the cloud has changed it ({@link #changeType}). */
    public void resize(String newInstanceType, Instant now) {
        Objects.requireNonNull(newInstanceType);
        move(RESIZING, "resize", "resize to " + newInstanceType + " requested", now, ServerAction.RESIZE);
    }

    /** The cloud changed the instance type (during a resize). */
    public void changeType(String newInstanceType, Instant now) {
        requireStatus("change the type of", RESIZING);
        this.instanceType = Objects.requireNonNull(newInstanceType);
        this.updatedAt = now;
    }

    /**
     * An action that leaves the status as it is (a snapshot) was asked: bumps the version, so that two requests
     * made at the same moment conflict instead of both passing the "no job running" check.
     */
    public void noteAction(ServerAction action, Instant now) {
        requireStatus(action.verb(), action.allowedFrom().toArray(ServerStatus[]::new));
        this.updatedAt = now;
    }

    /** The statuses in which the status sync compares the server with the cloud (when no job runs on it). */
    public static final Set<ServerStatus> SYNCED = EnumSet.of(ACTIVE, UNREACHABLE, STOPPED, STOPPING, STARTING, FAILED);

    /**
     * What the status sync saw in the cloud: the instance's state (empty: the instance no longer exists), its public
     * IP and type. The status follows {@link CloudStatusMapping#statusFor}, except that a running instance leaves
     * UNREACHABLE alone (that is about SSH, which the sync does not check). A change is recorded in the history
     * with the time it was noticed. Answers true when the status changed.
     */
    public boolean observe(Optional<CloudTypes.InstanceState> state, String rawStatus, String publicAddress, String type,
                           Instant now) {
        requireStatus("sync", SYNCED.toArray(ServerStatus[]::new));
        this.syncedAt = now;
        if (state.isPresent()) {
            if (publicAddress != null) {
                this.publicIp = publicAddress;
            }
            if (type != null) {
                this.instanceType = type;
            }
        }
        ServerStatus seen = CloudStatusMapping.statusFor(state);
        if (seen == status || (seen == ACTIVE && status == UNREACHABLE)) {
            return false;
        }
        String reason = state.isEmpty()
                ? "noticed: the instance no longer exists in the cloud (deleted outside the product)"
                : "noticed: the instance is " + rawStatus + " in the cloud (changed outside the product)";
        history.add(new ServerStatusChange(this, status, seen, reason, now));
        this.status = seen;
        this.statusReason = reason;
        this.statusNoticedAt = now;
        this.updatedAt = now;
        return true;
    }

    public void fail(String reason, Instant now) {
        move(FAILED, "fail", reason, now, REQUESTED, PROVISIONING, BOOTSTRAPPING, STARTING, STOPPING, REBOOTING, RESIZING,
                DELETING);
    }

    /** Deleting the server's cloud resources began (a deletion, a rollback or a cancelled deployment). */
    public void delete(String reason, Instant now) {
        Set<ServerStatus> from = EnumSet.complementOf(EnumSet.of(DELETING, DELETED));
        move(DELETING, "delete", reason, now, from.toArray(ServerStatus[]::new));
    }

    public void markDeleted(Instant now) {
        move(DELETED, "mark deleted", "every cloud resource of the server is gone", now, DELETING);
    }

    private void move(ServerStatus to, String verb, String reason, Instant now, ServerAction action) {
        move(to, verb, reason, now, action.allowedFrom().toArray(ServerStatus[]::new));
    }

    private void move(ServerStatus to, String verb, String reason, Instant now, ServerStatus... allowedFrom) {
        requireStatus(verb, allowedFrom);
        this.statusNoticedAt = null;
        history.add(new ServerStatusChange(this, status, to, reason, now));
        this.status = to;
        this.statusReason = clip(reason, 1000);
        this.updatedAt = now;
    }

    private void requireStatus(String verb, ServerStatus... allowed) {
        for (ServerStatus s : allowed) {
            if (s == status) {
                return;
            }
        }
        throw new IllegalTransition("server " + name, status, verb);
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    // ---- Reading ----------------------------------------------------------------------------------------------

    public boolean isCustom() {
        return custom;
    }

    public String getHostKey() {
        return hostKey;
    }

    public String getSealedDbRootPassword() {
        return sealedDbRootPassword;
    }

    /**
     * The PHP branch its bootstrap installs, chosen at deployment (checked there against the image's OS); null
     * keeps the profile's bootstrap setting.
     */
    public void choosePhpVersion(String version) {
        if (version != null && !version.matches("default|[5-9]\\.[0-9]")) {
            throw new IllegalArgumentException("PHP version '" + version + "' must be 'default' or a version such as 8.3");
        }
        this.phpVersion = version;
    }

    public String getPhpVersion() {
        return phpVersion;
    }

    /** Component to version as the last successful bootstrap found them, in their order; empty before. */
    public Map<String, String> getComponentVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        if (componentVersions != null && !componentVersions.isBlank()) {
            for (String pair : componentVersions.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    versions.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return versions;
    }


    public String getName() {
        return name;
    }

    public long getProfileId() {
        return profileId;
    }

    public String getRegionId() {
        return regionId;
    }

    public String getZoneId() {
        return zoneId;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public String getInstanceType() {
        return instanceType;
    }

    public String getImageId() {
        return imageId;
    }

    public String getPublicIp() {
        return publicIp;
    }

    public String getPrivateIp() {
        return privateIp;
    }

    public String getVpcId() {
        return vpcId;
    }

    public String getVSwitchId() {
        return vSwitchId;
    }

    public String getSecurityGroupId() {
        return securityGroupId;
    }

    public ServerStatus getStatus() {
        return status;
    }

    public String getStatusReason() {
        return statusReason;
    }

    public Instant getStatusNoticedAt() {
        return statusNoticedAt;
    }

    public Instant getSyncedAt() {
        return syncedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public List<ServerStatusChange> getHistory() {
        return Collections.unmodifiableList(history);
    }
}
