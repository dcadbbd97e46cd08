package com.ecsprovisioner.deployment;

import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The names of several servers deployed at once: a pattern such as {@code shop-{n}} numbered from 1, skipping
 * numbers whose name is taken already (so that deploying "shop-{n}" again adds shop-3 after shop-1 and shop-2).
 * One server may be named outright, without {@code {n}}.
 */
public final class NamePattern {

    /** Where the number goes. */
    public static final String NUMBER = "{n}";

    /** As many as a person deploys at once from the console; more is a job for the automation interface. */
    public static final int MAX_QUANTITY = 10;

    /** Numbers tried before giving up: a pattern with a thousand servers taken is better given a new prefix. */
    static final int MAX_NUMBER = 999;

    private NamePattern() {
    }

    /**
     * The names to deploy, in order; refuses a quantity out of range, several servers without {@code {n}}, a
     * name that cannot be a server's, and a name given outright that a server has already.
     */
    public static List<String> names(String pattern, int quantity, Predicate<String> taken) {
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new Rejected("Deploy 1 to " + MAX_QUANTITY + " servers at once, not " + quantity);
        }
        String trimmed = pattern == null ? "" : pattern.strip();
        if (!trimmed.contains(NUMBER)) {
            if (quantity > 1) {
                throw new Rejected("To deploy " + quantity + " servers, put " + NUMBER + " in the name where each one's "
                        + "number goes, e.g. " + (trimmed.isEmpty() ? "shop" : trimmed) + "-" + NUMBER);
            }
            String name = Server.requireValidName(trimmed);
            if (taken.test(name)) {
                throw new Rejected("A server named " + name + " exists already: choose another name");
            }
            return List.of(name);
        }
        Server.requireValidName(trimmed.replace(NUMBER, String.valueOf(MAX_NUMBER)));
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= MAX_NUMBER && names.size() < quantity; n++) {
            String name = trimmed.replace(NUMBER, String.valueOf(n));
            if (!taken.test(name)) {
                names.add(Server.requireValidName(name));
            }
        }
        if (names.size() < quantity) {
            throw new Rejected("Only " + names.size() + " names of the pattern " + trimmed + " are free: choose another pattern");
        }
        return names;
    }

    /**
     * The pattern that numbers servers like this one: "shop-1" becomes "shop-{n}" (its siblings), any other name gets
     * "-{n}" added ("blog" becomes "blog-{n}"), so that "deploy another like this" never proposes a taken name.
     */
    public static String like(String name) {
        String trimmed = name == null ? "" : name.strip();
        return trimmed.matches(".*-[0-9]+") ? trimmed.replaceAll("[0-9]+$", NUMBER) : trimmed + "-" + NUMBER;
    }
}
