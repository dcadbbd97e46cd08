/**
 * What servers cost: the cloud's own prices ({@code DescribePrice} through the cloud port), per hour and per month,
 * for the deploy form, a resize, each server running and stopped, and each profile's fleet. Prices are kept in the
 * catalogue cache with their age; a price that cannot be read is shown as unavailable with the reason, never guessed.
 */
package com.ecsprovisioner.cost;
