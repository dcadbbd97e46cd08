package com.ecsprovisioner.cost;

import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.engine.DeploymentDefaults;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.provider.ProfileTargets;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.security.Role;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The boundary for costs: the price of a deployment before it is made, of a resize before and after, of each server
 * running and stopped, and each profile's monthly total. Every amount is the cloud's own price (package comment).
 */
@Stateless
@RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
public class Costs {

    /**
     * The configuration of every server of a profile that has an instance: its type now (a resize changes it), its
     * system disk and bandwidth as its deployment (the server's first job) made them, in its own region (which may
     * not be the profile's, and prices differ by region).
     */
    private static final String CONFIGURATIONS = "SELECT s.id, s.name, s.status, s.instanceType, j.plan.diskCategory, "
            + "j.plan.diskSizeGiB, j.plan.bandwidthOutMbps, s.regionId FROM Server s, Job j WHERE j.serverId = s.id "
            + "AND j.id = (SELECT MIN(j2.id) FROM Job j2 WHERE j2.serverId = s.id) AND s.profileId = :profile "
            + "AND s.custom = FALSE AND s.instanceId IS NOT NULL AND s.status <> :deleted";

    @PersistenceContext
    EntityManager em;

    @Inject
    Prices prices;

    @Inject
    ProfileTargets targets;

    @Inject
    ProviderProfiles profiles;

    /** The price of a new server with the profile's defaults where the form leaves a choice empty. */
    public PriceQuote deployPrice(long profileId, String instanceType, String diskCategory, Integer diskSizeGiB) {
        return deployPrice(profileId, null, instanceType, diskCategory, diskSizeGiB);
    }

    /** The price of a deployment to {@code regionId} (null: the profile's region), where prices may differ. */
    public PriceQuote deployPrice(long profileId, String regionId, String instanceType, String diskCategory, Integer diskSizeGiB) {
        DeploymentDefaults d = targets.defaultsFor(profileId);
        String type = blank(instanceType) ? d.instanceType() : instanceType.strip();
        if (blank(type)) {
            throw new Rejected("price unavailable: choose an instance type (the profile has no default)");
        }
        // The profile's own region is asked as such, so that the dialog's quote and the commands' share one cached answer.
        String region = blank(regionId) || regionId.strip().equals(d.regionId()) ? null : regionId.strip();
        return prices.quote(profileId, region, query(type, blank(diskCategory) ? d.diskCategory() : diskCategory.strip(),
                diskSizeGiB == null ? d.diskSizeGiB() : diskSizeGiB, d.bandwidthOutMbps()));
    }

    /** A resize's price before and after: the same disk and bandwidth with the new instance type. */
    public record Resize(PriceQuote before, PriceQuote after) {
        public BigDecimal monthlyChange() {
            return after.perMonth().subtract(before.perMonth());
        }
    }

    public Resize resizePrice(long serverId, String newType) {
        if (blank(newType)) {
            throw new Rejected("price unavailable: choose the new instance type");
        }
        Configuration c = configuration(serverId).orElseThrow(() -> new Rejected(
                "price unavailable: this server has no cloud instance to price"));
        return new Resize(prices.quote(c.profileId, c.regionId, query(c.type, c.diskCategory, c.diskGiB, c.bandwidth)),
                prices.quote(c.profileId, c.regionId, query(newType.strip(), c.diskCategory, c.diskGiB, c.bandwidth)));
    }

    /** One server's cost; a price that cannot be read is reported in it, never thrown. */
    public ServerCost serverCost(long serverId) {
        Server server = em.find(Server.class, serverId);
        if (server == null) {
            throw new Rejected("There is no server " + serverId);
        }
        Optional<Configuration> c = configuration(serverId);
        if (c.isEmpty()) {
            return ServerCost.unavailable(serverId, server.getName(), false, server.isCustom()
                    ? "not priced: a custom server is not billed through a profile's cloud account"
                    : "not priced: the server has no cloud instance now");
        }
        Map<String, Boolean> stopModes = stopChargingByType(c.get().profileId);
        return cost(c.get(), stopModes);
    }

    /** How many of a profile's servers have a cloud instance that bills (counted by the database, no price read). */
    public long billedServers(long profileId) {
        return em.createQuery("SELECT COUNT(s) FROM Server s WHERE s.profileId = :profile AND s.custom = FALSE "
                        + "AND s.instanceId IS NOT NULL AND s.status <> :deleted", Long.class)
                .setParameter("profile", profileId).setParameter("deleted", ServerStatus.DELETED).getSingleResult();
    }

    public FleetCost fleet(long profileId) {
        ProviderProfile profile = em.find(ProviderProfile.class, profileId);
        if (profile == null) {
            throw new Rejected("There is no provider profile " + profileId + " (was it deleted?)");
        }
        List<Configuration> servers = configurations(profileId);
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        Map<String, PriceQuote> quoted = new HashMap<>();
        List<String> problems = new ArrayList<>();
        Instant oldest = null;
        long priced = 0;
        for (Configuration c : servers) {
            PriceQuote q = quoted.get(c.key());
            if (q == null && !quoted.containsKey(c.key())) {
                try {
                    q = prices.quote(profileId, c.regionId, query(c.type, c.diskCategory, c.diskGiB, c.bandwidth));
                } catch (PriceUnavailable e) {
                    problems.add(e.getMessage());
                }
                quoted.put(c.key(), q);
            }
            if (q != null) {
                // Stopped servers are counted at what they still bill in the default stop mode: everything.
                totals.merge(q.currency(), q.perMonth(), BigDecimal::add);
                oldest = oldest == null || q.readAt().isBefore(oldest) ? q.readAt() : oldest;
                priced++;
            }
        }
        return new FleetCost(profileId, profile.getName(), totals.entrySet().stream()
                .map(e -> new FleetCost.Total(e.getKey(), e.getValue())).toList(), servers.size(), priced, oldest,
                problems.stream().distinct().toList());
    }

    private ServerCost cost(Configuration c, Map<String, Boolean> stopModes) {
        boolean stopped = c.status == ServerStatus.STOPPED;
        try {
            PriceQuote q = prices.quote(c.profileId, c.regionId, query(c.type, c.diskCategory, c.diskGiB, c.bandwidth));
            return new ServerCost(c.serverId, c.name, stopped, q, stopModes.get(c.type), null);
        } catch (PriceUnavailable e) {
            return ServerCost.unavailable(c.serverId, c.name, stopped, e.getMessage());
        }
    }

    /** Whether each instance type of the region can stop without charge, from the cached catalogue; empty if unreadable. */
    private Map<String, Boolean> stopChargingByType(long profileId) {
        Map<String, Boolean> modes = new HashMap<>();
        try {
            for (CloudTypes.InstanceType t : profiles.instanceTypes(profileId).items()) {
                modes.put(t.id(), t.supportsStopCharging());
            }
        } catch (Rejected e) {
            // Unknown, and shown as unknown: the price itself may still be readable.
        }
        return modes;
    }

    private CloudTypes.PriceQuery query(String type, String diskCategory, int diskGiB, int bandwidth) {
        // The product's servers get their public IP through bandwidth billed by traffic (InstanceApi.runInstance).
        return new CloudTypes.PriceQuery(type, diskCategory, diskGiB, bandwidth, CloudTypes.BandwidthBilling.BY_TRAFFIC);
    }

    record Configuration(long serverId, String name, ServerStatus status, long profileId, String regionId, String type,
                                 String diskCategory, int diskGiB, int bandwidth) {
        String key() {
            return regionId + "|" + type + "|" + diskCategory + "|" + diskGiB + "|" + bandwidth;
        }
    }

    private Optional<Configuration> configuration(long serverId) {
        Server server = em.find(Server.class, serverId);
        if (server == null) {
            return Optional.empty();
        }
        return configurations(server.getProfileId(), serverId).stream().findFirst();
    }

    List<Configuration> configurations(long profileId) {
        return configurations(profileId, null);
    }

    /** All of a profile's servers, or the one given. */
    private List<Configuration> configurations(long profileId, Long serverId) {
        DeploymentDefaults defaults = null;
        List<Configuration> out = new ArrayList<>();
        var query = em.createQuery(CONFIGURATIONS + (serverId == null ? "" : " AND s.id = :server"), Object[].class)
                .setParameter("profile", profileId).setParameter("deleted", ServerStatus.DELETED);
        if (serverId != null) {
            query.setParameter("server", serverId);
        }
        for (Object[] row : query.getResultList()) {
            String category = (String) row[4];
            if (category == null) {
                defaults = defaults == null ? targets.defaultsFor(profileId) : defaults;
                category = defaults.diskCategory();
            }
            out.add(new Configuration((Long) row[0], (String) row[1], (ServerStatus) row[2], profileId, (String) row[7], (String) row[3],
                    category, ((Number) row[5]).intValue(), ((Number) row[6]).intValue()));
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
