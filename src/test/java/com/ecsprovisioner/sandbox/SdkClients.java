package com.ecsprovisioner.sandbox;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.profile.DefaultProfile;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Catalog;

/** Builds real Alibaba SDK clients pointed at a running sandbox. */
public final class SdkClients {

    private SdkClients() {
    }

    /** The SDK's endpoint table is JVM-global: every test points it at its own sandbox before building clients. */
    public static IAcsClient client(Sandbox sandbox, AccessKey key, String regionId) {
        return client(sandbox, key.id(), key.secret(), regionId);
    }

    public static IAcsClient client(Sandbox sandbox, String keyId, String secret, String regionId) {
        for (Catalog.Region r : Catalog.regions()) {
            DefaultProfile.addEndpoint(r.id(), "Ecs", sandbox.endpoint());
            DefaultProfile.addEndpoint(r.id(), "Vpc", sandbox.endpoint());
        }
        DefaultProfile.addEndpoint("xx-nowhere-1", "Ecs", sandbox.endpoint());
        DefaultProfile.addEndpoint("xx-nowhere-1", "Vpc", sandbox.endpoint());
        DefaultProfile profile = DefaultProfile.getProfile(regionId, keyId, secret);
        profile.getHttpClientConfig().setNoProxy("127.0.0.1");
        return new DefaultAcsClient(profile);
    }
}
