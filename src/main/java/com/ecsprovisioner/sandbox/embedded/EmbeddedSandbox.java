package com.ecsprovisioner.sandbox.embedded;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditTrail;
import com.ecsprovisioner.audit.Changes;
import com.ecsprovisioner.platform.DataFolder;
import com.ecsprovisioner.platform.StartupWork;
import com.ecsprovisioner.sandbox.SandboxSystem;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.CloudSnapshot;
import com.ecsprovisioner.sandbox.cloud.Policy;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.security.Role;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.SessionContext;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The sandbox cloud started with the application only when asked for ({@code ecs.sandbox.enabled=true}; the Quick
 * start asks for it), with its state and its per-installation access keys in the data folder so that the servers in
 * the database still exist in the sandbox after a restart. Off otherwise: in production it would be a second cloud
 * that any local process could drive. It starts beside the rest of the start-up ({@link StartupWork}); the deployment
 * ends only once it runs.
 */
@Startup
@Singleton
@DependsOn("DeploymentCheck")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EmbeddedSandbox {

    private static final Logger LOG = Logger.getLogger(EmbeddedSandbox.class.getName());

    @Inject
    Config config;

    @Inject
    DataFolder dataFolder;

    @Resource
    SessionContext context;

    /** A reset is recorded with who asked for it. */
    @Inject
    AuditTrail audit;

    /** The name recorded as who asked: the caller, or the sender an interface authenticated itself (JMS). */
    @Inject
    Requester requester;

    @Inject
    StartupWork startup;

    /** Set by the start-up work's thread, read by the container's. */
    private volatile SandboxSystem sandbox;

    @PostConstruct
    void start() {
        if (!config.getOptionalValue("ecs.sandbox.enabled", Boolean.class).orElse(false)) {
            LOG.info("Sandbox cloud is off (set ecs.sandbox.enabled=true to run it)");
            return;
        }
        startup.begin("the sandbox cloud", () -> {
            SandboxSystem started = SandboxSystem.start(key -> config.getOptionalValue(key, String.class).orElse(null), dataFolder.root());
            sandbox = started;
            LOG.info(started.describe(false).stripTrailing());
        });
    }

    @PreDestroy
    void stop() {
        // A failed deployment may end while the start is still under way: stop what it started.
        startup.settle();
        SandboxSystem sandbox = this.sandbox;
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

    /** The sandbox's access keys with their secrets: they drive this installation's sandbox, so admins only. */
    @RolesAllowed(Role.ADMIN_NAME)
    public List<AccessKey> accessKeys() {
        return sandbox == null ? List.of() : sandbox.api().accounts();
    }

    /** A key as the Sandbox page shows it: the secret only to an admin, null for anyone else. */
    public record ShownKey(String id, String secret, String userName, Set<Policy> policies) {
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<ShownKey> shownKeys() {
        if (sandbox == null) {
            return List.of();
        }
        boolean admin = context.isCallerInRole(Role.ADMIN_NAME);
        return sandbox.api().accounts().stream()
                .map(k -> new ShownKey(k.id(), admin ? k.secret() : null, k.userName(), k.policies()))
                .toList();
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public Optional<CloudSnapshot> inspect() {
        return Optional.ofNullable(sandbox).map(s -> s.api().inspect());
    }

    /**
     * Empties the sandbox cloud: every VPC, instance and key pair of every account is gone. In a transaction, unlike
     * the rest of this bean, for its audit record: the record is written first and the reset's failure rolls it back.
     */
    @RolesAllowed(Role.ADMIN_NAME)
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void reset() {
        if (sandbox != null) {
            audit.record(requester.nameOf(context.getCallerPrincipal()), AuditAction.SANDBOX_RESET, "sandbox cloud at "
                    + sandbox.api().endpoint(), Changes.none().value("removed", "every resource of every account"));
            sandbox.api().reset();
            LOG.warning("Sandbox cloud reset: every resource of every account removed");
        }
    }
}
