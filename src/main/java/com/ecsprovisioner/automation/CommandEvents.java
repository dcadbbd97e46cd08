package com.ecsprovisioner.automation;

import com.ecsprovisioner.platform.outbox.Outbox;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers to a command, each written in the caller's transaction: an accepted command's request row with its
 * accepted event, a duplicate's accepted event, a refused command kept with its rejected event. The events go to
 * {@code ecs.events} and to the command's reply-to through the outbox.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class CommandEvents {

    public static final String ACCEPTED = "com.ecsprovisioner.command.accepted.v1";
    public static final String REJECTED = "com.ecsprovisioner.command.rejected.v1";
    /** What a command that needs no job did, right after its acceptance ({@link ImmediateCommands}). */
    public static final String COMPLETED = "com.ecsprovisioner.command.completed.v1";

    @PersistenceContext
    EntityManager em;

    @Inject
    Outbox outbox;

    /**
     * Remembers the request and answers it; returns the accepted event's data. {@code extra}: what the command's
     * answer tells besides its job (the price a deploy or a resize was quoted), kept to be said again to a repeat.
     */
    public String accepted(Command command, String brokerUser, CommandRoutes.Outcome outcome, Map<String, Object> extra,
                           Outbox.Reply reply, Instant now) {
        String data = acceptedData(command.requestId(), command.type(), outcome.jobId(), outcome.serverId(), false, extra);
        em.persist(new CommandRequest(brokerUser, command.requestId(), command.type(), command.sha256(), outcome.jobId(),
                outcome.serverId(), data, now));
        outbox.append(outcome.jobId(), ACCEPTED, String.valueOf(outcome.jobId()), command.requestId(), data, reply, now);
        return data;
    }

    /**
     * A command that completed at once, without a job ({@link ImmediateCommands}): remembered, accepted and answered
     * with what it did (the completed event, whose data the request row keeps for a repeat). Returns the accepted data.
     */
    public String completedAtOnce(Command command, String brokerUser, ImmediateCommands.Completed done, Outbox.Reply reply,
                                  Instant now) {
        String accepted = acceptedData(command.requestId(), command.type(), null, done.serverId(), false, Map.of());
        String completed = completedData(command.requestId(), command.type(), done.result());
        em.persist(new CommandRequest(brokerUser, command.requestId(), command.type(), command.sha256(), null,
                done.serverId(), completed, now));
        outbox.append(null, ACCEPTED, null, command.requestId(), accepted, reply, now);
        outbox.append(null, COMPLETED, null, command.requestId(), completed, reply, now);
        return accepted;
    }

    /** The same request again: the same answer, said again, marked as a duplicate. */
    public void duplicate(CommandRequest earlier, Outbox.Reply reply, Instant now) {
        if (earlier.jobId() == null) {
            String data = acceptedData(earlier.requestId(), earlier.commandType(), null, earlier.serverId(), true, Map.of());
            outbox.append(null, ACCEPTED, null, earlier.requestId(), data, reply, now);
            outbox.append(null, COMPLETED, null, earlier.requestId(), earlier.result(), reply, now);
            return;
        }
        ObjectNode data = (ObjectNode) CommandJson.read(earlier.result());
        data.put("duplicate", true);
        outbox.append(earlier.jobId(), ACCEPTED, String.valueOf(earlier.jobId()), earlier.requestId(), data.toString(), reply, now);
    }

    /** Keeps the refused command and answers with why; returns the kept row. */
    public RejectedCommand rejected(IncomingCommand in, String requestId, CommandRefused why, Instant now) {
        RejectedCommand kept = new RejectedCommand(in.brokerUser(), requestId, in.messageId(), in.body(), why.getMessage(),
                why.field(), why.rule(), now);
        em.persist(kept);
        em.flush();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requestId", requestId);
        data.put("reason", why.getMessage());
        data.put("field", why.field());
        data.put("rule", why.rule());
        data.put("rejectionId", kept.getId());
        outbox.append(null, REJECTED, null, requestId, CommandJson.data(data), in.reply(), now);
        return kept;
    }

    static String acceptedData(String requestId, String type, Long jobId, Long serverId, boolean duplicate,
                               Map<String, Object> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requestId", requestId);
        data.put("commandType", type);
        data.put("jobId", jobId);
        data.put("serverId", serverId);
        data.put("duplicate", duplicate);
        data.putAll(extra);
        return CommandJson.data(data);
    }

    static String completedData(String requestId, String type, Map<String, Object> result) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requestId", requestId);
        data.put("commandType", type);
        data.put("result", result);
        return CommandJson.data(data);
    }
}
