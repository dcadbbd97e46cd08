/**
 * The sandbox cloud: a local stand-in for Alibaba Cloud ECS and VPC that the real, unmodified Alibaba SDK cannot
 * tell apart from the real service for everything this product does. It is what the Quick start runs against, what
 * integration tests use, and what a prospective user tries before entering real keys. Entry points: {@link
 * com.ecsprovisioner.sandbox.Sandbox} (embedded: the application starts it from a startup bean when sandbox mode is
 * on), {@link com.ecsprovisioner.sandbox.SandboxMain} (standalone) and {@link com.ecsprovisioner.sandbox.SandboxConfig}.
 * Plain Java 17 and the JDK only (no Jakarta EE API), so that the same code runs inside the server and on its own.
 * {@link com.ecsprovisioner.sandbox.SandboxHostDirectory} is the seam to the SSH hosts in {@code sandbox.ssh}, which
 * another part owns; this package and its {@code api} and {@code cloud} sub-packages never reach into that one.
 */
package com.ecsprovisioner.sandbox;
