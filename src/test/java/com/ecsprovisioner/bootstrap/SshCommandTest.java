package com.ecsprovisioner.bootstrap;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The login command a page offers to copy. */
class SshCommandTest {

    @Test
    void thePortOnlyWhenItIsNotTheDefaultAndTheKeyFileWhenKnown() {
        assertEquals("ssh root@203.0.113.7", new SshCommand("root", "203.0.113.7", 22, null).text());
        assertEquals("ssh -i blog-key.pem -p 2222 deploy@203.0.113.7", new SshCommand("deploy", "203.0.113.7", 2222, "blog-key.pem").text());
    }

    @Test
    void aNameAShellWouldSplitIsQuoted() {
        assertEquals("ssh -i 'my key.pem' root@203.0.113.7", new SshCommand("root", "203.0.113.7", 22, "my key.pem").text());
    }
}
