package com.ecsprovisioner.customservers;

import com.ecsprovisioner.bootstrap.BootstrapOverrides;
import com.ecsprovisioner.platform.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/**
 * How to log in to a custom (bring-your-own) server: its SSH port and user, and either its own private key (sealed,
 * with its passphrase) or a provider profile's key; and its own bootstrap settings. Its address, status, pinned host key, MariaDB password and
 * installed versions are on its {@link com.ecsprovisioner.server.Server} row (flagged {@code custom}), so that the
 * Servers list, the job pages and the bootstrap step treat it like any other server. The sealed fields hold
 * ciphertext only and are never shown.
 */
@Entity
@Table(name = "custom_server")
@NamedQuery(name = "CustomServer.byServer", query = "SELECT c FROM CustomServer c WHERE c.serverId = :serverId")
public class CustomServer extends VersionedEntity {

    @Column(name = "server_id", nullable = false)
    private long serverId;

    @Column(name = "ssh_port", nullable = false)
    private int sshPort;

    @Column(name = "login_user", nullable = false, length = 32)
    private String loginUser;

    /** The profile whose private key logs in, or null when the server has its own key. */
    @Column(name = "key_profile_id")
    private Long keyProfileId;

    @Column(name = "private_key_sealed", length = 8000)
    private String sealedPrivateKey;

    @Column(name = "passphrase_sealed", length = 1000)
    private String sealedPassphrase;

    @Column(name = "key_type", length = 64)
    private String keyType;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** Its own bootstrap settings; each one left empty comes from its profile, then from the region's preset. */
    @Embedded
    private BootstrapOverrides bootstrap = BootstrapOverrides.none();


    protected CustomServer() {
    }

    /** With its own key (already checked by {@code SshTarget}), sealed by the caller. */
    static CustomServer withOwnKey(long serverId, int port, String user, String sealedKey, String sealedPassphrase,
                                   String keyType, Instant now) {
        CustomServer c = new CustomServer(serverId, port, user, now);
        c.sealedPrivateKey = Objects.requireNonNull(sealedKey);
        c.sealedPassphrase = sealedPassphrase;
        c.keyType = keyType;
        return c;
    }

    static CustomServer withProfileKey(long serverId, int port, String user, long profileId, Instant now) {
        CustomServer c = new CustomServer(serverId, port, user, now);
        c.keyProfileId = profileId;
        return c;
    }

    private CustomServer(long serverId, int port, String user, Instant now) {
        this.serverId = serverId;
        this.sshPort = port;
        this.loginUser = Objects.requireNonNull(user);
        this.createdAt = now;
    }


    public long getServerId() {
        return serverId;
    }

    public int getSshPort() {
        return sshPort;
    }

    public String getLoginUser() {
        return loginUser;
    }

    public Long getKeyProfileId() {
        return keyProfileId;
    }

    public String getKeyType() {
        return keyType;
    }

    String sealedPrivateKey() {
        return sealedPrivateKey;
    }

    String sealedPassphrase() {
        return sealedPassphrase;
    }

    /** Never null: EclipseLink reads an embeddable whose columns are all null as null. */
    public BootstrapOverrides getBootstrap() {
        return bootstrap == null ? BootstrapOverrides.none() : bootstrap;
    }

    /** Already checked by {@link BootstrapOverrides#of}. */
    void changeBootstrap(BootstrapOverrides settings) {
        this.bootstrap = Objects.requireNonNull(settings);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
