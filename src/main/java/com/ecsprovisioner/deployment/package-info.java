/**
 * Deploying a server: the boundary {@link com.ecsprovisioner.deployment.Deployments} (validation, authorisation,
 * transactions; also retry, roll back and cancel of any job, handed to the handler of the job's kind), the request
 * checks ({@link com.ecsprovisioner.deployment.DeployRequestCheck}: zone and network policies, the catalogue) and
 * the deployment's handler {@link com.ecsprovisioner.deployment.DeploymentProcess}: its steps as plain Java against
 * the {@code cloud} port (zone, VPC, vSwitch, security group, rules, instance, Running, SSH), then
 * {@link com.ecsprovisioner.deployment.BootstrapStep}, which runs the bootstrap scripts over SSH one short call per
 * turn and keeps their progress on the job and the server, and the rollback in dependency order. A bootstrap-only
 * job (a custom server, no cloud) has that last step alone. The deployment's kind and steps are declared here
 * ({@link com.ecsprovisioner.deployment.DeploymentJobs}, which also makes its jobs; {@code DeploymentStep} holds each
 * step's label and default deadline), not in the engine; so is the checked plan
 * ({@link com.ecsprovisioner.deployment.DeploymentPlan}), which the job keeps as the engine's kind-neutral
 * {@code JobPlan} columns. It plugs into the {@code engine} as a
 * {@code JobHandler} ({@link com.ecsprovisioner.deployment.DeploymentConfiguration}); what it needs of servers'
 * logins comes through {@code bootstrap.BootstrapAccess}. The public face other packages may use: the boundary,
 * its request and answer types (the deploy check's {@code Preflight} and {@code PreflightRefused}, the
 * {@code ResourceChain} the console draws, {@code NamePattern}'s "another like this"), the dashboard's read-only
 * boundary {@code FleetOverview}, and {@code DeploymentJobs} (custom servers make their bootstrap jobs there); the
 * rest is this feature's own.
 */
package com.ecsprovisioner.deployment;
