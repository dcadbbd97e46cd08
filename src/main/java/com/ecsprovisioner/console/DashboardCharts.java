package com.ecsprovisioner.console;

import com.ecsprovisioner.cloud.CloudTypes.QuotaKind;
import com.ecsprovisioner.deployment.FleetOverview;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.provider.QuotaReading;
import com.ecsprovisioner.server.FleetHistory;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard's pictures, as Chart.js configurations for PrimeFaces' {@code p:chart}: the fleet's status over the
 * last two weeks, the servers of each region by status, and one gauge per region for its VPC quota; with the recent
 * activity and the failures waiting for a person beside them. The numbers come from {@link FleetOverview} and the
 * quotas the dashboard already reads; this bean only draws them.
 */
@Named
@RequestScoped
public class DashboardCharts {

    static final int DAYS = 14;

    /** The statuses a person tells apart at a glance; the rest are "changing" (stopping, rebooting...). */
    private record Group(String label, String colour, Set<ServerStatus> statuses) {
    }

    private static final List<Group> GROUPS = List.of(
            new Group("Active", "#2e7d32", Set.of(ServerStatus.ACTIVE)),
            new Group("On the way", "#ff6a00", Set.of(ServerStatus.REQUESTED, ServerStatus.PROVISIONING, ServerStatus.BOOTSTRAPPING)),
            new Group("Stopped", "#616e7c", Set.of(ServerStatus.STOPPED)),
            new Group("Changing", "#9aa5b1", Set.of(ServerStatus.STOPPING, ServerStatus.STARTING, ServerStatus.REBOOTING,
                    ServerStatus.RESIZING, ServerStatus.DELETING)),
            new Group("Failed or unreachable", "#c62828", Set.of(ServerStatus.FAILED, ServerStatus.UNREACHABLE)));

    @Inject
    FleetOverview fleet;

    @Inject
    DashboardPage dashboard;

    /** The chart's days are the viewer's days, not the server's. */
    @Inject
    ViewerZone viewerZone;

    /** One region's VPC quota as a half-doughnut gauge. */
    public record Gauge(String region, String profile, String text, String chart) {
    }

    public String getStatusOverTime() {
        List<FleetHistory.Day> days = fleet.daily(DAYS, viewerZone.zone());
        JsonArrayBuilder labels = Json.createArrayBuilder();
        days.forEach(d -> labels.add(d.date().toString().substring(5)));
        JsonArrayBuilder sets = Json.createArrayBuilder();
        for (Group g : GROUPS) {
            JsonArrayBuilder data = Json.createArrayBuilder();
            days.forEach(d -> data.add(g.statuses().stream().mapToInt(d::count).sum()));
            sets.add(Json.createObjectBuilder().add("label", g.label()).add("data", data).add("borderColor", g.colour())
                    .add("backgroundColor", g.colour()).add("fill", false).add("tension", 0.2));
        }
        return chart("line", labels, sets, true, false);
    }

    /** The fleet by region, read once per request: the panel's rendered test and its chart both need it. */
    private Map<String, Map<ServerStatus, Long>> regions;

    private Map<String, Map<ServerStatus, Long>> regions() {
        if (regions == null) {
            regions = fleet.byRegion();
        }
        return regions;
    }

    public String getByRegion() {
        Map<String, Map<ServerStatus, Long>> regions = regions();
        JsonArrayBuilder labels = Json.createArrayBuilder();
        regions.keySet().forEach(labels::add);
        JsonArrayBuilder sets = Json.createArrayBuilder();
        for (Group g : GROUPS) {
            JsonArrayBuilder data = Json.createArrayBuilder();
            regions.values().forEach(counts -> data.add(g.statuses().stream().mapToLong(s -> counts.getOrDefault(s, 0L)).sum()));
            sets.add(Json.createObjectBuilder().add("label", g.label()).add("data", data).add("backgroundColor", g.colour()));
        }
        return chart("bar", labels, sets, true, true);
    }

    public boolean isAnyRegion() {
        return !regions().isEmpty();
    }

    /** The VPC quota of each region whose numbers could be read (an assumed limit says so in its text). */
    public List<Gauge> getVpcGauges() {
        List<Gauge> out = new ArrayList<>();
        for (DashboardPage.QuotaUse use : dashboard.getQuotas()) {
            use.readings().stream().filter(r -> r.kind() == QuotaKind.VPCS_PER_REGION && r.hasNumbers()).findFirst()
                    .ifPresent(r -> out.add(new Gauge(use.region(), use.profile(), gaugeText(r), gauge(r))));
        }
        return out;
    }

    @Inject
    com.ecsprovisioner.deployment.Deployments deployments;

    /** The latest jobs of any kind, newest first: what happened lately. */
    public List<Job> getRecent() {
        return deployments.recentJobs(8);
    }

    public List<Job> getFailures() {
        return fleet.failuresNeedingAttention(8);
    }

    private static String gaugeText(QuotaReading r) {
        return r.used() + " of " + r.limit() + " VPCs used" + (r.assumed() ? " (limit assumed)" : "");
    }

    private static String gauge(QuotaReading r) {
        String used = r.isLow() ? "#c62828" : "#ff6a00";
        JsonObjectBuilder data = Json.createObjectBuilder()
                .add("labels", Json.createArrayBuilder().add("Used").add("Free"))
                .add("datasets", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("data", Json.createArrayBuilder().add(r.used()).add(r.remaining()))
                        .add("backgroundColor", Json.createArrayBuilder().add(used).add("#e4e7eb"))));
        JsonObjectBuilder options = Json.createObjectBuilder().add("rotation", -90).add("circumference", 180)
                .add("maintainAspectRatio", false).add("animation", false)
                .add("plugins", Json.createObjectBuilder().add("legend", Json.createObjectBuilder().add("display", false)));
        return Json.createObjectBuilder().add("type", "doughnut").add("data", data).add("options", options).build().toString();
    }

    private static String chart(String type, JsonArrayBuilder labels, JsonArrayBuilder sets, boolean integers, boolean stacked) {
        JsonObjectBuilder y = Json.createObjectBuilder().add("beginAtZero", true).add("stacked", stacked);
        if (integers) {
            y.add("ticks", Json.createObjectBuilder().add("precision", 0));
        }
        // Drawn at once: a page refreshed or captured mid-animation would show numbers that are not the fleet's.
        JsonObjectBuilder options = Json.createObjectBuilder().add("maintainAspectRatio", false).add("animation", false)
                .add("scales", Json.createObjectBuilder().add("x", Json.createObjectBuilder().add("stacked", stacked)).add("y", y))
                .add("plugins", Json.createObjectBuilder().add("legend", Json.createObjectBuilder().add("position", "bottom")));
        return Json.createObjectBuilder().add("type", type)
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", sets))
                .add("options", options).build().toString();
    }
}
