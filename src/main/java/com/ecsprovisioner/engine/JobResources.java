package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;

import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a job created or uses in the cloud, in the order it recorded them. The resources stay mapped on the
 * {@link Job} (its {@code @OneToMany}); this class holds the ledger's rules: recording is idempotent, and the resource
 * of a kind the job uses now is the latest one not released.
 */
public final class JobResources implements Iterable<JobResource> {

    private final Job job;
    private final List<JobResource> resources;

    JobResources(Job job, List<JobResource> resources) {
        this.job = job;
        this.resources = resources;
    }

    /** Records a resource the job uses (idempotent: the same kind and id again changes nothing). */
    public JobResource record(ResourceKind kind, String resourceId, String zone, boolean owned, Instant now) {
        for (JobResource r : resources) {
            if (r.getKind() == kind && r.getResourceId().equals(resourceId)) {
                return r;
            }
        }
        JobResource r = new JobResource(job, kind, resourceId, zone, owned, now);
        resources.add(r);
        return r;
    }

    /** The resource of that kind the job uses now (the latest not released), if any. */
    public Optional<JobResource> current(ResourceKind kind) {
        JobResource found = null;
        for (JobResource r : resources) {
            if (r.getKind() == kind && !r.isReleased()) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    public Optional<String> id(ResourceKind kind) {
        return current(kind).map(JobResource::getResourceId);
    }

    public List<JobResource> all() {
        return Collections.unmodifiableList(resources);
    }

    public Stream<JobResource> stream() {
        return resources.stream();
    }

    public int size() {
        return resources.size();
    }

    public boolean isEmpty() {
        return resources.isEmpty();
    }

    @Override
    public Iterator<JobResource> iterator() {
        return all().iterator();
    }
}
