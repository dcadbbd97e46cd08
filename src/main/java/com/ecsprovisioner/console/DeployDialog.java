package com.ecsprovisioner.console;

import com.ecsprovisioner.bootstrap.PhpVersions;
import com.ecsprovisioner.cost.Costs;
import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.deployment.NamePattern;
import com.ecsprovisioner.deployment.Preflight;
import com.ecsprovisioner.deployment.PreflightRefused;
import com.ecsprovisioner.deployment.ResourceChain;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.provider.RegionCatalog;
import com.ecsprovisioner.security.Role;
import com.ecsprovisioner.server.Server;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBException;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The deploy dialog of the Servers page: pickers fed by the profile's catalogue ({@link DeployChoices}), the
 * profile's defaults chosen at first (the PHP version: the profile's bootstrap setting), one server or several by a name pattern, and the pre-flight check's reasons
 * shown next to the fields they are about. The region is the profile's at first; another region of the account
 * reads that region's catalogue, and says whether the profile's key pair is there (with a way to import it). The rules are the deployment's ({@code Deployments.preflight}); this bean
 * only carries the form. Opened as {@code servers.xhtml?like=<server id>} it starts from that server's settings.
 */
@Named
@ViewScoped
public class DeployDialog implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Deployments deployments;

    @Inject
    transient ProviderProfiles profiles;

    @Inject
    transient Costs costs;

    @Inject
    transient RegionCatalog catalog;

    private String name;
    private int quantity = 1;
    private Long profileId;
    private String regionId;
    private ZonePolicy zonePolicy;
    private NetworkPolicy networkPolicy;
    private String zoneId;
    private String instanceType;
    private String imageId;
    private String diskCategory;
    private Integer diskSizeGiB;
    private String phpVersion;
    private String price;
    private Preflight preflight;
    private String likeName;
    private DeployChoices choices = DeployChoices.none();
    private boolean read;

    @PostConstruct
    void init() {
        // Only admins have the dialog: a viewer's ?like= (a shared link) reads nothing from the catalogue or profiles.
        if (!FacesContext.getCurrentInstance().getExternalContext().isUserInRole(Role.ADMIN_NAME)) {
            return;
        }
        String like = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("like");
        if (like != null && like.matches("[0-9]{1,18}")) {
            Refusals.run(() -> startLike(deployments.server(Long.parseLong(like))));
        }
        if (profileId == null) {
            // A profile whose last connection test failed is offered, never chosen for the person.
            profileId = ProviderProfile.firstNotFailed(profiles.list()).map(ProviderProfile::getId).orElse(null);
            fillProfileDefaults();
        }
    }

    /** When the dialog opens: the pickers are read then, not with every view of the Servers page. */
    public void open() {
        if (!read) {
            readChoices();
        }
    }

    private void startLike(Server server) {
        if (server.isCustom() || profiles.find(server.getProfileId()).isEmpty()) {
            return;
        }
        likeName = server.getName();
        profileId = server.getProfileId();
        fillProfileDefaults();
        regionId = server.getRegionId();
        name = NamePattern.like(server.getName());
        zoneId = server.getZoneId();
        instanceType = server.getInstanceType();
        imageId = server.getImageId();
        if (server.getPhpVersion() != null) {
            phpVersion = server.getPhpVersion();
        }
        readChoices();
    }

    /** The profile changed: its defaults fill every field again, and the pickers offer what its account offers. */
    public void useProfileDefaults() {
        fillProfileDefaults();
        readChoices();
    }

    private void fillProfileDefaults() {
        ProviderProfile profile = profile();
        preflight = null;
        regionId = profile == null ? null : profile.getRegionId();
        zoneId = null;
        zonePolicy = null;
        networkPolicy = null;
        instanceType = profile == null ? null : profile.getInstanceType();
        imageId = profile == null ? null : profile.getImageId();
        diskCategory = profile == null ? null : profile.getSystemDiskCategory();
        diskSizeGiB = profile == null ? null : profile.getSystemDiskGiB();
        phpVersion = profile == null ? PhpVersions.DEFAULT : profile.getBootstrap().effectivePhpVersion();
    }

    /**
     * The region changed: its zones, instance types, images, prices and key pair are another region's, and the last
     * pre-flight check was about the region before. The profile's defaults stay chosen; one the region lacks shows
     * marked, for the check to explain.
     */
    public void changeRegion() {
        zoneId = null;
        preflight = null;
        readChoices();
    }

    /** Puts the profile's public key into the chosen region under the profile's key pair name. */
    public void importKeyPair() {
        Refusals.run(() -> {
            catalog.importKeyPair(profileId, regionId);
            // The last check's "no key pair there" is answered now; the next check says what is left.
            preflight = null;
            readChoices();
            Messages.info("Key pair " + profile().getKeyPairName() + " imported into " + regionId
                    + " with the profile's key: servers there log in with the profile's private key.");
        });
    }

    /** The zone changed: the instance types on sale there, and the disk categories of the chosen type. */
    public void readChoices() {
        choices = profileId == null ? DeployChoices.none() : DeployChoices.read(profiles, catalog, profileId, regionId, zoneId);
        read = true;
        List<String> disks = getDiskCategories();
        if (!disks.isEmpty() && !disks.contains(diskCategory)) {
            diskCategory = disks.get(0);
        }
        updatePrice();
    }

    public void updatePrice() {
        Long profile = profileId;
        price = profile == null ? null
                : CostText.quote(() -> costs.deployPrice(profile, regionId, instanceType, diskCategory, diskSizeGiB));
    }

    /** Runs the pre-flight check alone: nothing is created. */
    public void check() {
        Refusals.run(() -> {
            preflight = deployments.preflight(request(), quantity);
            if (preflight.passed()) {
                Messages.info("Pre-flight check passed: permissions, quotas, stock in the zone, image and key pair are in order for "
                        + (quantity == 1 ? "this server." : quantity + " servers."));
            }
        });
    }

    /** Checks, then queues the deployments; one opens its job, several are listed on the page. */
    public void deploy() {
        try {
            List<Deployments.Deployment> started = deployments.deployMany(request(), quantity);
            preflight = null;
            if (started.size() == 1) {
                FacesContext.getCurrentInstance().getExternalContext().redirect("job.xhtml?id=" + started.get(0).jobId());
                return;
            }
            Messages.info(started.size() + " deployments queued: " + started.stream()
                    .map(d -> deployments.server(d.serverId()).getName()).collect(Collectors.joining(", ")) + ".");
            FacesContext.getCurrentInstance().getPartialViewContext().getEvalScripts().add("PF('deploy').hide()");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PreflightRefused e) {
            refused(e);
        } catch (EJBException e) {
            if (e.getCause() instanceof PreflightRefused refused) {
                refused(refused);
            } else {
                Refusals.run(() -> { throw e; });
            }
        } catch (RuntimeException e) {
            Refusals.run(() -> { throw e; });
        }
    }

    private void refused(PreflightRefused e) {
        preflight = e.preflight();
        FacesContext.getCurrentInstance().validationFailed();
    }

    /** The profile's own PHP version is sent as none, so that the server follows the profile's setting as it changes
     * (and its page does not say it was chosen); only a version picked apart from it is kept on the server. */
    private DeployRequest request() {
        return new DeployRequest(name, profileId == null ? 0 : profileId, blankToNull(regionId), blankToNull(zoneId), zonePolicy, networkPolicy,
                blankToNull(instanceType), blankToNull(imageId), blankToNull(diskCategory), diskSizeGiB,
                isDefault("php") ? null : blankToNull(phpVersion));
    }

    /** The pre-flight check's reasons about one field ({@code Preflight.Field} by name), for the line under it. */
    public List<String> reasons(String field) {
        List<String> found = preflight == null ? List.of() : preflight.reasonsFor(Preflight.Field.valueOf(field));
        if (field.equals("PROFILE") && choices.failure() != null) {
            return java.util.stream.Stream.concat(found.stream(), java.util.stream.Stream.of(choices.failure())).toList();
        }
        return found;
    }

    /** What the deployment creates, as the network policy chosen (or the profile's) and the quantity decide. */
    public List<ResourceChain.Link> getChain() {
        ProviderProfile p = profile();
        NetworkPolicy policy = networkPolicy != null ? networkPolicy : p == null ? NetworkPolicy.PER_SERVER : p.getNetworkPolicy();
        return ResourceChain.forDeployment(policy, Math.max(1, quantity));
    }

    public List<ProviderProfile> getProfiles() {
        return profiles.list();
    }

    /** "Hangzhou shop (cn-hangzhou)", and why a profile is not a good choice when its last test failed. */
    public String profileLabel(ProviderProfile p) {
        return p.getName() + " (" + p.getRegionId() + ")"
                + (Boolean.FALSE.equals(p.getLastCheckOk()) ? " — last connection test failed" : "");
    }

    public ProviderProfile profile() {
        return profileId == null ? null : profiles.find(profileId).orElse(null);
    }

    public List<SelectItem> getRegions() { return DeployChoices.withCurrent(choices.regions(), regionId, ""); }
    public List<SelectItem> getZones() { return choices.zones(); }

    /** What the chosen region holds of the profile's key pair, said before the pre-flight check has to. */
    public String getKeyPairNote() {
        ProviderProfile p = profile();
        return p == null ? null : choices.keyPairNote(p.getKeyPairName(), regionId);
    }

    public boolean isKeyPairMissing() {
        return choices.keyPair() == RegionCatalog.KeyPairState.MISSING;
    }
    public List<SelectItem> getTypes() { return DeployChoices.withCurrent(choices.types(), instanceType, " (not on sale now)"); }
    public List<SelectItem> getImages() { return DeployChoices.withCurrent(choices.images(), imageId, " (not found in the region)"); }

    /** The PHP versions the chosen image's OS offers; a chosen one it does not stays, marked, for the check to explain. */
    public List<SelectItem> getPhpVersions() {
        return DeployChoices.withCurrent(DeployChoices.phpVersions(blankToNull(imageId)), phpVersion, " (not offered by this image's OS)");
    }

    public List<String> getDiskCategories() {
        ProviderProfile profile = profile();
        return choices.diskCategories(instanceType, profile == null ? null : profile.getSystemDiskCategory());
    }

    /** True when the instance type, image or disk is the profile's default, for the "(profile default)" hint. */
    public boolean isDefault(String field) {
        ProviderProfile p = profile();
        return p != null && switch (field) {
            case "type" -> Objects.equals(instanceType, p.getInstanceType());
            case "image" -> Objects.equals(imageId, p.getImageId());
            case "disk" -> Objects.equals(diskCategory, p.getSystemDiskCategory()) && Objects.equals(diskSizeGiB, p.getSystemDiskGiB());
            case "php" -> Objects.equals(phpVersion, p.getBootstrap().effectivePhpVersion());
            default -> false;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public String getLikeName() { return likeName; }
    public String getPrice() { return price; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public int getQuantity() { return quantity; }
    public void setQuantity(int quantity) { this.quantity = quantity; }
    public String getRegionId() { return regionId; }
    public void setRegionId(String regionId) { this.regionId = regionId; }
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
    public String getDiskCategory() { return diskCategory; }
    public void setDiskCategory(String diskCategory) { this.diskCategory = diskCategory; }
    public Integer getDiskSizeGiB() { return diskSizeGiB; }
    public String getPhpVersion() { return phpVersion; }
    public void setPhpVersion(String phpVersion) { this.phpVersion = phpVersion; }
    public void setDiskSizeGiB(Integer diskSizeGiB) { this.diskSizeGiB = diskSizeGiB; }
}
