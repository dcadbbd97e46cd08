package com.ecsprovisioner.platform;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.util.logging.Logger;

/**
 * The application has started once this has: the startup beans began their work on threads of their own
 * ({@link StartupWork}) before the web module starts, and the web module's start waits here until all of it is done.
 * Here, in a listener that Payara Micro 6 and Payara Server 6 run after Faces has set itself up (1.2–1.9 s of the
 * deployment's own thread; an order seen, not promised), rather than in a startup bean before it, so that the two
 * overlap on two cores (README, Start-up beside a bare Payara Micro). A failure fails the deployment with its own
 * message, so nothing deploys half-working and the HTTP port (opened after the deployment) never answers for an
 * application that cannot work. The timers, which run before this has, skip their
 * ticks until then ({@link SkipTicksUntilStarted}).
 */
@WebListener
public class StartupGate implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(StartupGate.class.getName());

    @Inject
    StartupWork work;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // The container starts the startup beans before the web module (so they have begun by now); were it ever the
        // other way round, this would wait for nothing and the application would open before its schema exists.
        if (!work.begun(SchemaMigration.WORK)) {
            fail(new IllegalStateException("the web module started before the startup beans; this server starts a"
                    + " WAR's parts in an order the application does not support"));
        }
        work.awaitAll().ifPresent(StartupGate::fail);
    }

    private static void fail(IllegalStateException failure) {
        LOG.severe(() -> "ECS Provisioner cannot start: " + failure.getMessage());
        throw failure;
    }
}
