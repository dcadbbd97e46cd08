package com.ecsprovisioner.engine;

import com.ecsprovisioner.messaging.JmsResources;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;

import java.time.Duration;

/**
 * "Advance job N", the only message the engine sends itself. Sent inside the caller's transaction on the XA
 * connection factory, so that it leaves only if the rows it points at are committed. Carrying only the id, a
 * duplicate or a late message costs one look at a row.
 */
@ApplicationScoped
public class JobQueue {

    /** The queue the {@link JobConsumer} listens on. */
    public static final String NAME = "ecs.jobs";

    @Resource(lookup = JmsResources.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    public void advance(long jobId) {
        advance(jobId, Duration.ZERO);
    }

    /**
     * "Advance job N" delivered after {@code delay} (the broker holds it until then): a job's own wake-up at the end
     * of its wait. Only a wake-up: should it be lost, or come early, the sweep still finds the job due in the database.
     */
    public void advance(long jobId, Duration delay) {
        try (JMSContext jms = connectionFactory.createContext()) {
            JMSProducer producer = jms.createProducer();
            if (delay.toMillis() > 0) {
                producer.setDeliveryDelay(delay.toMillis());
            }
            producer.send(jms.createQueue(NAME), Long.toString(jobId));
        }
    }

    /** The job id in a message body; a body that is not one is refused (it goes to the dead-letter queue). */
    static long jobId(String body) {
        if (body == null || !body.trim().matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("Not an \"advance job\" message (expected a job id): "
                    + (body == null ? "no text" : "\"" + Job.clip(body, 60) + "\""));
        }
        return Long.parseLong(body.trim());
    }
}
