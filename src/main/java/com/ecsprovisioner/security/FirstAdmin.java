package com.ecsprovisioner.security;

import com.ecsprovisioner.platform.SchemaMigration;
import com.ecsprovisioner.platform.StartupWork;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Makes sure somebody can log in on a fresh installation: an {@code admin} user with the configured password, or a
 * random one written to the log once, on one clearly marked line, and never again. Its password hash (a deliberately
 * slow PBKDF2) is made beside the rest of the start-up ({@link StartupWork}), once the schema is current.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
public class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class.getName());

    @Inject
    @ConfigProperty(name = "ecs.admin.password")
    Optional<String> configuredPassword;

    @Inject
    Accounts accounts;

    @Inject
    StartupWork startup;

    @PostConstruct
    void begin() {
        startup.after(List.of(SchemaMigration.WORK), "the first admin", this::ensureAdmin);
    }

    void ensureAdmin() {
        Optional<String> generated = accounts.createFirstAdminIfNone(configuredPassword);
        generated.ifPresent(password -> LOG.warning("FIRST START: created console user 'admin' with password " + password
                + " (shown this once; log in at the console and change it under Settings, or set ecs.admin.password before the first start)"));
    }
}
