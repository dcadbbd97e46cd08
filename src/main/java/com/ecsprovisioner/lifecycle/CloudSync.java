package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One profile's part of the status sync, as plain Java: one look at the cloud for all its servers (DescribeInstances
 * by id, which the port sends in requests of at most 100 ids and pages), then each server's status follows what
 * was seen through {@link Server#observe} and its one mapping function. A server with a job running is left alone
 * (the job moves it), and so is one in a status the sync does not own.
 */
public final class CloudSync {

    private static final Logger LOG = Logger.getLogger(CloudSync.class.getName());

    private CloudSync() {
    }

    /**
     * Whether the sync compares this server with the cloud now: it has an instance, no job runs on it, and its status
     * is one the sync owns. A server whose deployment failed is left as it is (its job says what to do: retry or roll
     * back); one whose lifecycle action failed is synced, so that it shows the truth again.
     *
     * @param latestJob the kind of the server's latest job (null: none)
     */
    public static boolean eligible(Server server, boolean jobActive, JobKind latestJob) {
        if (jobActive || server.getInstanceId() == null || !Server.SYNCED.contains(server.getStatus())) {
            return false;
        }
        return server.getStatus() != ServerStatus.FAILED || LifecycleKinds.isLifecycle(latestJob);
    }

    /**
     * The instances seen, by id; an id absent from the answer no longer exists. Empty when the answer cannot be
     * trusted: a RAM user without DescribeInstances permission gets an empty list rather than an error, so an answer
     * that lists none of several instances is not taken to mean that all of them were deleted.
     */
    public static Optional<Map<String, CloudTypes.Instance>> look(CloudRegion cloud, Collection<String> instanceIds) {
        Set<String> asked = Set.copyOf(instanceIds);
        if (asked.isEmpty()) {
            return Optional.of(Map.of());
        }
        Map<String, CloudTypes.Instance> seen = cloud.describeInstances(List.copyOf(asked));
        if (seen.isEmpty() && asked.size() > 1) {
            LOG.warning(() -> "DescribeInstances listed none of " + asked.size() + " instances; not taken as deleted"
                    + " (the RAM user may lack ecs:DescribeInstances)");
            return Optional.empty();
        }
        return Optional.of(seen);
    }

    /** Applies what was seen to one server; answers true when its status changed. */
    public static boolean apply(Server server, Map<String, CloudTypes.Instance> seen, Instant now) {
        Optional<CloudTypes.Instance> instance = Optional.ofNullable(seen.get(server.getInstanceId()));
        return server.observe(instance.map(CloudTypes.Instance::state), instance.map(CloudTypes.Instance::rawStatus).orElse(null),
                instance.flatMap(CloudTypes.Instance::publicIp).orElse(null),
                instance.map(CloudTypes.Instance::instanceType).orElse(null), now);
    }
}
