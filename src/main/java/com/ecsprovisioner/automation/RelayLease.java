package com.ecsprovisioner.automation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.Instant;

/**
 * Which node relays the outbox, and until when (V13, one row). A relay sends only while it holds an unexpired lease,
 * so that two nodes never send the same job's events side by side; a node that dies lets the lease run out and the
 * next relay sends what it left. Read with a row lock and written under a version check, so two claims at the same
 * moment cannot both win.
 */
@Entity
@Table(name = "event_relay_lease")
public class RelayLease {

    /** The only row. */
    static final int ID = 1;

    @Id
    private int id;

    @Column(length = 64)
    private String holder;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Version
    private long version;

    protected RelayLease() {
        // for JPA
    }

    /** Takes or renews the lease for {@code holder}; false while another holder's lease runs. */
    boolean claim(String claimant, Instant now, Duration lease) {
        if (holder != null && !holder.equals(claimant) && leaseUntil != null && leaseUntil.isAfter(now)) {
            return false;
        }
        holder = claimant;
        leaseUntil = now.plus(lease);
        return true;
    }

    /** Gives the lease up at once (the holder is idle), so that another node's relay need not wait for it to expire. */
    void release(String claimant) {
        if (claimant.equals(holder)) {
            leaseUntil = null;
        }
    }

    String holder() {
        return holder;
    }
}
