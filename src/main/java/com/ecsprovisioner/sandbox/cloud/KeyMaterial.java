package com.ecsprovisioner.sandbox.cloud;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Key pair material: generating RSA 2048 pairs for CreateKeyPair, reading OpenSSH public keys for ImportKeyPair and
 * the fingerprint the API shows (reference §5: MD5 of the public key blob, 32 lower-case hex characters).
 */
final class KeyMaterial {

    record Generated(String privateKeyPem, String publicKeyLine, String fingerprint) {
    }

    private static final Set<String> TYPES = Set.of("ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");

    private KeyMaterial() {
    }

    static Generated generate(String name) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            var kp = g.generateKeyPair(); // java.security.KeyPair; the package has a KeyPair of its own
            RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
            byte[] blob = sshRsaBlob(pub);
            String line = "ssh-rsa " + Base64.getEncoder().encodeToString(blob) + " " + name;
            return new Generated(pkcs1Pem((RSAPrivateCrtKey) kp.getPrivate()), line, fingerprint(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    /** Validates an OpenSSH public key line and answers its normalised form ("type base64 comment"). */
    static String parsePublicKey(String body) {
        String[] parts = body.trim().split("\\s+");
        if (parts.length < 2 || !TYPES.contains(parts[0])) {
            throw malformed();
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        if (blob.length < 4) {
            throw malformed();
        }
        ByteBuffer b = ByteBuffer.wrap(blob);
        int len = b.getInt();
        if (len <= 0 || len > b.remaining()) {
            throw malformed();
        }
        byte[] type = new byte[len];
        b.get(type);
        if (!parts[0].equals(new String(type, StandardCharsets.US_ASCII))) {
            throw malformed();
        }
        return body.trim();
    }

    static String fingerprintOfLine(String line) {
        return fingerprint(Base64.getDecoder().decode(line.trim().split("\\s+")[1]));
    }

    static String fingerprint(byte[] blob) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** Accepts the fingerprint with or without colons, in any case. */
    static String normalizeFingerprint(String f) {
        return f.replace(":", "").toLowerCase(Locale.ROOT);
    }

    private static ApiError malformed() {
        return new ApiError(400, "InvalidPublicKeyBody.Malformed", "The specified public key body is malformed.");
    }

    private static byte[] sshRsaBlob(RSAPublicKey pub) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sshString(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        sshString(out, pub.getPublicExponent().toByteArray());
        sshString(out, pub.getModulus().toByteArray());
        return out.toByteArray();
    }

    private static void sshString(ByteArrayOutputStream out, byte[] data) {
        out.write(data.length >>> 24);
        out.write(data.length >>> 16);
        out.write(data.length >>> 8);
        out.write(data.length);
        out.writeBytes(data);
    }

    /** "-----BEGIN RSA PRIVATE KEY-----" (PKCS#1), the form the API's examples show and every SSH client reads. */
    private static String pkcs1Pem(RSAPrivateCrtKey k) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BigInteger v : new BigInteger[]{BigInteger.ZERO, k.getModulus(), k.getPublicExponent(),
                k.getPrivateExponent(), k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(),
                k.getCrtCoefficient()}) {
            derTlv(body, 0x02, v.toByteArray());
        }
        ByteArrayOutputStream seq = new ByteArrayOutputStream();
        derTlv(seq, 0x30, body.toByteArray());
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(seq.toByteArray());
        return "-----BEGIN RSA PRIVATE KEY-----\n" + b64 + "\n-----END RSA PRIVATE KEY-----\n";
    }

    private static void derTlv(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        int len = value.length;
        if (len < 128) {
            out.write(len);
        } else if (len < 256) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >>> 8);
            out.write(len);
        }
        out.writeBytes(value);
    }
}
