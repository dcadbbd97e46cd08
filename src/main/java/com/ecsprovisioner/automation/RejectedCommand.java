package com.ecsprovisioner.automation;

import com.ecsprovisioner.platform.StoredEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A command that was refused, kept (V12) with its body, its sender and why, so that nothing sent is silently dropped
 * and an admin can see what other systems got wrong. The body is kept as received, except that a private key or
 * passphrase in it is blanked out: a rejected registration must not leave a secret readable on a page.
 */
@Entity
@Table(name = "automation_rejection")
@NamedQuery(name = "RejectedCommand.newest", query = "SELECT r FROM RejectedCommand r ORDER BY r.receivedAt DESC, r.id DESC")
public class RejectedCommand extends StoredEntity {

    /** The column's size: the broker refuses larger bodies before they reach a consumer (MessageGuard). */
    static final int MAX_BODY = 1_048_576;
    static final String BLANKED = "(removed)";
    private static final Pattern SECRET_MEMBER =
            Pattern.compile("(\"(?:privateKey|passphrase)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern PEM_KEY =
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)", Pattern.DOTALL);

    @Column(name = "broker_user", length = 64)
    private String brokerUser;

    @Column(name = "request_id", length = 100)
    private String requestId;

    @Column(name = "message_id", length = 256)
    private String messageId;

    @Column(nullable = false, length = MAX_BODY)
    private String body;

    @Column(nullable = false, length = 2000)
    private String reason;

    @Column(length = 512)
    private String field;

    @Column(nullable = false, length = 64)
    private String rule;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    protected RejectedCommand() {
        // for JPA
    }

    RejectedCommand(String brokerUser, String requestId, String messageId, String body, String reason, String field,
                    String rule, Instant receivedAt) {
        this.brokerUser = clip(brokerUser, 64);
        this.requestId = clip(requestId, 100);
        this.messageId = clip(messageId, 256);
        this.body = clip(withoutSecrets(Objects.requireNonNullElse(body, "")), MAX_BODY);
        this.reason = clip(Objects.requireNonNull(reason, "reason"), 2000);
        this.field = clip(field, 512);
        this.rule = clip(Objects.requireNonNull(rule, "rule"), 64);
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The body with the values of {@code privateKey} and {@code passphrase}, and any PEM private key, blanked. */
    static String withoutSecrets(String body) {
        String members = SECRET_MEMBER.matcher(body).replaceAll("$1\"" + BLANKED + "\"");
        return PEM_KEY.matcher(members).replaceAll(BLANKED);
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    public String brokerUser() {
        return brokerUser;
    }

    public String requestId() {
        return requestId;
    }

    public String messageId() {
        return messageId;
    }

    public String body() {
        return body;
    }

    public String reason() {
        return reason;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }

    public Instant receivedAt() {
        return receivedAt;
    }
}
