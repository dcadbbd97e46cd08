package com.ecsprovisioner.backup;

import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.security.Role;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.util.Optional;

/**
 * What a restore to a new server was asked and made, for its handler (as its {@link NewServerProcess.Records}, through
 * {@link BackupConfiguration}: an EJB implementing an interface would offer only that interface as its view). Called by
 * the engine's worker only, so no role is asked of the caller; the deployment it starts goes through the deployment
 * boundary as an administrator's would (run as one, and recorded as asked by whoever asked for the restore), in a
 * transaction of its own that also records it, so that a repeat after a crash finds it instead of deploying twice.
 */
@PermitAll
@Stateless
@RunAs(Role.ADMIN_NAME)
public class NewServerRestores {

    @PersistenceContext
    EntityManager em;

    @EJB
    Deployments deployments;

    @Inject
    Requester requester;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<NewServerRestore> of(long jobId) {
        return Optional.ofNullable(em.find(NewServerRestore.class, jobId));
    }

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void imageMade(long jobId, String imageId) {
        required(jobId).imageMade(imageId);
    }

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void imageDeleted(long jobId) {
        required(jobId).imageDeleted();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean rolledBack(long deployJobId) {
        Job job = em.find(Job.class, deployJobId);
        return job != null && job.getState() == JobState.ROLLED_BACK;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Deployments.Deployment deploy(long jobId, DeployRequest request) {
        NewServerRestore restore = required(jobId);
        em.lock(restore, LockModeType.PESSIMISTIC_WRITE);
        if (restore.deployJobId().isPresent()) {
            return new Deployments.Deployment(restore.newServerId().orElseThrow(), restore.deployJobId().get());
        }
        Job job = em.find(Job.class, jobId);
        requester.actFor(job.getRequestedBy());
        Deployments.Deployment started = deployments.deploy(request);
        restore.deployed(started);
        return started;
    }

    private NewServerRestore required(long jobId) {
        NewServerRestore restore = em.find(NewServerRestore.class, jobId);
        if (restore == null) {
            throw new IllegalStateException("No restore to a new server is recorded for job " + jobId);
        }
        return restore;
    }
}
