package com.ecsprovisioner.automation.deadletters;

import java.io.Serializable;
import java.time.Instant;

/**
 * One message in the dead-letter queue as the console shows it. {@code body} is at most {@link DeadLetterQueue#SHOWN_CHARS}
 * characters of it (text as sent; bytes read as UTF-8), {@code bodyBytes} its whole size; escaping is the page's.
 */
public record DeadLetter(long messageId, String originalAddress, String reason, int deliveryCount, Instant sent,
                         String sender, String body, long bodyBytes, boolean bodyCut) implements Serializable {
}
