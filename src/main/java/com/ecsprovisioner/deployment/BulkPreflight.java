package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.DeploymentTargets;
import com.ecsprovisioner.platform.Rejected;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The pre-flight check of one or several servers deployed at once: their names from the pattern, then one check of
 * the request for all of them (the quotas counted for every server). A pattern that yields no names is reported as
 * the name's finding, with the other findings still checked, so that the form shows everything to change at once.
 */
final class BulkPreflight {

    private BulkPreflight() {
    }

    /** The names to deploy (none when the pattern was refused) and the check; its plan is the first name's. */
    record Named(List<String> names, DeployRequestCheck.Checked checked) {
    }

    static Named check(DeployRequest request, int quantity, Predicate<String> taken, DeploymentTargets targets) {
        List<String> names;
        String nameReason = null;
        try {
            names = NamePattern.names(request.name(), quantity, taken);
        } catch (Rejected e) {
            names = List.of();
            nameReason = e.getMessage();
        }
        DeployRequest first = names.isEmpty() ? request : request.named(names.get(0));
        String region = request.regionOrNull();
        DeployRequestCheck.Checked checked = DeployRequestCheck.preflight(first, targets.defaultsFor(request.profileId()).inRegion(region),
                targets.cloudFor(request.profileId(), region), quantity);
        if (nameReason != null) {
            // The pattern's own reason says more than the check of "shop-{n}" as a single name would.
            List<Preflight.Finding> findings = new ArrayList<>(List.of(new Preflight.Finding(Preflight.Field.NAME, nameReason)));
            checked.preflight().findings().stream().filter(f -> f.field() != Preflight.Field.NAME).forEach(findings::add);
            checked = new DeployRequestCheck.Checked(null, new Preflight(findings), checked.cloudFailure());
        }
        return new Named(names, checked);
    }
}
