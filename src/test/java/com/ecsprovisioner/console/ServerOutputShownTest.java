package com.ecsprovisioner.console;

import jakarta.faces.application.FacesMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a server printed reaches more pages than the job log: status reasons, job results and failures, step errors,
 * SSH checks, component versions and refusal messages. Each is shown neutralised ({@link ConsoleText}).
 */
class ServerOutputShownTest {

    /** The properties that may carry a server's or a cloud's words. */
    private static final Pattern SERVER_TEXT = Pattern.compile(
            "statusReason|failureMessage|\\.result\\b|\\.reason\\b|\\.message\\(\\)|lastError|hostKeyFingerprint\\(\\)"
                    + "|\\bv\\.key\\b|\\bv\\.value\\b|entry\\.message");
    private static final Pattern EXPRESSION = Pattern.compile("#\\{([^}]*)}");

    @Test
    void everyPageShowsServerTextNeutralised() throws IOException {
        List<String> raw = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> pages = Files.walk(Path.of("src/main/webapp"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".xhtml")).toList()) {
                String text = Files.readString(page);
                Matcher expression = EXPRESSION.matcher(text);
                while (expression.find()) {
                    String el = expression.group(1).trim();
                    String before = text.substring(Math.max(0, expression.start() - 12), expression.start());
                    // Conditions and iterated collections are not shown; only what is printed counts.
                    boolean condition = before.matches("(?s).*(rendered|disabled)=\"$");
                    boolean iterated = el.contains("entrySet()");
                    if (!condition && !iterated && SERVER_TEXT.matcher(el).find()) {
                        checked++;
                        if (!el.startsWith("shown.of(") && !el.startsWith("jobPage.shown(")) {
                            raw.add(page.getFileName() + ": #{" + el + "}");
                        }
                    }
                }
            }
        }
        assertTrue(checked >= 12, "the scan found only " + checked + " places that show server text");
        assertEquals(List.of(), raw, "server text shown without neutralising");
    }

    @Test
    void theHelperNeutralisesLikeTheJobLog() {
        assertEquals("done \uFFFD[2J\uFFFDevil", new ShownText().of("done \u001b[2J\u202Eevil"));
    }

    @Test
    void aRefusalQuotingServerOutputIsNeutralised() {
        FacesMessage message = Refusals.messageFor(new IllegalArgumentException("Host key changed: \u202Eoof\u001b[1A"));
        assertEquals("Host key changed: \uFFFDoof\uFFFD[1A", message.getSummary());
        assertFalse(message.getSummary().contains("\u202E"));
    }
}
