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
import java.util.Map;
import java.util.Set;

/**
 * Carries out one command in a transaction of its own: the boundary's change (the job, and the server a deploy
 * makes), the request id on the job, the request row and the accepted event commit together or not at all. A crash
 * after this commits and before the message is acknowledged leaves the request row, so the redelivered message is
 * answered as a duplicate with the same job. A refusal rolls all of it back; the caller keeps the refused command in
 * its own transaction, which also acknowledges the message. A command that completes at once ({@link
 * ImmediateCommands}) commits its change, its request row and its accepted and completed events together the same way.
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

    @EJB
    CommandPrices prices;

    @Inject
    Requester requester;

    @Inject
    CommandEvents events;

    @Inject
    Outbox outbox;

    /** Returns the accepted event's data; throws {@link CommandRefused} when the command cannot be carried out. */
    public String accept(Command command, String brokerUser, Outbox.Reply reply) {
        requester.actFor(senderName(brokerUser));
        if (ImmediateCommands.TYPES.contains(command.type())) {
            ImmediateCommands.Completed done = new ImmediateCommands(backups, profiles, deployments, prices).carryOut(command);
            return events.completedAtOnce(command, brokerUser, done, reply, Instant.now());
        }
        CommandRoutes.Outcome outcome = new CommandRoutes(deployments, actions, customServers, profiles, firewall, backups).carryOut(command);
        if (!ON_AN_EXISTING_JOB.contains(command.type())) {
            deployments.job(outcome.jobId()).recordRequestId(command.requestId());
            // The job's first events (queued, its server requested) were told before the job knew the request.
            outbox.stampRequestId(outcome.jobId(), command.requestId());
        }
        return events.accepted(command, brokerUser, outcome, priceOf(command, outcome), reply, Instant.now());
    }

    /**
     * What a deployment or a resize will cost, told with its acceptance (read after the boundary accepted it, so a
     * refused command asks the cloud nothing); nothing for the other commands.
     */
    private Map<String, Object> priceOf(Command command, CommandRoutes.Outcome outcome) {
        return switch (command.type()) {
            case "deploy" -> prices.deployment(CommandRoutes.profileId(profiles, command.body().get("profile")),
                    command.text("regionId"), command.text("instanceType"), command.text("diskCategory"), command.integer("diskSizeGiB"));
            case "resize" -> prices.resize(outcome.serverId(), command.text("instanceType"));
            default -> Map.of();
        };
    }

    /** How a job's "who asked" names a broker user. */
    public static String senderName(String brokerUser) {
        return "jms:" + brokerUser;
    }
}
