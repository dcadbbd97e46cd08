package com.ecsprovisioner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretMaskerTest {

    private final SecretMasker masker = new SecretMasker(List.of("S3cret-Pa55word!", "ab"));

    @Test
    void knownSecretsAreMaskedWherever() {
        assertEquals("connecting with ****** to db", masker.mask("connecting with S3cret-Pa55word! to db"));
        assertEquals("******x******", masker.mask("S3cret-Pa55word!xS3cret-Pa55word!"));
    }

    @Test
    void tooShortSecretsAreNotMaskedByValue() {
        assertEquals("absolutely fine", masker.mask("absolutely fine"));
    }

    @Test
    void aLongerSecretContainingAShorterOneIsMaskedWhole() {
        SecretMasker nested = new SecretMasker(List.of("hunter22", "hunter22-and-more"));
        assertEquals("x ****** y", nested.mask("x hunter22-and-more y"));
    }

    @Test
    void eachLineOfAMultiLineSecretIsMasked() {
        SecretMasker multi = new SecretMasker(List.of("first-line-of-key\nsecond-line-of-key"));
        assertEquals("******", multi.mask("second-line-of-key"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "password=hunter2 next|password=****** next",
            "--password=hunter2|--password=******",
            "DB_PASSWORD: 'a b c'|DB_PASSWORD: ******",
            "ECS_DB_ROOT_PASSWORD='x'\\''y' rest|ECS_DB_ROOT_PASSWORD=******\\''y' rest",
            "\"password\": \"p@ss\", \"user\": \"u\"|\"password\": ******, \"user\": \"u\"",
            "api_key=abcdef|api_key=******",
            "GITHUB_TOKEN=ghp_123|GITHUB_TOKEN=******",
            "CREATE USER 'wp'@'localhost' IDENTIFIED BY 'it''s secret';|CREATE USER 'wp'@'localhost' IDENTIFIED BY ******;",
            "ALTER USER root IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('pw\\'x');|ALTER USER root IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD(******);",
            "SELECT PASSWORD(\"pw\");|SELECT PASSWORD(******);",
            "SET PASSWORD = PASSWORD('pw');|SET PASSWORD = ******;",
            "mysql -uroot -phunter2 -e 'select 1'|mysql -uroot -p****** -e 'select 1'",
            "Authorization: Bearer eyJhbGci.x.y|Authorization: Bearer ******",
            "fetching https://user:pa55@example.com/x|fetching https://user:******@example.com/x",
            "-----BEGIN OPENSSH PRIVATE KEY-----b3BlbnNzaC1rZXk-----END OPENSSH PRIVATE KEY-----|-----BEGIN OPENSSH PRIVATE KEY-----******-----END OPENSSH PRIVATE KEY-----"})
    void wellKnownShapesAreMaskedWithoutKnowingTheValue(String line, String expected) {
        assertEquals(expected, SecretMasker.patternsOnly().mask(line));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Setting up mariadb-server (1:10.11.6-0+deb12u1) ...",
            "@@ecs step mariadb start Secure MariaDB",
            "PasswordAuthentication no",
            "mysql -uroot -e 'select 1'",
            "Unpacking libsecret-1-0:amd64 (0.20.5-3) ...",
            "Selecting previously unselected package python3-secretstorage:arm64.",
            "https://example.com:8443/path"})
    void ordinaryOutputIsLeftAlone(String line) {
        assertEquals(line, SecretMasker.patternsOnly().mask(line));
    }

    @Test
    void longLinesAreMaskedInLinearTime() {
        String filler = "x".repeat(LogFollower.MAX_LINE_BYTES);
        String quoted = "password='" + "y".repeat(200_000) + "' tail";
        long started = System.nanoTime();
        assertEquals(filler, SecretMasker.patternsOnly().mask(filler));
        assertEquals("password=****** tail", SecretMasker.patternsOnly().mask(quoted));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 2_000, "masking two long lines took " + millis + " ms");
    }

    @Test
    void nullSecretsAndEmptyLinesAreHarmless() {
        SecretMasker tolerant = new SecretMasker(Arrays.asList(null, "", "   "));
        assertEquals("", tolerant.mask(""));
        assertFalse(new SecretMasker(null).mask("x").isEmpty());
    }
}
