package com.ecsprovisioner.console;

import com.ecsprovisioner.backup.Backups;
import com.ecsprovisioner.provider.RegionCatalog;
import jakarta.faces.model.SelectItem;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The "Restore to a new server" dialog of a server's page: the snapshot chosen in the list, the new server's name
 * and its instance type, picked among the types on sale in the source's region as the deploy dialog reads them (the
 * catalogue cache), the source's first. The restore job's page opens once it is asked for; a refusal shows in the
 * dialog with what was typed kept.
 */
@Named
@ViewScoped
public class RestoreDialog implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Backups backups;

    @Inject
    transient RegionCatalog catalog;

    @Inject
    ServerPage page;

    private DeployChoices choices = DeployChoices.none();

    private String snapshotId;
    private String name;
    private String instanceType;

    /** Opens the dialog for {@code snapshot}, with a free name suggestion and the source's type. */
    public void open(String snapshot) {
        snapshotId = snapshot;
        name = page.getServer().getName() + "-restored";
        instanceType = page.getServer().getInstanceType();
        // Any zone of the region: the new server's zone is chosen by the profile's zone policy, as for any deployment.
        choices = DeployChoices.types(catalog, page.getServer().getProfileId(), page.getServer().getRegionId());
    }

    /** The types on sale in the source's region; the chosen one stays, marked, when it is not (any more). */
    public List<SelectItem> getTypes() {
        return DeployChoices.withCurrent(choices.types(), instanceType, " (not on sale now)");
    }

    /** Why the types could not be read, or null. */
    public String getTypesFailure() {
        return choices.failure();
    }

    public void restore() {
        Refusals.run(() -> {
            long jobId = backups.restoreToNewServer(page.getId(), snapshotId, name, instanceType);
            try {
                FacesContext.getCurrentInstance().getExternalContext().redirect("job.xhtml?id=" + jobId);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public String getSnapshotId() { return snapshotId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getInstanceType() { return instanceType; }
    public void setInstanceType(String instanceType) { this.instanceType = instanceType; }
}
