package com.ecsprovisioner.sandbox;

import com.ecsprovisioner.sandbox.api.ApiServer;
import com.ecsprovisioner.sandbox.api.Faults;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.SimulatedCloud;
import com.ecsprovisioner.sandbox.cloud.CloudSnapshot;
import com.ecsprovisioner.sandbox.cloud.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running sandbox cloud: the ECS/VPC API on its own loopback listener, its state, and the directory its SSH hosts
 * ask. Start it with {@link #start(SandboxConfig)}, stop it with {@link #close()}. Changes are saved to the data
 * folder shortly after they happen (several changes in a burst make one write) and on close.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Sandbox.class.getName());
    /** How long a burst of changes may go unsaved; one write then covers all of them. */
    private static final long SAVE_DELAY_MILLIS = 200;

    private final SandboxConfig config;
    private final SimulatedCloud cloud;
    private final ApiServer server;
    private final StateFile stateFile;
    private final ScheduledExecutorService saver;
    private final AtomicBoolean saveScheduled = new AtomicBoolean();

    private Sandbox(SandboxConfig config) throws IOException {
        this.config = config;
        this.stateFile = config.dataDir() == null ? null : new StateFile(config.dataDir());
        this.cloud = new SimulatedCloud(config.accounts(), config.durations(), config.quotas(), config.stock(), config.clock(),
                this::changed);
        if (stateFile != null) {
            Map<String, Object> state = stateFile.read();
            if (state != null) {
                cloud.load(state);
                LOG.info(() -> "Sandbox cloud state loaded from " + stateFile.path());
            }
        }
        // Created only once the state has loaded, so that a corrupt file leaves no thread behind.
        this.saver = stateFile == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-state-saver");
            t.setDaemon(true);
            return t;
        });
        this.server = new ApiServer(cloud, new Faults(config.faults(), config.faultSeed()), config.adminToken(),
                config.timestampWindow(), config.bindAddress(), config.port(), config.threads());
    }

    /** Starts the API listener; throws {@link UncheckedIOException} if the port cannot be bound. */
    public static Sandbox start(SandboxConfig config) {
        try {
            Sandbox s = new Sandbox(config);
            LOG.info(() -> "Sandbox cloud API listening on http://" + s.endpoint() + "/ with access keys "
                    + s.accounts().stream().map(AccessKey::id).toList());
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the sandbox cloud API on " + config.bindAddress() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** "127.0.0.1:port", the form {@code DefaultProfile.addEndpoint} takes. */
    public String endpoint() {
        return server.host() + ":" + server.port();
    }

    public int port() {
        return server.port();
    }

    public List<AccessKey> accounts() {
        return cloud.accessKeys();
    }

    public String adminToken() {
        return config.adminToken();
    }

    public SandboxConfig config() {
        return config;
    }

    public SandboxHostDirectory directory() {
        return cloud;
    }

    /** How many API calls of this action (e.g. "RebootInstance") the sandbox received since it started. */
    public long apiCalls(String action) {
        return cloud.apiCalls(action);
    }

    /** Every resource per account and region, for an admin page. */
    public CloudSnapshot inspect() {
        return cloud.inspect();
    }

    /** Forgets every resource (accounts and their keys stay). */
    public void reset() {
        cloud.reset();
    }

    /** Writes the state now (also done shortly after every change and on close). */
    public void save() {
        if (stateFile != null) {
            stateFile.write(cloud.toState());
        }
    }

    private void changed() {
        if (saver != null && saveScheduled.compareAndSet(false, true)) {
            saver.schedule(() -> {
                saveScheduled.set(false);
                try {
                    save();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "Saving the sandbox cloud state failed", e);
                }
            }, SAVE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        server.close();
        if (saver != null) {
            saver.shutdownNow();
            save();
        }
    }
}
