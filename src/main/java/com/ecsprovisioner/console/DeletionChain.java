package com.ecsprovisioner.console;

import com.ecsprovisioner.deployment.ResourceChain;
import com.ecsprovisioner.lifecycle.LifecycleRequests;
import com.ecsprovisioner.server.Server;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import java.util.Collection;
import java.util.List;

/** The delete confirmation's picture: the network resources ticked now, and the instance. */
@Named
@RequestScoped
public class DeletionChain {

    public List<ResourceChain.Link> of(Server server, List<LifecycleRequests.NetworkChoice> offer, Collection<String> chosen) {
        if (server == null) {
            return List.of();
        }
        List<ResourceChain.Existing> network = offer == null ? List.of() : offer.stream()
                .map(c -> new ResourceChain.Existing(c.kind(), c.id(), chosen != null && chosen.contains(c.id()))).toList();
        return ResourceChain.forDeletion(server.getInstanceId(), network);
    }
}
