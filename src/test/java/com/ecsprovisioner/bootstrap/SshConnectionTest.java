package com.ecsprovisioner.bootstrap;

import com.jcraft.jsch.Logger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The two details of the JSch connection that the sandbox tests reach only by chance or not at all. */
class SshConnectionTest {

    @Test
    void thePinnedAlgorithmIsOfferedFirst() {
        String configured = "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,rsa-sha2-512,rsa-sha2-256";
        assertEquals("ecdsa-sha2-nistp256,ssh-ed25519,ecdsa-sha2-nistp384,rsa-sha2-512,rsa-sha2-256",
                SshConnection.preferring("ecdsa-sha2-nistp256", configured));
        assertEquals("rsa-sha2-512,rsa-sha2-256,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384",
                SshConnection.preferring("ssh-rsa", configured));
        assertEquals(configured, SshConnection.preferring("ssh-ed25519", configured));
    }

    @Test
    void aLoginCutByTheNetworkIsToldApartFromARefusal() {
        SshConnection.LoginWatch watch = new SshConnection.LoginWatch();
        watch.log(Logger.INFO, "Authentications that can continue: publickey");
        assertNull(watch.interrupted, "a refused key leaves no such warning");
        // What JSch 2.x logs when the connection breaks in the middle of the login (seen in the dropped-connection test).
        watch.log(Logger.WARN, "an exception during authentication\njava.io.IOException: End of IO Stream Read\n"
                + "\tat com.jcraft.jsch.IO.getByte(IO.java:97)");
        assertEquals("java.io.IOException: End of IO Stream Read", watch.interrupted);
    }
}
