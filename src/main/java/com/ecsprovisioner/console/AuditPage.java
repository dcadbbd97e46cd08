package com.ecsprovisioner.console;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditLog;
import com.ecsprovisioner.audit.AuditRecord;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The Audit page (admins): the trail filtered by who, what and when (days in the viewer's time zone, both ends included), newest first,
 * one page at a time from the database ({@code audit.AuditLog}).
 */
@Named
@ViewScoped
public class AuditPage implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int MAX_PAGE_SIZE = 200;

    @Inject
    transient AuditLog log;

    /** Days of the From and To filters are the viewer's days, as the times in the list are shown. */
    @Inject
    transient ViewerZone zone;

    private String who;
    private AuditAction action;
    private LocalDate from;
    private LocalDate to;
    private final Rows rows = new Rows();

    public LazyDataModel<AuditRecord> getRecords() {
        return rows;
    }

    public AuditAction[] getActions() {
        return AuditAction.values();
    }

    AuditLog.Filter filter() {
        return new AuditLog.Filter(who, action, from == null ? null : zone.startOf(from),
                to == null ? null : zone.startOf(to.plusDays(1)));
    }

    private final class Rows extends LazyDataModel<AuditRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, log.count(filter()));
        }

        @Override
        public List<AuditRecord> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            return log.page(filter(), first, Math.max(1, Math.min(pageSize, MAX_PAGE_SIZE)));
        }

        @Override
        public String getRowKey(AuditRecord record) {
            return String.valueOf(record.getId());
        }

        @Override
        public AuditRecord getRowData(String rowKey) {
            List<AuditRecord> shown = getWrappedData();
            return shown == null ? null : shown.stream().filter(r -> String.valueOf(r.getId()).equals(rowKey)).findFirst().orElse(null);
        }
    }

    public String getWho() {
        return who;
    }

    public void setWho(String who) {
        this.who = who;
    }

    public AuditAction getAction() {
        return action;
    }

    public void setAction(AuditAction action) {
        this.action = action;
    }

    public LocalDate getFrom() {
        return from;
    }

    public void setFrom(LocalDate from) {
        this.from = from;
    }

    public LocalDate getTo() {
        return to;
    }

    public void setTo(LocalDate to) {
        this.to = to;
    }
}
