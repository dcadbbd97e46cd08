package com.ecsprovisioner.automation;

import com.ecsprovisioner.platform.outbox.Outbox;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What the consumer read from a message on {@code ecs.commands}: the body as text (text and bytes bodies alike,
 * UTF-8: STOMP and AMQP clients send bytes unless told otherwise), or why it could not be read; the broker user the
 * broker authenticated; where to answer; and the message's id.
 *
 * @param body the body, or (when {@code unreadable} is set) as much of it as can be shown
 * @param unreadable why the body is not a command's text, or null when it is
 * @param brokerUser the validated user the broker stamped on the message, or null when it stamped none
 */
public record IncomingCommand(String body, String unreadable, String brokerUser, Outbox.Reply reply, String messageId) {

    /**
     * The property the broker sets to the user it authenticated when {@code populate-validated-user} is on, replacing
     * whatever a client put there (Artemis's {@code Message.HDR_VALIDATED_USER}); never a property a client chooses.
     */
    public static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";

    static IncomingCommand of(Message message) throws JMSException {
        String user = message.getStringProperty(VALIDATED_USER);
        Outbox.Reply reply = reply(message);
        String messageId = message.getJMSMessageID();
        if (message instanceof TextMessage text) {
            String body = text.getText();
            return new IncomingCommand(body == null ? "" : body, null, user, reply, messageId);
        }
        if (message instanceof BytesMessage bytes) {
            byte[] raw = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(raw);
            try {
                String body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
                return new IncomingCommand(body, null, user, reply, messageId);
            } catch (CharacterCodingException notUtf8) {
                return new IncomingCommand(new String(raw, StandardCharsets.UTF_8), "The body is not UTF-8 text", user,
                        reply, messageId);
            }
        }
        return new IncomingCommand("", "A command is a text or bytes message, not a " + kind(message), user, reply, messageId);
    }

    /** JMSReplyTo as the broker names the destination, and JMSCorrelationID (JMSMessageID when none was set). */
    private static Outbox.Reply reply(Message message) throws JMSException {
        Destination to = message.getJMSReplyTo();
        if (to == null) {
            return null;
        }
        String name = to instanceof Queue q ? q.getQueueName() : to instanceof Topic t ? t.getTopicName() : to.toString();
        String correlation = message.getJMSCorrelationID();
        return new Outbox.Reply(name, correlation != null ? correlation : message.getJMSMessageID());
    }

    private static String kind(Message message) {
        for (Class<?> type : message.getClass().getInterfaces()) {
            if (type.getName().startsWith("jakarta.jms.")) {
                return type.getSimpleName();
            }
        }
        return "message without a body";
    }
}
