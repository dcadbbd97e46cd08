package com.ecsprovisioner.console;

import com.ecsprovisioner.backup.BackupViews.ProfilePolicy;
import com.ecsprovisioner.backup.Backups;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;

/**
 * The backup policy section of a provider profile's page: on or off, days, hours, how many to keep, and the time zone
 * all the profile's schedules are read in. Saved on its own, apart from the profile's form (it needs no secret).
 */
@Named
@ViewScoped
public class ProfileBackupForm implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Backups backups;

    @Inject
    ProviderEditPage page;

    private boolean loaded;
    private boolean on;
    private String days = "daily";
    private String hours = "3";
    private int keep = 7;
    private String zone = "UTC";
    private String current = "";

    private void load() {
        if (!loaded && page.getId() != null) {
            show(backups.profilePolicy(page.getId()));
            loaded = true;
        }
    }

    private void show(ProfilePolicy p) {
        on = p.isOn();
        zone = p.timeZone();
        current = p.describe();
        p.schedule().ifPresent(s -> {
            days = s.daysText();
            hours = s.hoursText();
            keep = s.keep();
        });
    }

    public void save() {
        Refusals.run(() -> {
            show(backups.setProfilePolicy(page.getId(), on, days, hours, keep, zone));
            Messages.info("Backup policy saved: " + current);
        });
    }

    public String getCurrent() { load(); return current; }
    public boolean isOn() { load(); return on; }
    public void setOn(boolean on) { this.on = on; }
    public String getDays() { load(); return days; }
    public void setDays(String days) { this.days = days; }
    public String getHours() { load(); return hours; }
    public void setHours(String hours) { this.hours = hours; }
    public int getKeep() { load(); return keep; }
    public void setKeep(int keep) { this.keep = keep; }
    public String getZone() { load(); return zone; }
    public void setZone(String zone) { this.zone = zone; }
}
