package com.ecsprovisioner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.ecsprovisioner.bootstrap.ProgressEvent.ComponentVersion;
import com.ecsprovisioner.bootstrap.ProgressEvent.Output;
import com.ecsprovisioner.bootstrap.ProgressEvent.ResultFailed;
import com.ecsprovisioner.bootstrap.ProgressEvent.ResultSucceeded;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepFailed;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepStarted;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepSucceeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressMarkerParserTest {

    @Test
    void stepStartKeepsTheWholeTitle() {
        assertEquals(new StepStarted("packages", "Install nginx, PHP-FPM, MariaDB, Redis and certbot"),
                ProgressMarkerParser.parse("@@ecs step packages start Install nginx, PHP-FPM, MariaDB, Redis and certbot"));
    }

    @Test
    void stepOkCarriesElapsedSeconds() {
        assertEquals(new StepSucceeded("wp-cli", 42), ProgressMarkerParser.parse("@@ecs step wp-cli ok 42"));
    }

    @Test
    void stepFailCarriesCodeAndMessage() {
        assertEquals(new StepFailed("wp-cli", 22, "could not download WP-CLI from https://x/wp-cli.phar (curl exit 22)"),
                ProgressMarkerParser.parse("@@ecs step wp-cli fail 22 could not download WP-CLI from https://x/wp-cli.phar (curl exit 22)"));
        assertEquals(new StepFailed("apt-sources", 100, ""), ProgressMarkerParser.parse("@@ecs step apt-sources fail 100"));
    }

    @Test
    void versionAndResults() {
        assertEquals(new ComponentVersion("mariadb", "10.11.6-MariaDB-0+deb12u1"),
                ProgressMarkerParser.parse("@@ecs version mariadb 10.11.6-MariaDB-0+deb12u1"));
        assertEquals(new ComponentVersion("os", "ubuntu-24.04"), ProgressMarkerParser.parse("@@ecs version os ubuntu-24.04"));
        assertEquals(new ResultSucceeded(), ProgressMarkerParser.parse("@@ecs result ok"));
        assertEquals(new ResultFailed("mariadb", 1), ProgressMarkerParser.parse("@@ecs result fail mariadb 1"));
    }

    @Test
    void carriageReturnFromATerminalIsIgnored() {
        assertEquals(new ResultSucceeded(), ProgressMarkerParser.parse("@@ecs result ok\r"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "plain output", " @@ecs result ok", "@@ecs", "@@ecs result ok extra", "@@ecs step Bad-Id start x",
            "@@ecs step -x start title", "@@ecs step x ok", "@@ecs step x ok 1.5", "@@ecs step x fail", "@@ecs step x fail abc msg",
            "@@ecs step x finish 1", "@@ecs version nginx", "@@ecs result fail x", "@@ecs result fail x y", "@@ecsx result ok",
            "@@ECS result ok"})
    void anythingElseIsPlainOutput(String line) {
        assertEquals(new Output(line), ProgressMarkerParser.parse(line));
    }

    @Test
    void nullIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProgressMarkerParser.parse(null));
    }
}
