package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.NetworkPolicy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a deployment creates, or a deletion removes, in the order the cloud nests it: VPC, vSwitch, security group,
 * instance. The confirmations draw it so that a person sees before saying yes which resources come and go, and
 * which are shared and stay.
 */
public final class ResourceChain {

    private ResourceChain() {
    }

    /** What happens to one resource. */
    public enum Fate {
        CREATED("new"), REUSED("reused if it exists, else new"), DELETED("deleted");

        private final String words;

        Fate(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** One box of the picture: the kind as a person says it, which one or how many, and its fate. */
    public record Link(String kind, String what, Fate fate) {
    }

    /** A resource a deletion may take with the server: deleted when chosen, otherwise kept. */
    public record Existing(ResourceKind kind, String id, boolean chosen) {
    }

    public static List<Link> forDeployment(NetworkPolicy policy, int servers) {
        String each = servers == 1 ? "for this server" : "one for each of the " + servers + " servers";
        if (policy == NetworkPolicy.SHARED_PER_PROFILE) {
            return List.of(new Link("VPC", "the profile's shared network", Fate.REUSED),
                    new Link("vSwitch", "the shared network's, in the zone", Fate.REUSED),
                    new Link("Security group", each, Fate.CREATED),
                    new Link("Instance", each, Fate.CREATED));
        }
        return List.of(new Link("VPC", each, Fate.CREATED), new Link("vSwitch", each, Fate.CREATED),
                new Link("Security group", each, Fate.CREATED), new Link("Instance", each, Fate.CREATED));
    }

    /**
     * What a deletion removes, in nesting order: the network resources chosen, then the instance, which a deletion
     * always releases. Those left unticked are not drawn: the picture is what goes, and the boxes above it say what
     * stays and why, so that a glance at the picture never counts a kept VPC among the deleted.
     */
    public static List<Link> forDeletion(String instanceId, Collection<Existing> network) {
        List<Link> out = new ArrayList<>();
        for (ResourceKind kind : List.of(ResourceKind.VPC, ResourceKind.VSWITCH, ResourceKind.SECURITY_GROUP)) {
            network.stream().filter(e -> e.kind() == kind && e.chosen())
                    .forEach(e -> out.add(new Link(label(kind), e.id(), Fate.DELETED)));
        }
        out.add(new Link(label(ResourceKind.INSTANCE), instanceId == null ? "none was created" : instanceId, Fate.DELETED));
        return out;
    }

    /** The kind's word as a label: "security group" starts a line as "Security group"; "vSwitch" keeps its case. */
    static String label(ResourceKind kind) {
        String word = kind.word();
        return Character.isLowerCase(word.charAt(0)) && !Character.isUpperCase(word.charAt(1))
                ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word;
    }
}
