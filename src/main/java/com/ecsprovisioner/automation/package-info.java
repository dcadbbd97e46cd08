/**
 * The public JMS interface (issue 14; README, "Automation interface (JMS)"): commands in on {@code ecs.commands},
 * checked against the command's JSON Schema ({@code /api/schemas/command-v1.json}), and carried out through the same
 * boundaries the console calls ({@code deployment.Deployments}, {@code lifecycle.ServerActions},
 * {@code customservers.CustomServers}), attributed to the broker user the broker authenticated. A command is
 * idempotent by its request id in the database ({@link com.ecsprovisioner.automation.CommandRequest}); one that
 * cannot be carried out is kept ({@link com.ecsprovisioner.automation.RejectedCommand}) and answered with a
 * rejection; both answers go through the outbox, in the transaction of what they answer.
 * <p>
 * Nothing in the engine or the features imports this package; it uses of the engine only what the console uses.
 */
package com.ecsprovisioner.automation;
