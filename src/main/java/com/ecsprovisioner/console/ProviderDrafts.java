package com.ecsprovisioner.console;

import jakarta.enterprise.context.SessionScoped;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider forms a person has open but not saved, one per profile (and one for a new profile), for this login
 * only. A view lives as long as its page: without this, reloading the page would lose everything typed, secrets
 * included. Saving or cancelling the form drops its draft; logging out drops them all with the session.
 */
@SessionScoped
public class ProviderDrafts implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final long NEW_PROFILE = -1;

    private final Map<Long, ProviderForm> open = new ConcurrentHashMap<>();

    Optional<ProviderForm> kept(Long profileId) {
        return Optional.ofNullable(open.get(key(profileId)));
    }

    void keep(Long profileId, ProviderForm form) {
        open.put(key(profileId), form);
    }

    void drop(Long profileId) {
        open.remove(key(profileId));
    }

    private static long key(Long profileId) {
        return profileId == null ? NEW_PROFILE : profileId;
    }
}
