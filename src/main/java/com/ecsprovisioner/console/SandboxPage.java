package com.ecsprovisioner.console;

import com.ecsprovisioner.sandbox.cloud.CloudSnapshot;
import com.ecsprovisioner.sandbox.embedded.EmbeddedSandbox;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The Sandbox page: where the local cloud listens, its keys, and every resource per account and region. */
@Named
@RequestScoped
public class SandboxPage {

    @Inject
    EmbeddedSandbox sandbox;

    private List<Row> rows;

    /** One resource of the snapshot, flattened for a table grouped by account and region. */
    public record Row(String account, String region, String type, String id, String name, String status, String details) {
    }

    public boolean isRunning() {
        return sandbox.isRunning();
    }

    public String getEndpoint() {
        return sandbox.endpoint().orElse("");
    }

    public Integer getSshPort() {
        return sandbox.sshPort().orElse(null);
    }

    /** Secrets only for admins: a viewer sees the ids (EmbeddedSandbox.shownKeys). */
    public List<EmbeddedSandbox.ShownKey> getAccessKeys() {
        return sandbox.shownKeys();
    }

    public String policies(EmbeddedSandbox.ShownKey key) {
        return key.policies().stream().map(p -> p.ramName()).sorted().collect(Collectors.joining(", "));
    }

    public List<Row> getResources() {
        if (rows == null) {
            rows = new ArrayList<>();
            sandbox.inspect().ifPresent(snapshot -> {
                for (CloudSnapshot.Account account : snapshot.accounts()) {
                    for (CloudSnapshot.Region region : account.regions()) {
                        for (CloudSnapshot.Resource resource : region.resources()) {
                            rows.add(new Row(account.accountId(), region.regionId(), resource.type(), resource.id(),
                                    resource.name(), resource.status(), details(resource.details())));
                        }
                    }
                }
            });
        }
        return rows;
    }

    private static String details(Map<String, String> details) {
        return details.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    public void reset() {
        Refusals.run(() -> {
            sandbox.reset();
            rows = null;
            FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO,
                    "Sandbox cloud reset", "Every resource of every sandbox account was removed."));
        });
    }
}
