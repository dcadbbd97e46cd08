package com.ecsprovisioner.console;

import com.ecsprovisioner.firewall.Firewall;
import com.ecsprovisioner.firewall.FirewallView;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The firewall panel of a server's page: the rules and where each stands (read when the page opens and on "Read
 * again", not on the page's poll: a reading asks the cloud and the server over SSH), the form to open a port, and
 * the close and repair buttons. Every change is a job; the page then shows the job, as the other actions do.
 */
@Named
@ViewScoped
public class FirewallPanel implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Firewall firewall;

    @Inject
    ServerPage page;

    private transient FirewallView view;
    /** Why the firewall could not be read (shown in the panel: a reading happens while the page renders). */
    private String readError;
    private Integer port;
    private String cidr = "0.0.0.0/0";

    public FirewallView getView() {
        if (view == null && readError == null && page.getId() != null) {
            // Only an active server is logged in to: a stopped or unreachable one would hold the page for the SSH
            // connect time-out.
            ServerStatus status = page.getServer().getStatus();
            if (status != ServerStatus.ACTIVE) {
                readError = "The firewall is read from an active server; this one is " + status.name().toLowerCase(Locale.ROOT) + ".";
                return null;
            }
            try {
                view = firewall.view(page.getId());
            } catch (RuntimeException e) {
                readError = Refusals.messageFor(e).getSummary();
            }
        }
        return view;
    }

    public String getReadError() {
        return readError;
    }

    public void reload() {
        view = null;
        readError = null;
    }

    public void open() {
        if (port == null) {
            Messages.add(jakarta.faces.application.FacesMessage.SEVERITY_ERROR, "Give the port to open (1 to 65535)", "");
            FacesContext.getCurrentInstance().validationFailed();
            return;
        }
        act(() -> firewall.open(page.getId(), port, cidr));
    }

    public void close(int rulePort, String ruleCidr) {
        act(() -> firewall.close(page.getId(), rulePort, ruleCidr));
    }

    /** {@code keep}: add the rule where it is missing; otherwise remove it where it is open. */
    public void repair(int rulePort, String ruleCidr, boolean keep) {
        act(() -> firewall.repair(page.getId(), rulePort, ruleCidr, keep));
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

    public Integer getPort() { return port; }
    public void setPort(Integer port) { this.port = port; }
    public String getCidr() { return cidr; }
    public void setCidr(String cidr) { this.cidr = cidr; }
}
