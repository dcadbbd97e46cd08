package com.ecsprovisioner.automation.deadletters;

import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.reader.TextMessageUtil;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded broker's {@code DLQ} through its management API: list what it holds, replay a message to the address
 * it failed on (Artemis's {@code QueueControl.retryMessage}, which routes it back by its {@code _AMQ_ORIG_ADDRESS}),
 * discard one ({@code removeMessage}). The broker keeps the original address and queue on the dead letter but not
 * how often it was delivered; in this product a message reaches the DLQ only by failing every delivery its address
 * allows (no-route and expiry do not send there), so that number is its delivery count.
 */
public final class DeadLetterQueue {

    /** Characters of a body shown: enough to recognise a command, bounded so that a 1 MB body never reaches a page. */
    public static final int SHOWN_CHARS = 2_000;
    public static final String QUEUE = "DLQ";

    private final ActiveMQServer server;

    public DeadLetterQueue(ActiveMQServer server) {
        this.server = server;
    }

    /** The oldest {@code max} dead letters, oldest first. */
    public List<DeadLetter> list(int max) throws Exception {
        Queue queue = server.locateQueue(SimpleString.of(QUEUE));
        List<DeadLetter> letters = new ArrayList<>();
        if (queue == null) {
            return letters;
        }
        try (LinkedListIterator<MessageReference> references = queue.browserIterator()) {
            while (references.hasNext() && letters.size() < max) {
                letters.add(describe(references.next().getMessage()));
            }
        }
        return letters;
    }

    public long count() {
        Queue queue = server.locateQueue(SimpleString.of(QUEUE));
        return queue == null ? 0 : queue.getMessageCount();
    }

    /** Sends the message back to its original address; false if it is no longer in the DLQ. */
    public boolean replay(long messageId) throws Exception {
        return control().retryMessage(messageId);
    }

    /** Deletes the message for good; false if it is no longer in the DLQ. */
    public boolean discard(long messageId) throws Exception {
        return control().removeMessage(messageId);
    }

    private QueueControl control() {
        Object control = server.getManagementService().getResource(ResourceNames.QUEUE + QUEUE);
        if (!(control instanceof QueueControl queueControl)) {
            throw new IllegalStateException("The broker has no " + QUEUE + " queue");
        }
        return queueControl;
    }

    private DeadLetter describe(Message message) {
        String original = message.getStringProperty(Message.HDR_ORIGINAL_ADDRESS);
        int deliveries = original == null ? 0 : server.getAddressSettingsRepository().getMatch(original).getMaxDeliveryAttempts();
        String reason = original == null ? "moved here by hand (no original address)"
                : "failed all " + deliveries + " deliveries on " + original;
        ICoreMessage core = message.toCore();
        String body;
        long size;
        boolean cut;
        if (core.getType() == Message.TEXT_TYPE && !core.isLargeMessage()) {
            SimpleString text = TextMessageUtil.readBodyText(core.getReadOnlyBodyBuffer());
            body = text == null ? "" : text.toString();
            size = body.getBytes(StandardCharsets.UTF_8).length;
            cut = body.length() > SHOWN_CHARS;
        } else {
            // Bytes (a STOMP or AMQP sender's JSON), read as UTF-8; a cut multi-byte character shows as U+FFFD.
            ActiveMQBuffer buffer = core.getReadOnlyBodyBuffer();
            size = buffer.readableBytes();
            byte[] bytes = new byte[(int) Math.min(size, SHOWN_CHARS * 4L)];
            buffer.readBytes(bytes);
            body = new String(bytes, StandardCharsets.UTF_8);
            cut = bytes.length < size || body.length() > SHOWN_CHARS;
        }
        if (body.length() > SHOWN_CHARS) {
            body = body.substring(0, SHOWN_CHARS);
        }
        return new DeadLetter(message.getMessageID(), original, reason, deliveries,
                message.getTimestamp() > 0 ? Instant.ofEpochMilli(message.getTimestamp()) : null,
                message.getStringProperty(Message.HDR_VALIDATED_USER), body, size, cut);
    }
}
