package com.ecsprovisioner.sandbox.cloud;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One AccessKey pair the sandbox accepts: a RAM user of an account, with the system policies attached to it and the
 * single actions granted besides them, RAM-style ({@code ecs:StopInstance}, {@code ecs:Describe*}, {@code vpc:*}).
 * A key may run an action if a policy or a granted action allows it, so a key lacking one action's right is refused
 * that action only. Several keys may share an account (they then see the same resources).
 */
public record AccessKey(String id, String secret, String accountId, String userName, Set<Policy> policies,
                        Set<String> actions) {

    private static final Pattern ACTION = Pattern.compile("(ecs|vpc|quotas):[A-Za-z*]+");

    public AccessKey(String id, String secret, String accountId, String userName, Set<Policy> policies) {
        this(id, secret, accountId, userName, policies, Set.of());
    }

    public AccessKey {
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("An access key needs an id and a secret");
        }
        if (accountId == null || accountId.isBlank()) {
            throw new IllegalArgumentException("Access key " + id + " needs an account id");
        }
        policies = Set.copyOf(policies);
        actions = Set.copyOf(actions);
        for (String a : actions) {
            if (!ACTION.matcher(a).matches()) {
                throw new IllegalArgumentException("Access key " + id + ": '" + a
                        + "' is not an action such as ecs:StopInstance, ecs:Describe* or vpc:*");
            }
        }
    }

    public boolean allows(String product, String action) {
        for (Policy p : policies) {
            if (p.allows(product, action)) {
                return true;
            }
        }
        String wanted = product.toLowerCase(Locale.ROOT) + ":" + action;
        for (String granted : actions) {
            if (granted.endsWith("*") ? wanted.startsWith(granted.substring(0, granted.length() - 1)) : granted.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Never shows the secret, so that logging a key by accident leaks nothing. */
    @Override
    public String toString() {
        return "AccessKey[" + id + ", account " + accountId + ", user " + userName + ", " + policies + ", " + actions + "]";
    }
}
