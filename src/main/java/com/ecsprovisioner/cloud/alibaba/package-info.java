/**
 * The Alibaba Cloud adapter behind the {@link com.ecsprovisioner.cloud.Cloud} port, and the only package that
 * imports {@code com.aliyun*}/{@code com.aliyuncs.*}. It maps both ways: port values to SDK requests, SDK answers to
 * port values ({@code StatusMapping} is the one place status words are translated), and every SDK failure to a
 * {@link com.ecsprovisioner.cloud.CloudException} through one table ({@code ErrorClassifier}) that keeps the cloud's
 * code and request id. It owns SDK clients (cached per account, secret hash, region and endpoint), time-outs and the
 * endpoint override that points a profile at the sandbox; it does not retry (the provisioning engine does, from the
 * transient flag) and does not wait for asynchronous work (callers poll with describe calls).
 * <p>
 * Layout: {@code AlibabaRegion} implements the port for one region as a facade over one package-private part per API
 * area ({@code CatalogueApi}, {@code KeyPairApi}, {@code PermissionApi}, {@code NetworkApi}, {@code SecurityGroupApi},
 * {@code InstanceApi}, {@code SnapshotApi}); every part calls out through {@code RegionCalls}, the one place that
 * sets endpoints and time-outs and classifies failures.
 */
package com.ecsprovisioner.cloud.alibaba;
