package com.ecsprovisioner.console;

import jakarta.faces.model.SelectItem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeployChoicesTest {

    private static List<String> shown(List<SelectItem> items) {
        return items.stream().map(i -> i.getValue() + "=" + i.getLabel()).toList();
    }

    @Test
    void thePhpPickerOffersTheDistributionsVersionAsDefaultThenTheRepositorysBranches() {
        assertEquals(List.of("default=The distribution's (8.2)", "8.1=PHP 8.1", "8.2=PHP 8.2", "8.3=PHP 8.3", "8.4=PHP 8.4"),
                shown(DeployChoices.phpVersions("debian_12_5_x64_20G_alibase_20240325.vhd")));
    }

    @Test
    void anImageOfAnOsTheScriptsDoNotKnowOffersOnlyTheDistributionsPhp() {
        assertEquals(List.of("default=The distribution's"), shown(DeployChoices.phpVersions("centos_7_9_x64_20G_alibase.vhd")));
        assertEquals(List.of("default=The distribution's"), shown(DeployChoices.phpVersions(null)));
    }
}
