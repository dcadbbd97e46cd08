package com.ecsprovisioner.console;

import com.ecsprovisioner.backup.BackupMode;
import com.ecsprovisioner.backup.BackupViews.ServerBackups;
import com.ecsprovisioner.backup.BackupViews.SnapshotRow;
import com.ecsprovisioner.backup.Backups;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The backups panel of a server's page: the policy in force and how the last backup went (flagged when it failed
 * or none succeeded within the policy's period), the server's exception (its profile's policy, its own, or none),
 * "Back up now", the snapshots of its disk with their age and size (read from the cloud when the page opens and
 * on "Read again", not on the page's poll), each with "Roll disk back".
 */
@Named
@ViewScoped
public class BackupPanel implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Backups backups;

    @Inject
    ServerPage page;

    private transient ServerBackups view;
    private transient List<SnapshotRow> snapshots;
    private String snapshotsError;
    private BackupMode mode;
    private String days = "daily";
    private String hours = "3";
    private int keep = 7;

    public ServerBackups getView() {
        if (view == null && page.getId() != null) {
            view = backups.ofServer(page.getId());
            if (mode == null) {
                mode = view.mode();
                view.own().ifPresent(s -> {
                    days = s.daysText();
                    hours = s.hoursText();
                    keep = s.keep();
                });
            }
        }
        return view;
    }

    public List<SnapshotRow> getSnapshots() {
        if (snapshots == null && snapshotsError == null && page.getId() != null) {
            try {
                snapshots = backups.snapshots(page.getId());
            } catch (RuntimeException e) {
                snapshotsError = Refusals.messageFor(e).getSummary();
            }
        }
        return snapshots;
    }

    public String getSnapshotsError() {
        return snapshotsError;
    }

    public void reload() {
        view = null;
        snapshots = null;
        snapshotsError = null;
    }

    public void save() {
        Refusals.run(() -> {
            view = backups.setServerPolicy(page.getId(), mode, days, hours, keep);
            Messages.info("Backups of " + page.getServer().getName() + ": " + view.inForce());
        });
    }

    public void backupNow() {
        act(() -> backups.backupNow(page.getId()));
    }

    /** Rolls the disk back to {@code snapshotId} (the page asked the person to confirm the loss first). */
    public void restoreDisk(String snapshotId) {
        act(() -> backups.restoreDisk(page.getId(), snapshotId));
    }

    private void act(LongSupplier action) {
        Refusals.run(() -> {
            long jobId = action.getAsLong();
            try {
                FacesContext.getCurrentInstance().getExternalContext().redirect("job.xhtml?id=" + jobId);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public BackupMode[] getModes() {
        return BackupMode.values();
    }

    public BackupMode getMode() { return mode; }
    public void setMode(BackupMode mode) { this.mode = mode; }
    public String getDays() { return days; }
    public void setDays(String days) { this.days = days; }
    public String getHours() { return hours; }
    public void setHours(String hours) { this.hours = hours; }
    public int getKeep() { return keep; }
    public void setKeep(int keep) { this.keep = keep; }
}
