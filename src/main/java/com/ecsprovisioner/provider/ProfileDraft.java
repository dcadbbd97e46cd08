package com.ecsprovisioner.provider;

import com.ecsprovisioner.bootstrap.BootstrapOverrides;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;

/**
 * What an operator entered for a profile, in one piece. For an existing profile, a null {@code accessKeySecret},
 * {@code privateKey} or {@code passphrase} means "keep the stored one" (pages never see stored secrets, so they
 * cannot send them back). {@code bootstrap} is already checked ({@link BootstrapOverrides#of}); null keeps none. {@code toString} shows no secret.
 */
public record ProfileDraft(String name, String accessKeyId, String accessKeySecret, String endpoint, String regionId,
                           String keyPairName, String privateKey, String passphrase, int sshPort, String sshUser,
                           ZonePolicy zonePolicy, NetworkPolicy networkPolicy, String instanceType, String imageId,
                           int systemDiskGiB, String systemDiskCategory, BootstrapOverrides bootstrap) {

    @Override
    public String toString() {
        return "ProfileDraft[" + name + ", " + accessKeyId + " in " + regionId + ", key pair " + keyPairName + "]";
    }
}
