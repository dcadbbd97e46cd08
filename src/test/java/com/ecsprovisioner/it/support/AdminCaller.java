package com.ecsprovisioner.it.support;

import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.security.Role;
import com.ecsprovisioner.server.Server;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.util.List;

/** Calls the boundaries as an admin would (the in-container test itself has no login). */
@Stateless
@RunAs(Role.ADMIN_NAME)
public class AdminCaller {

    @EJB
    Deployments deployments;

    @Inject
    JobQueue queue;

    public Deployments.Deployment deploy(DeployRequest request) {
        return deployments.deploy(request);
    }

    public Job job(long jobId) {
        return deployments.job(jobId);
    }

    public List<Server> servers() {
        return deployments.servers();
    }

    public void cancel(long jobId) {
        deployments.cancel(jobId);
    }

    /** The same "advance" message several times, in one committed transaction. */
    public void sendAdvance(long jobId, int times) {
        for (int i = 0; i < times; i++) {
            queue.advance(jobId);
        }
    }
}
