package com.ecsprovisioner.engine;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The zone a job's server is placed in, and the zones the job found unable to take it (out of stock, not on sale),
 * so that it does not choose them again. Same columns as before it was split out of {@link Job}.
 */
@Embeddable
public class JobZone {

    @Column(name = "zone_id", length = 32)
    private String zoneId;

    @Column(name = "excluded_zones", length = 1000)
    private String excludedZones;

    public String zoneId() {
        return zoneId;
    }

    void place(String zone) {
        this.zoneId = Objects.requireNonNull(zone);
    }

    /** The current zone cannot take the server: remembered, and the job has no zone until it chooses another. */
    public void leave() {
        Set<String> excluded = new LinkedHashSet<>(excluded());
        excluded.add(zoneId);
        excludedZones = String.join(",", excluded);
        zoneId = null;
    }

    public List<String> excluded() {
        return excludedZones == null || excludedZones.isBlank() ? List.of() : Arrays.asList(excludedZones.split(","));
    }
}
