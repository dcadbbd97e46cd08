package com.ecsprovisioner.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Key-pair fingerprints computed locally agree with ssh-keygen and with the sandbox cloud. */
class KeyFingerprintsTest {

    // Public keys made with ssh-keygen; the expected values are `ssh-keygen -l -E md5 -f key.pub` without colons.
    static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCsuEuvlTLAQdUKzHVsHTmMgOz+7/kfP5B7PdKZ9GHXyRn28lwkdeSMJTzyYa9LHN++mZBDqwzrOhjmsO+UbNWJUF6xlbqbCR5tBOImF4jrCEVYi74WvL20/XMflnax6TU6ofHwkqD7O10mG26kjbOUqVxSTbJVJkyvnJNI/mInELbGENqRD9Tg4vIv0oYJP3wQnESpvZ0rhvvVtkNwi8nCOJgA3M1IP+g2MX44jAPW+ToTX4Jk+k750ksGPG9quk0vx7poSA8cZuS3TNc6TiTKDdpFy4MpmNmt/6M2kcz5ddx2+luSEK38iq777Uz27QVjsiloeZOpegF+BcKjXWh3 t";
    static final String ECDSA = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBFgIA+km7PbORC6MXOIJ/f7ecq45FlUz8bkeX/UnINuMtngyB2EbU45EM7kGpHL/4IIYLTXIkiGfgaSEprKu+r4= t";
    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICnohXTUUfXuOB9hVBLHApw2a2YpJD61UF19I5kqAARQ t";

    @Test
    void matchesSshKeygenForRsaEcdsaAndEd25519() {
        assertEquals("64dc4b1fa5b099785b93f123b1fb0b78", KeyFingerprints.of(RSA));
        assertEquals("fe2385d690186465f8a20569d72e2328", KeyFingerprints.of(ECDSA));
        assertEquals("34ffc1a676ae690cdeba9d21433d04f3", KeyFingerprints.of(ED25519));
        // The comment and surrounding blanks do not matter.
        assertEquals(KeyFingerprints.of(ED25519), KeyFingerprints.of("  " + ED25519.replace(" t", "") + "\n"));
    }

    @Test
    void sameIgnoresColonsAndCase() {
        assertTrue(KeyFingerprints.same("34:FF:C1:A6:76:AE:69:0C:DE:BA:9D:21:43:3D:04:F3", KeyFingerprints.of(ED25519)));
        assertTrue(!KeyFingerprints.same("34ff", KeyFingerprints.of(ED25519)));
        assertTrue(!KeyFingerprints.same(null, KeyFingerprints.of(ED25519)));
    }

    @Test
    void badInputIsExplained() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyFingerprints.of(" ")).getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyFingerprints.of("-----BEGIN RSA PRIVATE KEY-----"))
                .getMessage().contains("not an OpenSSH public key"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyFingerprints.of("ssh-rsa !!notbase64"))
                .getMessage().contains("Base64"));
        // An Ed25519 blob labelled as RSA.
        String mislabelled = "ssh-rsa " + ED25519.split(" ")[1];
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyFingerprints.of(mislabelled))
                .getMessage().contains("another type"));
    }

    @Test
    void agreesWithTheSandboxCloud() {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).build())) {
            AccessKey admin = sandbox.accounts().get(0);
            CloudRegion region = new AlibabaCloud().region(new CloudConnection(admin.id(), admin.secret(), "cn-hangzhou",
                    Optional.of(URI.create("http://" + sandbox.endpoint()))));
            Map<String, String> lines = Map.of("rsa-key", RSA, "ecdsa-key", ECDSA, "ed25519-key", ED25519);
            lines.forEach((name, line) -> assertTrue(
                    KeyFingerprints.same(KeyFingerprints.of(line), region.importKeyPair(name, line).fingerprint()), name));
            Map<String, String> listed = region.keyPairs().stream()
                    .collect(Collectors.toMap(CloudTypes.KeyPair::name, CloudTypes.KeyPair::fingerprint));
            for (String name : List.of("rsa-key", "ecdsa-key", "ed25519-key")) {
                assertTrue(KeyFingerprints.same(KeyFingerprints.of(lines.get(name)), listed.get(name)), name);
            }
        }
    }
}
