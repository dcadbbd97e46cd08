package com.ecsprovisioner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StepDeclarationsTest {

    @Test
    void theShippedScriptsDeclareTheStepsInExecutionOrder() {
        List<String> ids = BootstrapScripts.load().steps().stream().map(StepDeclaration::id).toList();
        assertEquals(List.of("preflight", "apt-sources", "base-packages", "php-repository", "packages", "php", "nginx",
                "mariadb", "redis", "firewall", "fail2ban", "ssh", "upgrades", "swap", "wp-cli", "health"), ids);
    }

    @Test
    void everyDeclaredStepRunsAFunctionThatExists() {
        BootstrapScripts scripts = BootstrapScripts.load();
        String main = scripts.text("main.sh").orElseThrow();
        String steps = scripts.text("steps.sh").orElseThrow();
        for (StepDeclaration step : scripts.steps()) {
            var call = Pattern.compile("ecs_step " + step.id() + " \"[^\"]*\" (\\w+)").matcher(main);
            assertTrue(call.find(), "step " + step.id() + " names no function");
            assertTrue(steps.contains(call.group(1) + "() {"), "function " + call.group(1) + " is not defined in steps.sh");
        }
    }

    @Test
    void sourcedFilesContributeAtThePlaceTheyAreSourced() {
        Map<String, String> files = Map.of(
                "main.sh", """
                        #!/usr/bin/env bash
                        ecs_step first "First step" one
                        source "$ECS_DIR/more.sh"
                        . ./missing-is-not-uploaded.sh
                          ecs_step last "Last, indented" three
                        # ecs_step commented "not a step"
                        echo 'ecs_step quoted "not a step either"'
                        """,
                "more.sh", """
                        ecs_step middle "From the sourced file" two   # trailing comment
                        """);
        List<StepDeclaration> steps = StepDeclarations.read("main.sh", name -> Optional.ofNullable(files.get(name)));
        assertEquals(List.of(new StepDeclaration("first", "First step"), new StepDeclaration("middle", "From the sourced file"),
                new StepDeclaration("last", "Last, indented")), steps);
    }

    @Test
    void aRepeatedIdIsRefused() {
        Map<String, String> files = Map.of("main.sh", "ecs_step a \"A\" x\necs_step a \"again\" y\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepDeclarations.read("main.sh", name -> Optional.ofNullable(files.get(name))));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void aFileSourcingItselfIsRefused() {
        Map<String, String> files = Map.of("main.sh", "source main.sh\n");
        assertThrows(IllegalArgumentException.class,
                () -> StepDeclarations.read("main.sh", name -> Optional.ofNullable(files.get(name))));
    }

    @Test
    void aMissingMainScriptIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepDeclarations.read("main.sh", name -> Optional.empty()));
        assertTrue(e.getMessage().contains("main.sh"));
    }
}
