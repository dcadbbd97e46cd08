package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aliyuncs.ecs.model.v20140526.CreateImageRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeDisksRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.ecsprovisioner.sandbox.cloud.Durations;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom images and the processing window of a ClientToken survive a restart from the data folder. */
class ImagesAndTokensPersistenceTest {

    private static final String UBUNTU = "ubuntu_24_04_x64_20G_alibase_20240923.vhd";
    private static final Duration PROCESSING = Duration.ofMinutes(1);
    private final MutableClock clock = new MutableClock();

    @TempDir
    Path dataDir;

    private SandboxConfig config() {
        return SandboxConfig.builder().dataDir(dataDir).clock(clock)
                .durations(Durations.IMMEDIATE.withTokenProcessing(PROCESSING)).build();
    }

    private static RunInstancesRequest run(Fixture.Network net, String imageId) {
        RunInstancesRequest r = new RunInstancesRequest();
        r.setImageId(imageId);
        r.setInstanceType("ecs.t6-c1m1.large");
        r.setSecurityGroupId(net.securityGroupId());
        r.setVSwitchId(net.vSwitchId());
        return r;
    }

    @Test
    void aCustomImageAndATokenStillProcessingAreThereAfterARestart() throws Exception {
        Fixture.Network net;
        String imageId;
        CreateImageRequest image = new CreateImageRequest();
        try (Fixture f = new Fixture(config())) {
            net = f.network("cn-hangzhou-i", "172.16.1.0/24");
            String instance = f.full.getAcsResponse(run(net, UBUNTU)).getInstanceIdSets().get(0);
            DescribeDisksRequest disks = new DescribeDisksRequest();
            disks.setInstanceId(instance);
            CreateSnapshotRequest snapshot = new CreateSnapshotRequest();
            snapshot.setDiskId(f.full.getAcsResponse(disks).getDisks().get(0).getDiskId());
            image.setSnapshotId(f.full.getAcsResponse(snapshot).getSnapshotId());
            image.setImageName("golden");
            image.setClientToken("image-token-1");
            imageId = f.full.getAcsResponse(image).getImageId();
        }
        try (Fixture f = new Fixture(config())) {
            DescribeImagesRequest mine = new DescribeImagesRequest();
            mine.setImageOwnerAlias("self");
            DescribeImagesResponse.Image listed = f.full.getAcsResponse(mine).getImages().get(0);
            assertEquals(imageId, listed.getImageId());
            assertEquals("golden", listed.getImageName());
            assertEquals(1, f.full.getAcsResponse(run(net, imageId)).getInstanceIdSets().size());

            Fixture.fails("LastTokenProcessing", f.full, image);
            clock.advance(PROCESSING);
            assertEquals(imageId, f.full.getAcsResponse(image).getImageId());
        }
    }
}
