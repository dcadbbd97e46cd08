package com.ecsprovisioner.console;

import com.ecsprovisioner.backup.BackupViews.Attention;
import com.ecsprovisioner.backup.Backups;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/** The dashboard's backups panel: servers whose last backup failed, or with none within their policy's period. */
@Named
@RequestScoped
public class BackupAttention {

    @Inject
    Backups backups;

    private List<Attention> servers;

    public List<Attention> getServers() {
        if (servers == null) {
            servers = backups.attention();
        }
        return servers;
    }
}
