package com.ecsprovisioner.console;

import com.ecsprovisioner.platform.DataFolder;
import com.ecsprovisioner.platform.SystemStatus;
import com.ecsprovisioner.security.MasterKey;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/** The dashboard: what works, what needs attention, and what to do next. */
@Named
@RequestScoped
public class DashboardPage {

    @Inject
    SystemStatus status;

    @Inject
    MasterKey masterKey;

    @Inject
    DataFolder dataFolder;

    private List<SystemStatus.Component> components;

    public List<SystemStatus.Component> getComponents() {
        if (components == null) {
            components = List.of(status.database(), status.broker());
        }
        return components;
    }

    public boolean isMasterKeyGenerated() {
        return masterKey.isGenerated();
    }

    public String getMasterKeyFile() {
        return dataFolder.resolve("master.key").toString();
    }
}
