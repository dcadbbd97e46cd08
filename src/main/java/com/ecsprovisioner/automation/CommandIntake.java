package com.ecsprovisioner.automation;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Decides what becomes of one command, in the transaction that acknowledges its message: refused (kept, answered,
 * acknowledged: a refused command is never redelivered), a duplicate of an accepted request (answered with the same
 * job), or new (carried out by {@link CommandAcceptance} in a transaction of its own). Anything unexpected, a bug or
 * the database gone, is not the command's fault: it propagates, the transaction rolls back, and the broker
 * redelivers the message later.
 */
@Stateless
public class CommandIntake {

    private static final Logger LOG = Logger.getLogger(CommandIntake.class.getName());

    @PersistenceContext
    EntityManager em;

    @EJB
    CommandAcceptance acceptance;

    @Inject
    CommandEvents events;

    public void take(IncomingCommand in) {
        Instant now = Instant.now();
        if (in.brokerUser() == null || in.brokerUser().isBlank()) {
            refuse(in, null, new CommandRefused("The message carries no user authenticated by the broker "
                    + "(populate-validated-user is off?)", null, CommandRefused.NO_SENDER), now);
            return;
        }
        if (in.unreadable() != null) {
            refuse(in, null, new CommandRefused(in.unreadable(), null, CommandRefused.UNREADABLE_BODY), now);
            return;
        }
        CommandJson.Parsed parsed = CommandJson.parse(in.body());
        if (parsed.node() == null) {
            refuse(in, null, new CommandRefused("The body is not JSON: " + parsed.error(), null, CommandRefused.NOT_JSON), now);
            return;
        }
        Optional<CommandSchema.Violation> violation = CommandSchema.get().check(parsed.node());
        if (violation.isPresent()) {
            CommandSchema.Violation v = violation.get();
            refuse(in, CommandJson.requestId(parsed.node()).orElse(null), new CommandRefused("The command breaks "
                    + CommandSchema.ID + " at " + (v.field().isEmpty() ? "its top level" : v.field()) + ": " + v.message(),
                    v.field(), v.rule()), now);
            return;
        }
        Command command = Command.of(parsed.node());
        Optional<CommandRequest> earlier = earlier(in.brokerUser(), command.requestId());
        if (earlier.isPresent()) {
            answerAgain(in, command, earlier.get(), now);
            return;
        }
        try {
            acceptance.accept(command, in.brokerUser(), in.reply());
        } catch (CommandRefused refused) {
            refuse(in, command.requestId(), refused, now);
        } catch (EJBException failed) {
            // Another delivery of the same request (a redelivery racing a retrying client) may have committed first:
            // the unique request row refused this one. Anything else is not the command's fault.
            Optional<CommandRequest> winner = earlier(in.brokerUser(), command.requestId());
            if (winner.isEmpty()) {
                throw failed;
            }
            answerAgain(in, command, winner.get(), now);
        }
    }

    private void answerAgain(IncomingCommand in, Command command, CommandRequest earlier, Instant now) {
        if (earlier.sameBody(command.sha256())) {
            events.duplicate(earlier, in.reply(), now);
            return;
        }
        refuse(in, command.requestId(), new CommandRefused("Request " + command.requestId() + " was accepted at "
                + earlier.createdAt() + (earlier.jobId() == null ? "" : " (job " + earlier.jobId() + ")")
                + " with another body: a request id names one "
                + "command; choose a new one for a different command", "/requestId", CommandRefused.MISMATCH), now);
    }

    private Optional<CommandRequest> earlier(String brokerUser, String requestId) {
        return em.createNamedQuery("CommandRequest.of", CommandRequest.class).setParameter("user", brokerUser)
                .setParameter("requestId", requestId).getResultStream().findFirst();
    }

    private void refuse(IncomingCommand in, String requestId, CommandRefused why, Instant now) {
        RejectedCommand kept = events.rejected(in, requestId, why, now);
        LOG.info(() -> "Command " + (requestId == null ? "" : requestId + " ") + "from " + in.brokerUser()
                + " rejected (" + why.rule() + (why.field() == null ? "" : " at " + why.field()) + "), kept as "
                + kept.getId());
    }
}
