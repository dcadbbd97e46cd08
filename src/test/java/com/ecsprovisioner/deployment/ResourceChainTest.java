package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.deployment.ResourceChain.Fate;
import com.ecsprovisioner.engine.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResourceChainTest {

    @Test
    void aDeploymentCreatesTheWholeChainUnlessItSharesTheProfilesNetwork() {
        assertEquals(List.of(Fate.CREATED, Fate.CREATED, Fate.CREATED, Fate.CREATED),
                ResourceChain.forDeployment(NetworkPolicy.PER_SERVER, 1).stream().map(ResourceChain.Link::fate).toList());
        List<ResourceChain.Link> shared = ResourceChain.forDeployment(NetworkPolicy.SHARED_PER_PROFILE, 3);
        assertEquals(List.of(Fate.REUSED, Fate.REUSED, Fate.CREATED, Fate.CREATED), shared.stream().map(ResourceChain.Link::fate).toList());
        assertEquals("one for each of the 3 servers", shared.get(3).what());
    }

    @Test
    void aDeletionDrawsOnlyWhatGoesInNestingOrder() {
        List<ResourceChain.Link> chain = ResourceChain.forDeletion("i-1", List.of(
                new ResourceChain.Existing(ResourceKind.SECURITY_GROUP, "sg-1", true),
                new ResourceChain.Existing(ResourceKind.VSWITCH, "vsw-1", true),
                new ResourceChain.Existing(ResourceKind.VPC, "vpc-1", false)));
        assertEquals(List.of("vSwitch vsw-1 deleted", "Security group sg-1 deleted", "Instance i-1 deleted"),
                chain.stream().map(l -> l.kind() + " " + l.what() + " " + l.fate().words()).toList());
    }

    @Test
    void aDeletionThatKeepsTheWholeNetworkDrawsTheInstanceAlone() {
        List<ResourceChain.Link> chain = ResourceChain.forDeletion("i-1", List.of(
                new ResourceChain.Existing(ResourceKind.VPC, "vpc-1", false),
                new ResourceChain.Existing(ResourceKind.SECURITY_GROUP, "sg-1", false)));
        assertEquals(List.of("Instance i-1 deleted"), chain.stream().map(l -> l.kind() + " " + l.what() + " " + l.fate().words()).toList());
    }

    @Test
    void labelsAreTheKindsWordsStartingALine() {
        assertEquals(List.of("VPC", "vSwitch", "Security group", "Instance"),
                List.of(ResourceKind.values()).stream().map(ResourceChain::label).toList());
    }
}
