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
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running sandbox cloud: the ECS/VPC API on its own loopback listener, its state, and the directory its SSH hosts
 * ask. Start it with {@link #start(SandboxConfig)}, stop it with {@link #close()}. A change is saved to the data
 * folder before the call that made it is answered, as a real cloud keeps what it acknowledged: a client that was told
 * "created" and is then killed with the sandbox (the Quick start runs both in one process) finds the resource after
 * the restart. Concurrent changes share a write: a call whose change another thread's write already covered does not
 * write again.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Sandbox.class.getName());

    private final SandboxConfig config;
    private final SimulatedCloud cloud;
    private final ApiServer server;
    private final StateFile stateFile;
    /** Changes made so far, counted after each is applied; {@link #saved} is how many the file holds. */
    private final AtomicLong changes = new AtomicLong();
    private final Object saveLock = new Object();
    private long saved;

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

    /** Writes the state now (also done after every change and on close). */
    public void save() {
        if (stateFile != null) {
            synchronized (saveLock) {
                long covered = changes.get();
                stateFile.write(cloud.toState());
                saved = covered;
            }
        }
    }

    /**
     * Called by the cloud in the calling thread after each change, before the call is answered. The count is read
     * before the state is taken, so a write covers at least every change counted by then.
     */
    private void changed() {
        if (stateFile == null) {
            return;
        }
        long change = changes.incrementAndGet();
        synchronized (saveLock) {
            if (saved >= change) {
                return;
            }
            try {
                save();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Saving the sandbox cloud state failed", e);
            }
        }
    }

    @Override
    public void close() {
        server.close();
        save();
    }
}
