package com.ecsprovisioner.deployment;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the pre-flight check found wrong with a deploy request, each reason tied to the field a person would change
 * (so that the form shows it next to that field). No finding means the request may start; the check reads only.
 */
public record Preflight(List<Finding> findings) implements Serializable {

    /** The part of the deploy form a reason belongs to. */
    public enum Field { NAME, PROFILE, ZONE, INSTANCE_TYPE, IMAGE, DISK, PHP, KEY_PAIR, QUOTA, PERMISSIONS }

    public record Finding(Field field, String reason) implements Serializable {
    }

    public Preflight {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return findings.isEmpty();
    }

    public List<String> reasonsFor(Field field) {
        return findings.stream().filter(f -> f.field() == field).map(Finding::reason).toList();
    }

    /** Every reason in one sentence per finding, for a refusal that has no form to show them next to. */
    public String summary() {
        return findings.stream().map(Finding::reason).collect(Collectors.joining("; "));
    }
}
