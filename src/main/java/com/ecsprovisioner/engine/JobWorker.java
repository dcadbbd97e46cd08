package com.ecsprovisioner.engine;

import com.ecsprovisioner.server.Server;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The two short transactions around a step: claim (and prepare) the job, then write the outcome back while the
 * claim is still held. The cloud is called between them by {@link JobTurns}, outside any transaction, so that
 * no transaction or row lock is held while the cloud answers. Internal: not an entry point for people.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    JobHandlers handlers;

    @Inject
    ProvisioningSettings settings;

    @Inject
    JobQueue queue;

    @Inject
    JobEvents events;

    /**
     * Claims the job if it is due and nobody holds it; empty otherwise (a duplicate message, a job waiting, a
     * finished job). If two nodes claim at once, one of them fails at commit on the version check.
     */
    public Optional<JobTurns.Claimed> claim(long jobId) {
        Job job = em.find(Job.class, jobId);
        if (job == null) {
            return Optional.empty();
        }
        if (!handlers.runs(job.getKind())) {
            // Made by a feature this build no longer has (or a newer node's): left as it is, for a node that runs it.
            LOG.warning(() -> "Job " + jobId + " is left alone: no handler runs " + job.getKind() + " jobs in this application");
            return Optional.empty();
        }
        Instant now = Instant.now();
        Optional<String> claim = job.claim(now, settings.lease());
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        Server server = serverOf(job);
        events.during(job, server, now, () -> handlers.forJob(job).prepare(job, server, now));
        em.flush();
        // Everything execute() reads, loaded now: it runs after this transaction, on detached copies.
        job.getSteps().size();
        job.resources().size();
        job.log().size();
        return Optional.of(new JobTurns.Claimed(claim.get(), job, server));
    }

    /**
     * Writes a step's outcome and says when the job's next "advance" message is due ({@link Wakes}), which the turn
     * sends once this has committed; {@link JobTurns.Written#LOST} if the claim was lost meanwhile (its lease ran out
     * and another took it).
     */
    public JobTurns.Written apply(long jobId, String claimId, Outcome outcome, boolean handOver) {
        Job job = em.find(Job.class, jobId);
        if (job == null || !job.holdsClaim(claimId)) {
            return JobTurns.Written.LOST;
        }
        Server server = serverOf(job);
        Instant now = Instant.now();
        events.during(job, server, now, () -> {
            outcome.applyTo(job, server, now);
            job.releaseClaim();
        });
        return new JobTurns.Written(true, Wakes.after(job, now, handOver, handlers).orElse(null));
    }

    /**
     * A step failed with an error of ours (a bug, not a cloud answer). The job keeps its claim, so it is tried again
     * when the lease runs out; the third such error in the same step stops the job there, so that a deployment
     * always finishes.
     */
    public void recordCrash(long jobId, String claimId, RuntimeException error) {
        Job job = em.find(Job.class, jobId);
        if (job == null || !job.holdsClaim(claimId)) {
            return;
        }
        Instant now = Instant.now();
        String what = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        Server server = serverOf(job);
        events.during(job, server, now, () -> {
            // A snapshot leaves the server's status as it was: only its job shows the failure.
            if (job.recordInternalError(what, settings.lease(), now) && server != null
                    && handlers.forJob(job).failureReachesServer(job.getKind())) {
                server.fail("Internal error: " + what, now);
            }
        });
    }

    /**
     * Sends "advance" for each job, in a transaction of its own: the pooled XA connection of the resource adapter
     * is only ever used inside a transaction (outside one, Artemis's adapter was seen failing the next enlistment
     * with IllegalMonitorStateException).
     */
    public void requeue(List<Long> jobIds) {
        jobIds.forEach(queue::advance);
    }

    /** The job's server; null for a job about no server. */
    private Server serverOf(Job job) {
        return job.getServerId() == null ? null : em.find(Server.class, job.getServerId());
    }

    /** The jobs due now, read completely (for batching their looks at the cloud). */
    public List<Job> due(int limit) {
        List<Job> jobs = em.createNamedQuery("Job.dueJobs", Job.class).setParameter("now", Instant.now())
                .setMaxResults(limit).getResultList();
        jobs.forEach(j -> j.resources().size());
        return jobs;
    }
}
