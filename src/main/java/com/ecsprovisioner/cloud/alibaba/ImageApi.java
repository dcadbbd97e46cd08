package com.ecsprovisioner.cloud.alibaba;

import static com.ecsprovisioner.cloud.alibaba.RegionCalls.MAX_IDS_PER_CALL;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.allPages;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.batches;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.required;

import com.aliyuncs.ecs.model.v20140526.CreateImageRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteImageRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account's own images: made from a system disk's snapshot, read back by id, deleted. Part of
 * {@link AlibabaRegion}; every call goes through {@link RegionCalls}.
 */
final class ImageApi {

    /** DescribeImages answers only Available images unless told otherwise; a wait must see the others too. */
    private static final String EVERY_STATUS = "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated";

    private final RegionCalls calls;

    ImageApi(RegionCalls calls) {
        this.calls = calls;
    }

    String createImage(String snapshotId, String name, String clientToken) {
        CreateImageRequest r = new CreateImageRequest();
        r.setSnapshotId(required(snapshotId, "The snapshot id"));
        if (name != null) {
            r.setImageName(name);
        }
        r.setClientToken(required(clientToken, "The client token"));
        return calls.call(Product.ECS, r).getImageId();
    }

    Map<String, CloudTypes.OwnImage> ownImages(Collection<String> imageIds) {
        Map<String, CloudTypes.OwnImage> out = new LinkedHashMap<>();
        for (List<String> batch : batches(imageIds, MAX_IDS_PER_CALL)) {
            String ids = String.join(",", batch);
            List<CloudTypes.OwnImage> found = allPages(100, page -> {
                DescribeImagesRequest r = new DescribeImagesRequest();
                r.setImageOwnerAlias("self");
                r.setImageId(ids);
                r.setStatus(EVERY_STATUS);
                r.setPageSize(100);
                r.setPageNumber(page);
                DescribeImagesResponse resp = calls.call(Product.ECS, r);
                return new RegionCalls.Page<>(resp.getImages().stream().map(ImageApi::image).toList(), resp.getTotalCount());
            });
            found.forEach(i -> out.put(i.id(), i));
        }
        return out;
    }

    void deleteImage(String imageId) {
        DeleteImageRequest r = new DeleteImageRequest();
        r.setImageId(required(imageId, "The image id"));
        try {
            calls.call(Product.ECS, r);
        } catch (CloudException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    private static CloudTypes.OwnImage image(DescribeImagesResponse.Image i) {
        String snapshot = i.getDiskDeviceMappings() == null ? null : i.getDiskDeviceMappings().stream()
                .map(DescribeImagesResponse.Image.DiskDeviceMapping::getSnapshotId)
                .filter(s -> s != null && !s.isBlank()).findFirst().orElse(null);
        return new CloudTypes.OwnImage(i.getImageId(), i.getImageName(), StatusMapping.imageStatus(i.getStatus()), i.getStatus(),
                snapshot, i.getSize() == null ? 0 : i.getSize());
    }
}
