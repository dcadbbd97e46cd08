package com.ecsprovisioner.cost;

import com.ecsprovisioner.platform.Rejected;

/** A price the cloud did not give (refused, failed or did not answer): shown as "price unavailable: reason". */
public class PriceUnavailable extends Rejected {

    private static final long serialVersionUID = 1L;

    public PriceUnavailable(String reason, Throwable cause) {
        super("price unavailable: " + reason, cause);
    }
}
