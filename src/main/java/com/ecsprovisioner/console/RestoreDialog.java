package com.ecsprovisioner.console;

import com.ecsprovisioner.backup.Backups;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * The "Restore to a new server" dialog of a server's page: the snapshot chosen in the list, the new server's name
 * and its instance type (the source's unless changed). The restore job's page opens once it is asked for; a refusal
 * shows in the dialog with what was typed kept.
 */
@Named
@ViewScoped
public class RestoreDialog implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Backups backups;

    @Inject
    ServerPage page;

    private String snapshotId;
    private String name;
    private String instanceType;

    /** Opens the dialog for {@code snapshot}, with a free name suggestion and the source's type. */
    public void open(String snapshot) {
        snapshotId = snapshot;
        name = page.getServer().getName() + "-restored";
        instanceType = page.getServer().getInstanceType();
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
