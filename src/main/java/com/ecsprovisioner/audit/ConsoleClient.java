package com.ecsprovisioner.audit;

import jakarta.enterprise.context.RequestScoped;

/**
 * The client address of the console request being served, handed over by the web layer (which alone reads it,
 * behind trusted proxies) so that a boundary's audit record can say where a change came from without every boundary
 * method taking an address. Empty outside console requests (JMS commands, timers).
 */
@RequestScoped
public class ConsoleClient {

    private String address;

    /** Called once per console request by the web layer's filter. */
    public void arrivedFrom(String clientAddress) {
        this.address = clientAddress;
    }

    /** Null when the current request is not a console request. */
    public String address() {
        return address;
    }
}
