package com.ecsprovisioner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources the rendered file in a real bash and reads every value back, byte for byte. */
class BootstrapEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void hostileValuesComeBackExactlyAndRunNothing() throws Exception {
        Path canary = dir.resolve("pwned");
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("SINGLE_QUOTES", "it's 'quoted' ''");
        hostile.put("BREAK_OUT", "'; touch " + canary + "; echo '");
        hostile.put("COMMAND_SUBSTITUTION", "$(touch " + canary + ")");
        hostile.put("BACKTICKS", "`touch " + canary + "`");
        hostile.put("EXPANSIONS", "${HOME} $HOME $((1+1)) !! !$ ~ * ?");
        hostile.put("DOUBLE_QUOTES_AND_BACKSLASHES", "\"\\\" \\ \\\\ \\n \\'");
        hostile.put("NEWLINES", "line one\nline two\r\n\n");
        hostile.put("LEADING_DASH", "-e -n --help");
        hostile.put("UNICODE", "密码 ✓ über \u00a0 \u202e");
        hostile.put("CONTROL", "\t\u0001\u001b[31m");
        hostile.put("EMPTY", "");
        hostile.put("ECS_DB_ROOT_PASSWORD", "p@ss'w\"o$r`d\\!#;&|<>(){}[]");

        Path env = dir.resolve(BootstrapEnvironment.FILE_NAME);
        Files.writeString(env, BootstrapEnvironment.render(hostile), StandardCharsets.UTF_8);

        assertEquals(new ArrayList<>(hostile.values()), sourceAndReadBack(env, new ArrayList<>(hostile.keySet())));
        assertFalse(Files.exists(canary), "sourcing the file ran a command");
    }

    @Test
    void realSettingsRoundTripThroughBash() throws Exception {
        BootstrapSettings settings = new BootstrapSettings("8.3", "Aa1'\"$(reboot)`x`\\zZ-long-enough", 2222, 512, 1024,
                DownloadSources.forRegion("cn-shanghai", null));
        Path env = dir.resolve(BootstrapEnvironment.FILE_NAME);
        Files.write(env, BootstrapEnvironment.renderBytes(settings));
        Map<String, String> expected = settings.environment();
        assertEquals(new ArrayList<>(expected.values()), sourceAndReadBack(env, new ArrayList<>(expected.keySet())));
        assertEquals("8.3", expected.get("ECS_PHP_VERSION"));
        assertEquals("http://mirrors.cloud.aliyuncs.com", expected.get("ECS_APT_MIRROR"));
        assertEquals("2222", expected.get("ECS_SSH_PORT"));
        assertTrue(expected.get("ECS_WP_CLI_URLS").startsWith("https://fastly.jsdelivr.net/"));
    }

    @Test
    void namesAndValuesBashCannotHoldAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BootstrapEnvironment.render(Map.of("1ABC", "x")));
        assertThrows(IllegalArgumentException.class, () -> BootstrapEnvironment.render(Map.of("A B", "x")));
        assertThrows(IllegalArgumentException.class, () -> BootstrapEnvironment.render(Map.of("PATH=x;", "x")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BootstrapEnvironment.render(Map.of("SECRET", "top\0secret")));
        assertTrue(e.getMessage().contains("SECRET") && !e.getMessage().contains("top"), e.getMessage());
    }

    @Test
    void settingsNeverShowThePasswordAndRefuseWeakOnes() {
        BootstrapSettings settings = BootstrapSettings.withDefaults("a-very-secret-password", MirrorPreset.GLOBAL.sources());
        assertFalse(settings.toString().contains("a-very-secret-password"));
        assertEquals(List.of("a-very-secret-password"), settings.secrets());
        assertEquals("", settings.environment().get("ECS_SSH_PORT"));
        assertThrows(IllegalArgumentException.class, () -> BootstrapSettings.withDefaults("short", MirrorPreset.GLOBAL.sources()));
        assertThrows(IllegalArgumentException.class, () -> BootstrapSettings.withDefaults("two\nlines-password", MirrorPreset.GLOBAL.sources()));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapSettings("php8", "a-very-secret-password", null, 0, 0,
                MirrorPreset.GLOBAL.sources()));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapSettings("8.2", "a-very-secret-password", 70000, 0, 0,
                MirrorPreset.GLOBAL.sources()));
    }

    private static List<String> sourceAndReadBack(Path env, List<String> names) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "set -eu; source \"$1\"; shift; for name in \"$@\"; do printf '%s\\0' \"${!name}\"; done", "_", env.toString()));
        command.addAll(names);
        Process process = new ProcessBuilder(command).directory(env.getParent().toFile()).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "bash failed: " + err);
        String all = new String(out, StandardCharsets.UTF_8);
        List<String> values = new ArrayList<>(List.of(all.split("\0", -1)));
        values.remove(values.size() - 1);
        return values;
    }
}
