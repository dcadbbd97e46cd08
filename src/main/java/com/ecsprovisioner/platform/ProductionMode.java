package com.ecsprovisioner.platform;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one decision between the Quick start's embedded defaults and production. Production means an external
 * database (anything but H2) or an external broker ({@code ecs.broker.embedded=false}, or {@code ecs.broker.url} on a
 * host other than this machine). In production nothing embedded starts unless a setting asks for it by name, and the
 * master key must come from configuration: a key generated into one node's data folder could not be shared by
 * another node, and a backup of that folder would carry the key beside the secrets it seals.
 *
 * @param databaseUrl     the URL the data source {@code jdbc/ecs} reports (its metadata, not a setting)
 * @param brokerUrl       {@code ecs.broker.url} when set
 * @param brokerEmbedded  {@code ecs.broker.embedded} when set
 * @param masterKeySet    whether {@code ecs.master-key} is set
 */
public record ProductionMode(String databaseUrl, Optional<String> brokerUrl, Optional<Boolean> brokerEmbedded,
                             boolean masterKeySet) {

    public boolean externalDatabase() {
        return !databaseUrl.startsWith("jdbc:h2:");
    }

    public boolean externalBroker() {
        return brokerEmbedded.map(embedded -> !embedded).orElseGet(() -> brokerUrl.map(ProductionMode::remote).orElse(false));
    }

    public boolean production() {
        return externalDatabase() || externalBroker();
    }

    /**
     * Whether this node starts its own broker: in the Quick start unless told otherwise; in production only when
     * {@code ecs.broker.embedded=true} says so (the launcher says so for its single-node PostgreSQL set-up).
     */
    public boolean startEmbeddedBroker() {
        if (externalBroker()) {
            return false;
        }
        return production() ? brokerEmbedded.orElse(false) : true;
    }

    /** What keeps this configuration from starting, each naming the setting to fix; empty when it can start. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (production() && !masterKeySet) {
            problems.add("ecs.master-key is not set. With " + (externalDatabase() ? "an external database" : "an external broker")
                    + " the key that seals stored secrets must come from configuration, shared by every node: generate one"
                    + " with 'openssl rand -base64 32' and set it as the system property ecs.master-key or the environment"
                    + " variable ECS_MASTER_KEY (keep a copy: without it the stored secrets cannot be read)");
        }
        if (externalDatabase() && !externalBroker() && brokerEmbedded.isEmpty()) {
            problems.add("no broker is configured for this production database: set ecs.broker.url to the Artemis broker"
                    + " (tcp://host:61616, with ecs.broker.user / ecs.broker.password), or ecs.broker.embedded=true to run"
                    + " one inside this node (single node only)");
        }
        return problems;
    }

    private static boolean remote(String url) {
        String host = URI.create(url.trim()).getHost();
        return host != null && !host.equals("localhost") && !host.startsWith("127.");
    }
}
