package com.ecsprovisioner.console;

import com.ecsprovisioner.bootstrap.BootstrapOverrides;
import com.ecsprovisioner.bootstrap.WpCliRelease;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bootstrap settings fragment both forms include shows exactly the settings the scripts' messages name, under
 * the same labels, and a stored profile's settings come back into the form and save unchanged.
 */
class BootstrapSettingsFormTest {

    @Test
    void theFormsLabelsAreTheNamesTheMessagesUse() throws Exception {
        String fragment = Files.readString(Path.of("src/main/webapp/WEB-INF/templates/bootstrap-settings.xhtml"));
        Matcher label = Pattern.compile("<p:outputLabel for=\"[^\"]+\" value=\"([^\"]+)\"").matcher(fragment);
        List<String> labels = new ArrayList<>();
        while (label.find()) {
            labels.add(label.group(1));
        }
        assertEquals(BootstrapOverrides.LABELS, labels);
        for (String page : List.of("provider.xhtml", "custom-servers.xhtml")) {
            assertTrue(Files.readString(Path.of("src/main/webapp", page)).contains("/WEB-INF/templates/bootstrap-settings.xhtml"),
                    page + " includes the bootstrap settings");
        }
    }

    @Test
    void storedSettingsComeBackIntoTheFormAndSaveUnchanged() {
        BootstrapOverrides stored = BootstrapOverrides.of("8.3", "http://mirrors.aliyun.com", "https://php.example/debian",
                "https://php.example/key.asc", "0123456789ABCDEF0123456789ABCDEF01234567", WpCliRelease.VERSION,
                "https://a.example/wp-cli.phar https://b.example/wp-cli.phar", WpCliRelease.SHA512);
        BootstrapSettingsForm form = BootstrapSettingsForm.of(stored);
        assertEquals("https://a.example/wp-cli.phar\nhttps://b.example/wp-cli.phar", form.getWpCliUrls(), "one per line");
        assertEquals(stored, form.toOverrides());

        form.setWpCliSha512("");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, form::toOverrides);
        assertTrue(refused.getMessage().startsWith("WP-CLI SHA-512 is required"), refused.getMessage());
    }
}
