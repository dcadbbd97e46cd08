package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.ecsprovisioner.deployment.EngineHarness.PROFILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A custom server whose SSH port accepts connections and never speaks: each attempt ends at the SSH connect
 * time-out, so one turn of its step is bounded, the next attempt is counted from the end of this one (never already
 * past when written) and comes later after each failure in a row, and the other jobs complete meanwhile.
 */
class SilentServerTest {

    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String SILENT_ADDRESS = "127.251.8.9";

    private EngineHarness h;
    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws IOException {
        if (silent != null) {
            silent.close();
        }
        for (Socket s : held) {
            s.close();
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aServerThatAcceptsAndNeverSpeaksHoldsNoOtherJobAndIsRetriedWithGrowingPauses() throws IOException {
        h = new EngineHarness(b -> { }, EngineHarness.fastSettings(), "sandbox-admin", true, 0.001);
        listenSilently(h.sshPort);
        Instant start = Instant.now();
        Server custom = Server.custom("byo-silent", SILENT_ADDRESS, 0, "eu-central-1", start);
        Job quiet = DeploymentJobs.bootstrapOnly(99, 0, "eu-central-1", "byo-silent", h.sshPort, "admin", start);
        h.servers.put(99L, custom);
        h.jobs.put(99L, quiet);
        List<Job> others = List.of(h.deploy(DeployRequest.withDefaults("blog-1", PROFILE)),
                h.deploy(DeployRequest.withDefaults("blog-2", PROFILE)), h.deploy(DeployRequest.withDefaults("blog-3", PROFILE)));

        List<Duration> turns = new ArrayList<>();
        List<Duration> pauses = new ArrayList<>();
        long end = System.nanoTime() + LIMIT.toNanos();
        while ((others.stream().anyMatch(j -> j.getState().isActive()) || turns.size() < 3) && System.nanoTime() < end) {
            boolean worked = false;
            for (Job job : new ArrayList<>(h.jobs.values())) {
                if (!job.isDue(Instant.now())) {
                    continue;
                }
                boolean bootstrapping = job == quiet && job.getState() == JobState.RUNNING;
                long before = System.nanoTime();
                worked |= h.advance(job, CloudObservations.direct(h.cloud));
                Instant written = Instant.now();
                if (bootstrapping && quiet.getNextRunAt() != null && quiet.getState() == JobState.RUNNING) {
                    turns.add(Duration.ofNanos(System.nanoTime() - before));
                    pauses.add(Duration.between(written, quiet.getNextRunAt()));
                }
            }
            if (!worked) {
                EngineHarness.pause(5);
            }
        }

        others.forEach(j -> assertEquals(JobState.SUCCEEDED, j.getState(), h.describe()));
        assertEquals(JobState.RUNNING, quiet.getState(), "still retrying, not failed: " + h.describe());
        assertEquals(DeploymentJobs.BOOTSTRAP, quiet.getCurrentStep());
        assertTrue(held.size() >= 3, "the silent server was connected to on every attempt: " + held.size());
        assertTrue(turns.size() >= 3, "attempts: " + turns);
        for (Duration turn : turns) {
            // The harness's SSH connect time-out is 5 s: a turn ends soon after it, whatever the server does.
            assertTrue(turn.compareTo(Duration.ofSeconds(8)) < 0, "one turn held the worker for " + turn);
        }
        for (Duration pause : pauses) {
            assertTrue(!pause.isNegative() && !pause.isZero(), "a next attempt was already due when written: " + pauses);
        }
        for (int i = 1; i < pauses.size(); i++) {
            assertTrue(pauses.get(i).compareTo(pauses.get(i - 1)) > 0, "each failure in a row waits longer: " + pauses);
        }
    }

    /** Accepts every connection on the custom server's address and keeps it open without a byte. */
    private void listenSilently(int port) throws IOException {
        silent = new ServerSocket();
        silent.bind(new InetSocketAddress(InetAddress.getByName(SILENT_ADDRESS), port));
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-ssh-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }
}
