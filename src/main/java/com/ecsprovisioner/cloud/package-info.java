/**
 * What the product needs from a cloud, in its own words: regions, zones, instance types, images, key pairs,
 * networks (VPC, vSwitch, security group), instances and their states, snapshots, and a small vocabulary of
 * failures (bad credentials, forbidden, throttled, quota exceeded, not found, conflict, out of stock, invalid
 * request, unavailable). Nothing here knows the Alibaba SDK: {@code cloud.alibaba} is the one adapter that
 * translates both ways, so that provisioning, lifecycle and provider profiles are written and tested against this
 * port, and a cloud's quirks stay in one place. {@link com.ecsprovisioner.cloud.Tags} are the tags the product puts
 * on everything it creates (product, profile, server or shared network), read back by the rollback and the clean-up.
 */
package com.ecsprovisioner.cloud;
