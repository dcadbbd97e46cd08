package com.ecsprovisioner.bootstrap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the step declarations out of the scripts, in execution order: the lines of the main script, where a
 * {@code source}/{@code .} line of a file that was uploaded with it stands for that file's own declarations.
 * Reading the text rather than running anything keeps the product from ever executing a script locally.
 */
public final class StepDeclarations {

    private static final Pattern DECLARATION = Pattern.compile("^\\s*ecs_step\\s+([a-z0-9][a-z0-9-]*)\\s+\"([^\"]*)\"");
    /** {@code source "$ECS_DIR/lib.sh"}, {@code . ./steps.sh}: the sourced file is named by its last path part. */
    private static final Pattern SOURCE = Pattern.compile("^\\s*(?:source|\\.)\\s+\"?[^\"\\s]*?([A-Za-z0-9._-]+\\.sh)\"?\\s*(?:#.*)?$");

    private StepDeclarations() {
    }

    /**
     * @param mainScript the file name of the main script, e.g. {@code main.sh}
     * @param scriptText gives the text of an uploaded script by file name, or empty when there is no such file
     * @return the declared steps in execution order
     * @throws IllegalArgumentException when the main script is missing, a step id repeats or a file sources itself
     */
    public static List<StepDeclaration> read(String mainScript, Function<String, Optional<String>> scriptText) {
        List<StepDeclaration> steps = new ArrayList<>();
        collect(mainScript, scriptText, steps, new ArrayList<>());
        Set<String> seen = new HashSet<>();
        for (StepDeclaration step : steps) {
            if (!seen.add(step.id())) {
                throw new IllegalArgumentException("step id '" + step.id() + "' is declared twice in the bootstrap scripts");
            }
        }
        return List.copyOf(steps);
    }

    /** The declarations in one text alone, ignoring what it sources. */
    public static List<StepDeclaration> parse(String text) {
        List<StepDeclaration> steps = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            Matcher m = DECLARATION.matcher(line);
            if (m.find()) {
                steps.add(new StepDeclaration(m.group(1), m.group(2)));
            }
        }
        return steps;
    }

    private static void collect(String file, Function<String, Optional<String>> scriptText,
                                List<StepDeclaration> into, List<String> sourcing) {
        if (sourcing.contains(file)) {
            throw new IllegalArgumentException("bootstrap script " + file + " sources itself through " + sourcing);
        }
        String text = scriptText.apply(file).orElseThrow(
                () -> new IllegalArgumentException("bootstrap script " + file + " is not among the uploaded scripts"));
        sourcing.add(file);
        for (String line : text.split("\n", -1)) {
            Matcher declaration = DECLARATION.matcher(line);
            if (declaration.find()) {
                into.add(new StepDeclaration(declaration.group(1), declaration.group(2)));
                continue;
            }
            Matcher source = SOURCE.matcher(line);
            if (source.matches() && scriptText.apply(source.group(1)).isPresent()) {
                collect(source.group(1), scriptText, into, sourcing);
            }
        }
        sourcing.remove(sourcing.size() - 1);
    }
}
