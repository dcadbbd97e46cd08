package com.ecsprovisioner.automation;

import com.ecsprovisioner.customservers.CustomServers;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.backup.Backups;
import com.ecsprovisioner.firewall.Firewall;
import com.ecsprovisioner.lifecycle.ServerActions;
import com.ecsprovisioner.platform.outbox.Outbox;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.security.Requester;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Set;

/**
 * Carries out one command in a transaction of its own: the boundary's change (the job, and the server a deploy
 * makes), the request id on the job, the request row and the accepted event commit together or not at all. A crash
 * after this commits and before the message is acknowledged leaves the request row, so the redelivered message is
 * answered as a duplicate with the same job. A refusal rolls all of it back; the caller keeps the refused command in
 * its own transaction, which also acknowledges the message.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class CommandAcceptance {

    /** Commands that act on a job that exists: the job keeps the request id of the command that made it. */
    private static final Set<String> ON_AN_EXISTING_JOB = Set.of("retry-job", "rollback-job", "cancel-job");

    @EJB
    Deployments deployments;

    @EJB
    ServerActions actions;

    @EJB
    CustomServers customServers;

    @EJB
    ProviderProfiles profiles;

    @EJB
    Firewall firewall;

    @EJB
    Backups backups;

    @Inject
    Requester requester;

    @Inject
    CommandEvents events;

    @Inject
    Outbox outbox;

    /** Returns the accepted event's data; throws {@link CommandRefused} when the command cannot be carried out. */
    public String accept(Command command, String brokerUser, Outbox.Reply reply) {
        requester.actFor(senderName(brokerUser));
        CommandRoutes.Outcome outcome = new CommandRoutes(deployments, actions, customServers, profiles, firewall, backups).carryOut(command);
        if (!ON_AN_EXISTING_JOB.contains(command.type())) {
            deployments.job(outcome.jobId()).recordRequestId(command.requestId());
            // The job's first events (queued, its server requested) were told before the job knew the request.
            outbox.stampRequestId(outcome.jobId(), command.requestId());
        }
        return events.accepted(command, brokerUser, outcome, reply, Instant.now());
    }

    /** How a job's "who asked" names a broker user. */
    public static String senderName(String brokerUser) {
        return "jms:" + brokerUser;
    }
}
