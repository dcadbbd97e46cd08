package com.ecsprovisioner.console;

import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.provisioning.DeployRequest;
import com.ecsprovisioner.provisioning.Deployments;
import com.ecsprovisioner.provisioning.NetworkPolicy;
import com.ecsprovisioner.provisioning.ZonePolicy;
import com.ecsprovisioner.server.Server;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The server list, refreshed live, and the deploy form. */
@Named
@ViewScoped
public class ServersPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Deployments deployments;

    @Inject
    transient ProviderProfiles profiles;

    private String name;
    private Long profileId;
    private ZonePolicy zonePolicy;
    private NetworkPolicy networkPolicy;
    private String zoneId;
    private String instanceType;
    private String imageId;
    private Integer diskSizeGiB;

    public List<Server> getServers() {
        return deployments.servers();
    }

    public List<ProviderProfile> getProfiles() {
        return profiles.list();
    }

    public Map<Long, String> getProfileNames() {
        return profiles.list().stream().collect(Collectors.toMap(ProviderProfile::getId, ProviderProfile::getName));
    }

    public String profileName(long id) {
        if (id == 0) {
            return "none (custom server with its own key)";
        }
        return getProfileNames().getOrDefault(id, "(deleted profile " + id + ")");
    }

    public ZonePolicy[] getZonePolicies() {
        return ZonePolicy.values();
    }

    public NetworkPolicy[] getNetworkPolicies() {
        return NetworkPolicy.values();
    }

    /** After an operator checked that the server was legitimately rebuilt; its failed job can then be retried. */
    public void acceptNewHostKey(Server server) {
        Refusals.run(() -> {
            deployments.acceptNewHostKey(server.getId());
            Messages.info("Host key of " + server.getName() + " forgotten: retry its job, the next connection pins the key the server shows.");
        });
    }

    /** Validates and queues the deployment, then opens its job so that the operator can watch it. */
    public void deploy() {
        Refusals.run(() -> {
            Deployments.Deployment deployment = deployments.deploy(new DeployRequest(name, profileId == null ? 0 : profileId,
                    blankToNull(zoneId), zonePolicy, networkPolicy, blankToNull(instanceType), blankToNull(imageId), null, diskSizeGiB));
            try {
                FacesContext.getCurrentInstance().getExternalContext().redirect("job.xhtml?id=" + deployment.jobId());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Long getProfileId() { return profileId; }
    public void setProfileId(Long profileId) { this.profileId = profileId; }
    public ZonePolicy getZonePolicy() { return zonePolicy; }
    public void setZonePolicy(ZonePolicy zonePolicy) { this.zonePolicy = zonePolicy; }
    public NetworkPolicy getNetworkPolicy() { return networkPolicy; }
    public void setNetworkPolicy(NetworkPolicy networkPolicy) { this.networkPolicy = networkPolicy; }
    public String getZoneId() { return zoneId; }
    public void setZoneId(String zoneId) { this.zoneId = zoneId; }
    public String getInstanceType() { return instanceType; }
    public void setInstanceType(String instanceType) { this.instanceType = instanceType; }
    public String getImageId() { return imageId; }
    public void setImageId(String imageId) { this.imageId = imageId; }
    public Integer getDiskSizeGiB() { return diskSizeGiB; }
    public void setDiskSizeGiB(Integer diskSizeGiB) { this.diskSizeGiB = diskSizeGiB; }
}
