package com.ecsprovisioner.console;

import com.ecsprovisioner.customservers.CustomServerRequest;
import com.ecsprovisioner.customservers.CustomServers;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Custom (bring-your-own) servers: the register form (key pasted, or a profile's key), its "test SSH" button, and
 * the list with each server's status and its "Bootstrap" action, which opens the new job's page. The pasted key
 * and passphrase live in this view only until the form is sent; they are never rendered back.
 */
@Named
@ViewScoped
public class CustomServersPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient CustomServers customServers;

    @Inject
    transient ProviderProfiles profiles;

    private String name;
    private String address;
    private int sshPort = 22;
    private String user = "root";
    private String privateKey;
    private String passphrase;
    private Long keyProfileId;
    private String regionId;
    private BootstrapSettingsForm bootstrap = new BootstrapSettingsForm();
    private CustomServers.SshCheck check;

    public List<CustomServers.Listed> getServers() {
        return customServers.list();
    }

    public List<ProviderProfile> getProfiles() {
        return profiles.list();
    }

    public void testSsh() {
        Refusals.run(() -> check = customServers.testSsh(request()));
    }

    public void register() {
        Refusals.run(() -> {
            customServers.register(request());
            Messages.info("Custom server " + name + " registered: run its bootstrap from the list.");
            privateKey = null;
            passphrase = null;
            check = null;
            name = null;
            address = null;
            bootstrap = new BootstrapSettingsForm();
        });
    }

    /** Starts the bootstrap and opens its job, where the scripts' output appears as it runs. */
    public void bootstrap(CustomServers.Listed listed) {
        Refusals.run(() -> {
            long jobId = customServers.bootstrap(listed.server().getId());
            try {
                FacesContext.getCurrentInstance().getExternalContext().redirect("job.xhtml?id=" + jobId);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public void delete(CustomServers.Listed listed) {
        Refusals.run(() -> {
            customServers.delete(listed.server().getId());
            Messages.info("Custom server " + listed.server().getName() + " removed (the machine itself is untouched).");
        });
    }

    private CustomServerRequest request() {
        boolean ownKey = privateKey != null && !privateKey.isBlank();
        return new CustomServerRequest(name, address, sshPort, user, ownKey ? privateKey : null, ownKey ? passphrase : null,
                ownKey ? null : keyProfileId, regionId, bootstrap.toOverrides());
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getAddress() { return address; }
    public void setAddress(String address) { this.address = address; }
    public int getSshPort() { return sshPort; }
    public void setSshPort(int sshPort) { this.sshPort = sshPort; }
    public String getUser() { return user; }
    public void setUser(String user) { this.user = user; }
    /** Never rendered back: the field always shows empty. */
    public String getPrivateKey() { return null; }
    public void setPrivateKey(String privateKey) { if (privateKey != null && !privateKey.isBlank()) { this.privateKey = privateKey; } }
    public String getPassphrase() { return null; }
    public void setPassphrase(String passphrase) { if (passphrase != null && !passphrase.isEmpty()) { this.passphrase = passphrase; } }
    public Long getKeyProfileId() { return keyProfileId; }
    public void setKeyProfileId(Long keyProfileId) { this.keyProfileId = keyProfileId; }
    public String getRegionId() { return regionId; }
    public void setRegionId(String regionId) { this.regionId = regionId; }
    public BootstrapSettingsForm getBootstrap() { return bootstrap; }
    public CustomServers.SshCheck getCheck() { return check; }
    public boolean isKeyEntered() { return privateKey != null; }
}
