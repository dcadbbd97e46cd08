package com.ecsprovisioner.engine;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Who holds a job now, and until when: a random claim id and the end of its lease. The claim is taken and
 * committed before the cloud is called; a holder that died lets it run out, and the sweep takes the job again.
 * Together with the job's version check, two deliveries or two nodes never both run a step.
 */
@Embeddable
public class JobClaim {

    @Column(name = "claim_id", length = 36)
    private String claimId;

    @Column(name = "claimed_until")
    private Instant claimedUntil;

    /** Nobody holds it, or the holder's lease ran out. */
    boolean isFree(Instant now) {
        return claimedUntil == null || !claimedUntil.isAfter(now);
    }

    /** Takes the claim for {@code lease}; answers the new claim id. */
    String take(Instant now, Duration lease) {
        claimId = UUID.randomUUID().toString();
        claimedUntil = now.plus(lease);
        return claimId;
    }

    boolean isHeldBy(String claim) {
        return claim != null && claim.equals(claimId);
    }

    void release() {
        claimId = null;
        claimedUntil = null;
    }

    Instant until() {
        return claimedUntil;
    }
}
