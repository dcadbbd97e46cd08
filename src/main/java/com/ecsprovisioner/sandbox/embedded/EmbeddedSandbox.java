package com.ecsprovisioner.sandbox.embedded;

import com.ecsprovisioner.platform.DataFolder;
import com.ecsprovisioner.sandbox.SandboxSystem;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.CloudSnapshot;
import com.ecsprovisioner.security.Role;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The sandbox cloud started with the application when {@code ecs.sandbox.enabled} is true (the default), with its
 * state in the data folder so that the servers in the database still exist in the sandbox after a restart.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EmbeddedSandbox {

    private static final Logger LOG = Logger.getLogger(EmbeddedSandbox.class.getName());

    @Inject
    Config config;

    @Inject
    DataFolder dataFolder;

    private SandboxSystem sandbox;

    @PostConstruct
    void start() {
        if (!config.getOptionalValue("ecs.sandbox.enabled", Boolean.class).orElse(true)) {
            LOG.info("Sandbox cloud is off (ecs.sandbox.enabled=false)");
            return;
        }
        sandbox = SandboxSystem.start(key -> config.getOptionalValue(key, String.class).orElse(null), dataFolder.root());
        LOG.info(sandbox.describe().stripTrailing());
    }

    @PreDestroy
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    public boolean isRunning() {
        return sandbox != null;
    }

    /** "http://127.0.0.1:8089", the endpoint a provider profile uses to talk to the sandbox. */
    public Optional<String> endpoint() {
        return Optional.ofNullable(sandbox).map(s -> "http://" + s.api().endpoint());
    }

    public Optional<Integer> sshPort() {
        return Optional.ofNullable(sandbox).map(s -> s.ssh().port());
    }

    /** The sandbox's access keys; fake by design, shown so that an operator can try the product with them. */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<AccessKey> accessKeys() {
        return sandbox == null ? List.of() : sandbox.api().accounts();
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public Optional<CloudSnapshot> inspect() {
        return Optional.ofNullable(sandbox).map(s -> s.api().inspect());
    }

    /** Empties the sandbox cloud: every VPC, instance and key pair of every account is gone. */
    @RolesAllowed(Role.ADMIN_NAME)
    public void reset() {
        if (sandbox != null) {
            sandbox.api().reset();
            LOG.warning("Sandbox cloud reset: every resource of every account removed");
        }
    }
}
