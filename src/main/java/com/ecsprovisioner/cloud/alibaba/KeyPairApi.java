package com.ecsprovisioner.cloud.alibaba;

import static com.ecsprovisioner.cloud.alibaba.RegionCalls.MAX_IDS_PER_CALL;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.allPages;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.batches;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.jsonArray;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.required;

import com.aliyuncs.ecs.model.v20140526.CreateKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.CreateKeyPairResponse;
import com.aliyuncs.ecs.model.v20140526.DeleteKeyPairsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeKeyPairsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeKeyPairsResponse;
import com.aliyuncs.ecs.model.v20140526.ImportKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.ImportKeyPairResponse;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Key pairs: list, import, create and delete (in batches of {@link RegionCalls#MAX_IDS_PER_CALL}). Part of {@link AlibabaRegion}; every call goes through {@link RegionCalls}. */
final class KeyPairApi {

    private final RegionCalls calls;

    KeyPairApi(RegionCalls calls) {
        this.calls = calls;
    }

    List<CloudTypes.KeyPair> keyPairs() {
        return allPages(50, page -> {
            DescribeKeyPairsRequest r = new DescribeKeyPairsRequest();
            r.setPageSize(50);
            r.setPageNumber(page);
            DescribeKeyPairsResponse resp = calls.call(Product.ECS, r);
            List<CloudTypes.KeyPair> items = new ArrayList<>();
            for (DescribeKeyPairsResponse.KeyPair k : resp.getKeyPairs()) {
                items.add(new CloudTypes.KeyPair(k.getKeyPairName(), k.getKeyPairFingerPrint()));
            }
            return new RegionCalls.Page<>(items, resp.getTotalCount());
        });
    }

    CloudTypes.KeyPair importKeyPair(String name, String openSshPublicKey) {
        ImportKeyPairRequest r = new ImportKeyPairRequest();
        r.setKeyPairName(required(name, "The key pair name"));
        r.setPublicKeyBody(required(openSshPublicKey, "The public key").strip());
        ImportKeyPairResponse resp = calls.call(Product.ECS, r);
        return new CloudTypes.KeyPair(resp.getKeyPairName(), resp.getKeyPairFingerPrint());
    }

    CloudTypes.CreatedKeyPair createKeyPair(String name) {
        CreateKeyPairRequest r = new CreateKeyPairRequest();
        r.setKeyPairName(required(name, "The key pair name"));
        CreateKeyPairResponse resp = calls.call(Product.ECS, r);
        return new CloudTypes.CreatedKeyPair(resp.getKeyPairName(), resp.getKeyPairFingerPrint(), resp.getPrivateKeyBody());
    }

    void deleteKeyPairs(Collection<String> names) {
        for (List<String> batch : batches(names, MAX_IDS_PER_CALL)) {
            DeleteKeyPairsRequest r = new DeleteKeyPairsRequest();
            r.setKeyPairNames(jsonArray(batch));
            calls.call(Product.ECS, r);
        }
    }
}
