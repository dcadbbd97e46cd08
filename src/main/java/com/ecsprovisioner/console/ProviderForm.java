package com.ecsprovisioner.console;

import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a person has entered on the provider page so far, kept apart from the page so that it outlives the view:
 * a reload of the page starts a new view and finds it again (see {@link ProviderDrafts}). The secret and the private
 * key stay on the server here; the page never writes them back into its HTML.
 */
final class ProviderForm implements Serializable {

    private static final long serialVersionUID = 1L;

    String name;
    String accessKeyId;
    /** The secrets are transient: a session written to disk or sent to another node never carries them. */
    transient String secret;
    boolean secretStored;
    String endpoint;
    List<CloudTypes.Region> regions = new ArrayList<>();
    String regionId;
    List<CloudTypes.KeyPair> keyPairs = new ArrayList<>();
    String keyPairName;
    transient String privateKey;
    transient String passphrase;
    boolean keyStored;
    String keyStatus;
    boolean keyMatches;
    String newKeyPairName;
    String importName;
    String importPublicKey;
    transient String createdPrivateKey;
    String createdKeyPairName;
    int sshPort = 22;
    String sshUser = "root";
    ZonePolicy zonePolicy = ZonePolicy.FIRST_ZONE;
    NetworkPolicy networkPolicy = NetworkPolicy.PER_SERVER;
    String instanceType;
    String imageId;
    int systemDiskGiB = 40;
    String systemDiskCategory = "cloud_essd";
    BootstrapSettingsForm bootstrap = new BootstrapSettingsForm();

    /** Whether anything was entered that a person would miss; an untouched form is not worth restoring. */
    boolean touched() {
        return filled(name) || filled(accessKeyId) || filled(secret) || filled(endpoint) || filled(regionId) || filled(privateKey);
    }

    private static boolean filled(String s) {
        return s != null && !s.isBlank();
    }
}
