package com.ecsprovisioner.console;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleTextTest {

    @Test
    void controlCharactersAndBidirectionalOverridesBecomeAVisibleMark() {
        String hostile = "ok\u001b[2Jcleared\rover\u202Etxt.exe\u2066x\u2069\u0000";
        String shown = ConsoleText.neutralised(hostile);
        assertEquals("ok\uFFFD[2Jcleared\uFFFDover\uFFFDtxt.exe\uFFFDx\uFFFD\uFFFD", shown);
        assertEquals("tabs\tand\nnew lines stay, as does ünïcödé", ConsoleText.neutralised("tabs\tand\nnew lines stay, as does ünïcödé"));
    }

    @Test
    void longInputIsCutAndSaysHowMuchWasLeftOut() {
        String long10k = "a".repeat(10_000);
        String echoed = ConsoleText.excerpt(long10k);
        assertTrue(echoed.length() < 400, echoed);
        assertTrue(echoed.endsWith("(9700 more characters)"), echoed);
        assertEquals("short", ConsoleText.excerpt("short"));
        assertFalse(ConsoleText.excerpt("b".repeat(301)).contains("b".repeat(301)));
    }
}
