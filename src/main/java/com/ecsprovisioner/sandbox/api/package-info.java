/**
 * The sandbox's HTTP wire layer: Alibaba's RPC protocol exactly as the reference describes it (GET and POST,
 * query and form parameters merged, routing by Version and Action, signature V1 and V3 verified over what was
 * received ({@code Authenticator}), the real error codes, statuses and body shapes), fault injection, the admin endpoints, and the small
 * JSON codec the sandbox uses instead of a library. It authenticates and translates; it holds no cloud state and
 * no rules about resources, which live in {@code sandbox.cloud}.
 */
package com.ecsprovisioner.sandbox.api;
