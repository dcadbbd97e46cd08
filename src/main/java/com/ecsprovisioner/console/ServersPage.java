package com.ecsprovisioner.console;

import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerSearch;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The server list, refreshed live (the deploy form is {@link DeployDialog}). The list is lazy: the table asks for one page at a time and
 * the boundary filters, sorts and counts in the database ({@code server.ServerSearch}); this bean only translates the
 * table's sort and filter state into a query.
 */
@Named
@ViewScoped
public class ServersPage implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The table's sort fields (the columns' {@code sortBy}) and what they mean to the query. */
    private static final Map<String, ServerSearch.SortField> SORTS = Map.of("name", ServerSearch.SortField.NAME,
            "status", ServerSearch.SortField.STATUS, "regionId", ServerSearch.SortField.REGION,
            "createdAt", ServerSearch.SortField.CREATED);

    private final ServerRows rows = new ServerRows();
    private transient Map<Long, String> profileNames;
    private transient FacesContext profileNamesFor;

    @Inject
    transient Deployments deployments;

    @Inject
    transient ProviderProfiles profiles;


    public LazyDataModel<Server> getServers() {
        return rows;
    }

    public List<String> getRegions() {
        return deployments.serverRegions();
    }

    public ServerStatus[] getStatuses() {
        return ServerStatus.values();
    }

    /** Kept across the poll's refreshes: the table keeps its page, sort and filters in the view's state. */
    private final class ServerRows extends LazyDataModel<Server> {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, deployments.countServers(query(filterBy, Map.of(), 0, 1)));
        }

        @Override
        public List<Server> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            return deployments.serverPage(query(filterBy, sortBy, first, Math.max(1, Math.min(pageSize, ServerSearch.MAX_PAGE_SIZE))));
        }

        @Override
        public String getRowKey(Server server) {
            return String.valueOf(server.getId());
        }

        @Override
        public Server getRowData(String rowKey) {
            List<Server> shown = getWrappedData();
            return shown == null ? null : shown.stream().filter(s -> String.valueOf(s.getId()).equals(rowKey)).findFirst().orElse(null);
        }
    }

    private static ServerSearch.Query query(Map<String, FilterMeta> filterBy, Map<String, SortMeta> sortBy, int first, int pageSize) {
        SortMeta sort = sortBy.values().stream().filter(m -> m.getOrder() != null && !m.getOrder().isUnsorted())
                .findFirst().orElse(null);
        ServerSearch.SortField field = sort == null ? ServerSearch.SortField.NAME
                : SORTS.getOrDefault(sort.getField(), ServerSearch.SortField.NAME);
        boolean ascending = sort == null || !sort.getOrder().isDescending();
        String status = filter(filterBy, "status");
        String profile = filter(filterBy, "profileId");
        return new ServerSearch.Query(filter(filterBy, "name"), profile == null ? null : Long.valueOf(profile),
                filter(filterBy, "regionId"), status == null ? null : ServerStatus.fromDbName(status), field, ascending,
                first, pageSize);
    }

    /** A filter's value as text, or null when the column is not filtered. */
    private static String filter(Map<String, FilterMeta> filterBy, String field) {
        FilterMeta meta = filterBy.get(field);
        Object value = meta == null ? null : meta.getFilterValue();
        if (value instanceof ServerStatus status) {
            return status.dbName();
        }
        String text = value == null ? null : value.toString().strip();
        return text == null || text.isEmpty() ? null : text;
    }

    public List<ProviderProfile> getProfiles() {
        return profiles.list();
    }

    /** Read once per request: every row of the page names its profile. */
    public Map<Long, String> getProfileNames() {
        FacesContext request = FacesContext.getCurrentInstance();
        if (profileNames == null || profileNamesFor != request) {
            profileNames = profiles.list().stream().collect(Collectors.toMap(ProviderProfile::getId, ProviderProfile::getName));
            profileNamesFor = request;
        }
        return profileNames;
    }

    public String profileName(long id) {
        if (id == 0) {
            return "none (custom server with its own key)";
        }
        return getProfileNames().getOrDefault(id, "(deleted profile " + id + ")");
    }

    public ZonePolicy[] getZonePolicies() {
        return ZonePolicy.values();
    }

    public NetworkPolicy[] getNetworkPolicies() {
        return NetworkPolicy.values();
    }

    /**
     * Whether the server's latest job stopped on a changed host key: only then is "Accept new host key" offered. Read
     * once per request (kept in the request's attributes, not in this view-scoped bean, which outlives the request).
     */
    @SuppressWarnings("unchecked")
    public boolean hostKeyChanged(Server server) {
        java.util.Set<Long> changed = (java.util.Set<Long>) FacesContext.getCurrentInstance().getAttributes()
                .computeIfAbsent(ServersPage.class.getName() + ".changedHostKeys", k -> deployments.serversWithChangedHostKey());
        return changed.contains(server.getId());
    }

    /** After an operator checked that the server was legitimately rebuilt; its failed job can then be retried. */
    public void acceptNewHostKey(Server server) {
        Refusals.run(() -> {
            deployments.acceptNewHostKey(server.getId());
            Messages.info("Host key of " + server.getName() + " forgotten: retry its job, the next connection pins the key the server shows.");
        });
    }

}
