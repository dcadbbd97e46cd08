package com.ecsprovisioner.sandbox.cloud;

import java.util.Set;

/**
 * One AccessKey pair the sandbox accepts: a RAM user of an account, with the policies attached to it. Several keys
 * may share an account (they then see the same resources).
 */
public record AccessKey(String id, String secret, String accountId, String userName, Set<Policy> policies) {

    public AccessKey {
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("An access key needs an id and a secret");
        }
        if (accountId == null || accountId.isBlank()) {
            throw new IllegalArgumentException("Access key " + id + " needs an account id");
        }
        policies = Set.copyOf(policies);
    }

    public boolean allows(String product, String action) {
        for (Policy p : policies) {
            if (p.allows(product, action)) {
                return true;
            }
        }
        return false;
    }

    /** Never shows the secret, so that logging a key by accident leaks nothing. */
    @Override
    public String toString() {
        return "AccessKey[" + id + ", account " + accountId + ", user " + userName + ", " + policies + "]";
    }
}
