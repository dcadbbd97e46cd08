package com.ecsprovisioner.console;

import com.ecsprovisioner.bootstrap.PhpVersions;
import com.ecsprovisioner.cost.Costs;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.lifecycle.LifecycleRequests;
import com.ecsprovisioner.lifecycle.ServerActions;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerAction;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** One server: where it runs, what it is made of, its jobs and its status history. */
@Named
@ViewScoped
public class ServerPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Deployments deployments;

    @Inject
    transient ProviderProfiles profiles;

    @Inject
    transient ServerActions actions;

    @Inject
    transient Costs costs;

    @Inject
    transient com.ecsprovisioner.customservers.CustomServers customServers;

    private Long id;
    private transient Server server;
    private transient List<Job> jobs;
    private String newType;
    private String snapshotName;
    private String confirmName;
    private List<String> resizeChoices;
    private String resizeNote;
    private String cost;
    private String resizePrice;
    private List<LifecycleRequests.NetworkChoice> offer = new ArrayList<>();
    private List<String> chosen = new ArrayList<>();

    /** Called by the poll and after actions: show the database's truth. */
    public void refresh() {
        server = null;
        jobs = null;
    }

    /** Why an action is not possible now, or null when it is (for disabled buttons with a reason). */
    public String refusal(String action) {
        return actions.refusals(id).get(ServerAction.valueOf(action));
    }

    public boolean allowed(String action) {
        return refusal(action) == null;
    }

    public void start() {
        act(() -> actions.start(id));
    }

    public void stop() {
        act(() -> actions.stop(id));
    }

    public void reboot() {
        act(() -> actions.reboot(id));
    }

    public void hardReboot() {
        act(() -> actions.hardReboot(id));
    }

    /** What the server costs running and stopped, read once per page view (prices are cached, not re-read per poll). */
    public String getCost() {
        if (cost == null && id != null) {
            cost = CostText.shown(() -> costs.serverCost(id).text());
        }
        return cost;
    }

    /** The resize form's price before and after, as the new type is typed. */
    public void priceResize() {
        resizePrice = newType == null || newType.isBlank() ? null : CostText.resize(() -> costs.resizePrice(id, newType));
    }

    public String getResizePrice() {
        return resizePrice;
    }

    /**
     * The types the server can be resized to, "ecs.g7.xlarge · 4 vCPU, 16 GiB", read once per page view from the
     * catalogue; offered as suggestions to the type field, which still takes any type. None (and no cloud call) for a
     * server without a zone (a custom server, a deployment that failed early) or one that cannot be resized now.
     */
    public List<String> getResizeChoices() {
        if (resizeChoices == null && (getServer() == null || getServer().getZoneId() == null || !allowed("RESIZE"))) {
            return List.of();
        }
        if (resizeChoices == null) {
            resizeChoices = new ArrayList<>();
            try {
                profiles.resizeChoices(getServer().getProfileId(), getServer().getZoneId(), getServer().getInstanceType())
                        .forEach(t -> resizeChoices.add(t.id()));
                resizeNote = resizeChoices.size() + " types offered in " + getServer().getZoneId();
            } catch (RuntimeException e) {
                resizeNote = "The instance types could not be read: " + Refusals.messageFor(e).getSummary();
            }
        }
        return resizeChoices;
    }

    public String getResizeNote() {
        getResizeChoices();
        return resizeNote;
    }

    public void resize() {
        act(() -> actions.resize(id, newType));
    }

    public void snapshot() {
        act(() -> actions.snapshot(id, snapshotName == null || snapshotName.isBlank() ? null : snapshotName.strip()));
    }

    /** Prepares the delete dialog: the network resources made for this server, pre-selected when nobody else uses them. */
    public void prepareDelete() {
        Refusals.run(() -> {
            offer = actions.deletionOffer(id);
            confirmName = null;
            chosen = new ArrayList<>(offer.stream().filter(LifecycleRequests.NetworkChoice::selectedByDefault)
                    .map(LifecycleRequests.NetworkChoice::id).toList());
        });
    }

    /** Deletes only when the server's name was typed: a click alone, on the wrong server's page, deletes nothing. */
    public void delete() {
        if (confirmName == null || !confirmName.strip().equals(getServer().getName())) {
            Messages.add(jakarta.faces.application.FacesMessage.SEVERITY_ERROR, "Type the server's name, " + getServer().getName() + ", to delete it.", null);
            return;
        }
        act(() -> actions.delete(id, new HashSet<>(chosen)));
    }

    /** How to log in to the server as the product does, to copy; null before it has an address. */
    public String getSshCommand() {
        return getServer() == null ? null : customServers.sshCommand(id).orElse(null);
    }

    /** The PHP version its bootstrap installs, as chosen when it was deployed; the installed one is under Installed. */
    public String getPhpChoice() {
        Server server = getServer();
        if (server == null || server.getPhpVersion() == null) {
            return "the profile's bootstrap setting";
        }
        return (server.getPhpVersion().equals(PhpVersions.DEFAULT) ? "the distribution's" : server.getPhpVersion()) + ", chosen when it was deployed";
    }

    public String getConfirmName() { return confirmName; }
    public void setConfirmName(String confirmName) { this.confirmName = confirmName; }

    private void act(java.util.function.LongSupplier action) {
        Refusals.run(() -> {
            long jobId = action.getAsLong();
            try {
                FacesContext.getCurrentInstance().getExternalContext().redirect("job.xhtml?id=" + jobId);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    public String getNewType() { return newType; }
    public void setNewType(String newType) { this.newType = newType; }
    public String getSnapshotName() { return snapshotName; }
    public void setSnapshotName(String snapshotName) { this.snapshotName = snapshotName; }
    public List<LifecycleRequests.NetworkChoice> getOffer() { return offer; }
    public List<String> getChosen() { return chosen; }
    public void setChosen(List<String> chosen) { this.chosen = chosen; }

    public Server getServer() {
        if (server == null && id != null) {
            server = deployments.server(id);
        }
        return server;
    }

    public List<Job> getJobs() {
        if (jobs == null && id != null) {
            jobs = deployments.jobsOf(id);
        }
        return jobs;
    }

    public String getProfileName() {
        return profiles.find(getServer().getProfileId()).map(p -> p.getName()).orElse("(deleted profile)");
    }

    /** The id from the page address; anything but a number is no server (404). */
    public String getIdParam() {
        return id == null ? null : id.toString();
    }

    public void setIdParam(String text) {
        id = PageIds.parse(text);
    }

    public void requireFound() {
        PageIds.requireFound(id, this::getServer);
    }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }
}
