package com.ecsprovisioner.platform.broker;

import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.message.LargeBodyReader;
import org.apache.activemq.artemis.core.server.LargeServerMessage;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.reader.TextMessageUtil;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Checks every message as the broker receives it, before any consumer parses it: a body larger than the limit, or
 * a message on the engine's internal queue that is not "advance job N", is refused (the sender gets an error) and
 * kept in {@code <data folder>/broker/rejected/} with its headers, its size and its first kilobyte, with one log line
 * each. A consumer never sees it, so neither memory (one 60 MB body) nor the log (a stack trace per redelivery of
 * every garbage message) pays for it.
 */
public final class MessageGuard implements ActiveMQServerMessagePlugin {

    private static final Logger LOG = Logger.getLogger(MessageGuard.class.getName());
    static final int KEPT_BYTES = 1024;
    public static final String REJECTED_FOLDER = "broker/rejected";

    private final long maxBodyBytes;
    private final Path rejected;
    private final AtomicLong sequence = new AtomicLong();

    public MessageGuard(long maxBodyBytes, Path dataDir) {
        this.maxBodyBytes = maxBodyBytes;
        this.rejected = dataDir.resolve(REJECTED_FOLDER);
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        long size = bodySize(message);
        if (size > maxBodyBytes) {
            refuse(session, message, size, "body of " + size + " bytes is over the limit of " + maxBodyBytes + " bytes");
        }
        if (BrokerRoles.JOBS.equals(message.getAddress())) {
            String body = text(message);
            if (body == null || !body.trim().matches("[0-9]{1,18}")) {
                refuse(session, message, size, "not an \"advance job\" message (the body must be a job id)");
            }
        }
    }

    private void refuse(ServerSession session, Message message, long size, String reason) throws ActiveMQException {
        String user = session == null ? null : session.getUsername();
        Path kept = keep(message, user, size, reason);
        LOG.warning(() -> "Message refused on " + message.getAddress() + " from " + (user == null ? "?" : user) + ": "
                + reason + "; kept in " + (kept == null ? "(could not be kept, see above)" : kept.getFileName()));
        throw new ActiveMQException(ActiveMQExceptionType.GENERIC_EXCEPTION, "Message refused: " + reason);
    }

    private Path keep(Message message, String user, long size, String reason) {
        Properties record = new Properties();
        record.setProperty("time", Instant.now().toString());
        record.setProperty("address", String.valueOf(message.getAddress()));
        record.setProperty("user", String.valueOf(user));
        record.setProperty("reason", reason);
        record.setProperty("bodyBytes", String.valueOf(size));
        message.getPropertyNames().forEach(name -> record.setProperty("header." + name,
                clip(String.valueOf(message.getObjectProperty(name)))));
        record.setProperty("userId", String.valueOf(message.getUserID()));
        record.setProperty("firstBytes.base64", Base64.getEncoder().encodeToString(firstBytes(message)));
        try {
            Files.createDirectories(rejected, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = rejected.resolve(System.currentTimeMillis() + "-" + sequence.incrementAndGet() + ".properties");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                record.store(writer, "A message the broker refused");
            }
            return file;
        } catch (IOException e) {
            LOG.warning(() -> "A refused message could not be kept in " + rejected + ": " + e.getMessage());
            return null;
        }
    }

    private static String clip(String value) {
        return value.length() <= 200 ? value : value.substring(0, 200) + "...";
    }

    static long bodySize(Message message) throws ActiveMQException {
        if (message instanceof LargeServerMessage large) {
            return large.getLargeBody().getBodySize();
        }
        return message.toCore().getBodyBufferSize();
    }

    private static String text(Message message) {
        if (message.isLargeMessage()) {
            return null;
        }
        ICoreMessage core = message.toCore();
        if (core.getType() != Message.TEXT_TYPE) {
            return null;
        }
        try {
            var text = TextMessageUtil.readBodyText(core.getReadOnlyBodyBuffer());
            return text == null ? null : text.toString();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static byte[] firstBytes(Message message) {
        try {
            if (message instanceof LargeServerMessage large) {
                LargeBodyReader reader = large.getLargeBodyReader();
                reader.open();
                try {
                    ByteBuffer buffer = ByteBuffer.allocate(KEPT_BYTES);
                    int read = reader.readInto(buffer);
                    return Arrays.copyOf(buffer.array(), Math.max(read, 0));
                } finally {
                    reader.close();
                }
            }
            ActiveMQBuffer body = message.toCore().getReadOnlyBodyBuffer();
            byte[] bytes = new byte[Math.min(KEPT_BYTES, body.readableBytes())];
            body.readBytes(bytes);
            return bytes;
        } catch (ActiveMQException | RuntimeException e) {
            return new byte[0];
        }
    }
}
