/**
 * Provider profiles: one Alibaba Cloud account in one region, with the SSH key pair servers are created with and
 * the private key the product logs in with, plus the defaults a deployment starts from. Secrets (AccessKey
 * secret, private key, passphrase) are sealed with the master key as soon as they arrive and opened only where a
 * cloud call or an SSH login needs them. What the cloud says about an account (regions, zones, instance types,
 * images, key pairs) is cached per profile with the time it was fetched. Other features reach a profile's cloud
 * through this package, never by reading its secrets themselves.
 */
package com.ecsprovisioner.provider;
