package com.ecsprovisioner.automation;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.platform.outbox.Outbox;
import com.ecsprovisioner.platform.outbox.OutboxEvent;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What becomes of a command, on H2 with the product's migrations: accepted once per (broker user, request id) with
 * the same job answered again to a repeat, a different body under a used id refused as a mismatch, every refusal
 * kept with its body, sender and reason and answered through the outbox with the reply-to, and a bug left to roll
 * back (no refusal). The acceptance runs in a transaction of its own, as the container runs it (REQUIRES_NEW).
 */
class CommandIntakeTest {

    private static final Outbox.Reply REPLY = new Outbox.Reply("reply.queue.billing", "corr-1");
    private static final String DEPLOY = "{\"type\":\"deploy\",\"requestId\":\"order-1\",\"profile\":\"Sandbox\",\"serverName\":\"blog-1\"}";

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private final FakeBoundaries fake = new FakeBoundaries();
    private int messages;

    @BeforeEach
    void open() {
        db.open();
    }

    /** One delivery: the intake in the delivery's transaction, the acceptance in one of its own. */
    private void deliver(String user, String body) {
        TestDeliveries.deliver(db, new IncomingCommand(body, null, user, REPLY, "ID:message-" + (++messages)), acceptance -> {
            acceptance.deployments = fake.deployments;
            acceptance.actions = fake.actions;
            acceptance.customServers = fake.customServers;
            acceptance.profiles = fake.profiles;
            acceptance.requester = fake.requester;
            acceptance.prices = fake.prices;
        }, (acceptance, inner) -> fake.em = inner);
    }

    private long count(String table) {
        EntityManager em = db.createEntityManager();
        try {
            return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM " + table).getSingleResult()).longValue();
        } finally {
            em.close();
        }
    }

    private List<OutboxEvent> outbox() {
        EntityManager em = db.createEntityManager();
        try {
            return em.createQuery("SELECT e FROM OutboxEvent e ORDER BY e.id", OutboxEvent.class).getResultList();
        } finally {
            em.close();
        }
    }

    private List<RejectedCommand> rejections() {
        EntityManager em = db.createEntityManager();
        try {
            return em.createNamedQuery("RejectedCommand.newest", RejectedCommand.class).getResultList();
        } finally {
            em.close();
        }
    }

    @Test
    void theSameRequestAgainAnswersTheSameJobAndMakesNoSecondServer() {
        deliver("billing", DEPLOY);
        deliver("billing", DEPLOY.replace("{", "{ ").replace(",", " , "));

        assertEquals(1, count("server"), "one server");
        assertEquals(1, count("provisioning_job"), "one job");
        assertEquals(1, count("automation_request"));
        EntityManager em = db.createEntityManager();
        Job job = em.createQuery("SELECT j FROM Job j", Job.class).getSingleResult();
        assertEquals("jms:billing", job.getRequestedBy());
        assertEquals("order-1", job.request().id());
        em.close();

        List<OutboxEvent> events = outbox();
        assertEquals(2, events.size(), events.toString());
        for (OutboxEvent event : events) {
            assertEquals(CommandEvents.ACCEPTED, event.type());
            assertEquals(job.getId(), event.jobId());
            assertEquals(String.valueOf(job.getId()), event.subject());
            assertEquals("order-1", event.requestId());
            assertEquals("reply.queue.billing", event.replyTo());
            assertEquals("corr-1", event.correlationId());
        }
        JsonNode first = CommandJson.read(events.get(0).data());
        JsonNode again = CommandJson.read(events.get(1).data());
        assertEquals(job.getId(), first.get("jobId").asLong());
        assertEquals(job.getId(), again.get("jobId").asLong());
        assertEquals("deploy", again.get("commandType").asText());
        assertFalse(first.get("duplicate").asBoolean());
        assertTrue(again.get("duplicate").asBoolean());
        assertEquals(1, fake.calls.size(), "the boundary was asked once: " + fake.calls);
        assertEquals(List.of(), rejections());
    }

    @Test
    void theSameRequestIdWithAnotherBodyIsRefusedAsAMismatchAndAnotherSenderMayUseIt() {
        deliver("billing", DEPLOY);
        deliver("billing", DEPLOY.replace("blog-1", "blog-2"));
        deliver("portal", DEPLOY.replace("blog-1", "blog-3"));

        assertEquals(2, count("server"), "billing's first and portal's; none for the mismatch");
        RejectedCommand mismatch = rejections().get(0);
        assertEquals(CommandRefused.MISMATCH, mismatch.rule());
        assertEquals("/requestId", mismatch.field());
        assertEquals("billing", mismatch.brokerUser());
        assertEquals("order-1", mismatch.requestId());
        assertTrue(mismatch.reason().contains("another body"), mismatch.reason());
        assertEquals(DEPLOY.replace("blog-1", "blog-2"), mismatch.body());

        OutboxEvent rejected = outbox().stream().filter(e -> e.type().equals(CommandEvents.REJECTED)).findFirst().orElseThrow();
        JsonNode data = CommandJson.read(rejected.data());
        assertEquals(mismatch.getId(), data.get("rejectionId").asLong());
        assertEquals("/requestId", data.get("field").asText());
        assertEquals(CommandRefused.MISMATCH, data.get("rule").asText());
        assertEquals("order-1", data.get("requestId").asText());
        assertNull(rejected.jobId());
        assertNull(rejected.subject());
        assertEquals("reply.queue.billing", rejected.replyTo());
        assertEquals("corr-1", rejected.correlationId());
    }

    @Test
    void everyRefusalIsKeptWithItsBodySenderAndReasonAndAnswered() {
        deliver("billing", "deploy blog-1 please");
        deliver("billing", "{\"type\":\"start\",\"requestId\":\"r-2\",\"serverId\":\"three\"}");
        deliver("billing", "{\"type\":\"deploy\",\"requestId\":\"r-3\",\"profile\":\"Production\",\"serverName\":\"blog-1\"}");
        deliver("billing", "{\"type\":\"stop\",\"requestId\":\"r-4\",\"serverId\":404}");
        fake.failure = () -> new Rejected("Server blog-1 is stopped: it can be stopped only when it is active");
        deliver("billing", "{\"type\":\"stop\",\"requestId\":\"r-5\",\"serverId\":3}");
        deliver(null, DEPLOY);

        List<RejectedCommand> kept = rejections();
        assertEquals(List.of(CommandRefused.NO_SENDER, CommandRefused.REFUSED, CommandRefused.UNKNOWN_SERVER,
                CommandRefused.UNKNOWN_PROFILE, "type", CommandRefused.NOT_JSON), kept.stream().map(RejectedCommand::rule).toList(),
                "newest first");
        RejectedCommand notJson = kept.get(5);
        assertEquals("deploy blog-1 please", notJson.body());
        assertNull(notJson.requestId());
        assertNull(notJson.field());
        assertTrue(notJson.reason().startsWith("The body is not JSON"), notJson.reason());
        assertEquals("ID:message-1", notJson.messageId());
        RejectedCommand schema = kept.get(4);
        assertEquals("/serverId", schema.field());
        assertEquals("r-2", schema.requestId());
        assertTrue(schema.reason().contains(CommandSchema.ID), schema.reason());
        assertEquals("/profile", kept.get(3).field());
        assertEquals("/serverId", kept.get(2).field());
        assertEquals("Server blog-1 is stopped: it can be stopped only when it is active", kept.get(1).reason());
        assertNull(kept.get(0).brokerUser());

        assertEquals(0, count("server"));
        assertEquals(0, count("provisioning_job"));
        assertEquals(0, count("automation_request"), "a refused request is not remembered: it may be sent again corrected");
        List<OutboxEvent> events = outbox();
        assertEquals(6, events.size());
        assertTrue(events.stream().allMatch(e -> e.type().equals(CommandEvents.REJECTED) && REPLY.destination().equals(e.replyTo())));
    }

    @Test
    void aRefusedCommandLeavesNothingOfWhatItBegan() {
        // The refusal comes after the server was registered: the registration is rolled back with it.
        fake.refuseBootstrap = true;
        deliver("billing", "{\"type\":\"register-custom-server\",\"requestId\":\"byo\",\"name\":\"byo-1\",\"address\":\"h\","
                + "\"user\":\"root\",\"privateKey\":\"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXk=\\n-----END OPENSSH PRIVATE KEY-----\","
                + "\"passphrase\":\"hunter2\"}");
        assertEquals(0, count("server"), "rolled back");
        RejectedCommand kept = rejections().get(0);
        assertEquals(CommandRefused.REFUSED, kept.rule());
        assertFalse(kept.body().contains("b3BlbnNzaC1rZXk"), kept.body());
        assertFalse(kept.body().contains("hunter2"), kept.body());
        assertTrue(kept.body().contains("\"privateKey\":\"" + RejectedCommand.BLANKED + "\""), kept.body());
    }

    @Test
    void aBugIsNotARefusal() {
        fake.failure = () -> new IllegalStateException("a bug of ours");
        assertThrows(IllegalStateException.class, () -> deliver("billing", "{\"type\":\"start\",\"requestId\":\"r\",\"serverId\":3}"));
        assertEquals(List.of(), rejections(), "left to roll back and be redelivered");
        assertEquals(List.of(), outbox());
        // Redelivered once the bug is gone: accepted.
        deliver("billing", "{\"type\":\"start\",\"requestId\":\"r\",\"serverId\":3}");
        assertEquals(1, count("automation_request"));
    }

    @Test
    void secretsInAnyKeptBodyAreBlanked() {
        String body = "{\"privateKey\" : \"-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\\"x\\n-----END RSA PRIVATE KEY-----\", \"passphrase\":\"p\\\"w\", \"user\":\"root\"}";
        String shown = RejectedCommand.withoutSecrets(body);
        assertEquals("{\"privateKey\" : \"(removed)\", \"passphrase\":\"(removed)\", \"user\":\"root\"}", shown);
        assertEquals("not json (removed) tail", RejectedCommand.withoutSecrets(
                "not json -----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY----- tail"));
    }
}
