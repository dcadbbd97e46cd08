/**
 * The job engine, and nothing of any particular job: durable jobs that always finish and never create a resource
 * twice. A {@link com.ecsprovisioner.engine.Job} row holds its steps with their client tokens (made and committed
 * before the create call that uses them, reused on every retry), the resources created so far, the next time the
 * job should run, its claim and a log; the database is the truth, and a JMS message ("advance job N",
 * {@link com.ecsprovisioner.engine.JobConsumer}) or the periodic {@link com.ecsprovisioner.engine.JobSweep} only says
 * "look now". {@link com.ecsprovisioner.engine.JobWorker} claims a job (a lease plus the version check) and writes a
 * step's {@link com.ecsprovisioner.engine.Outcome} back, each in a short transaction of its own;
 * {@link com.ecsprovisioner.engine.JobAdvancer} calls the cloud between them, outside any transaction, in a turn
 * ({@link com.ecsprovisioner.engine.JobTurns}) that ends at the job's first wait. A wait that is not a look at the
 * cloud ends with a message of its own, delivered when the wait is over ({@link com.ecsprovisioner.engine.Wakes});
 * looks at the cloud are the sweep's, batched per account and region ({@link com.ecsprovisioner.engine.SweepRound}),
 * and a job the sweep moved on goes to the consumers for its next steps.
 * <p>
 * What a job does is not here: each kind's steps, rollback and retry are a {@link com.ecsprovisioner.engine.JobHandler}
 * that a feature provides (a CDI bean), found through {@link com.ecsprovisioner.engine.JobHandlers} by the job's
 * kind, so that the worker, advancer and sweep never branch on a kind. {@link com.ecsprovisioner.engine.JobKind}
 * and {@link com.ecsprovisioner.engine.StepName} are values (name and label; a step also its default deadline) that
 * the features declare, equal by name; the engine names none, and a job keeps the labels it was made with (V11), so
 * that a job whose kind no handler declares is still shown, and left alone by the worker. Which cloud resources a
 * job's next run looks at (batched by the sweep) is its handler's word too. The decisions every handler makes about a
 * step (wait with a growing interval, retry with back-off within the deadline, stop with the cloud's words) are
 * written once in {@link com.ecsprovisioner.engine.StepOutcomes}, every interval counted from the end of the attempt.
 * The cloud is reached only through the {@code cloud} port's failure vocabulary; the profiles only through
 * {@link com.ecsprovisioner.engine.DeploymentTargets}. The job still carries the columns of the kinds it runs
 * (the plan's columns, the bootstrap progress, a lifecycle action's details) as embedded parts, beside its own
 * (claim, failure, zone, rollback); a step's order is its place in its kind's declared list. The entity keeps its
 * columns and its own state machine; the moves of its parts are in small classes over them that it hands out:
 * {@link com.ecsprovisioner.engine.JobSteps} (current step, begin, complete, skip, go back),
 * {@link com.ecsprovisioner.engine.JobRollback} (cancel, rollback begun, done or stopped),
 * {@link com.ecsprovisioner.engine.JobResources} (the ledger of what it created) and
 * {@link com.ecsprovisioner.engine.JobBootstrap} (attempts and the followed log), each checked by the job's guard;
 * {@link com.ecsprovisioner.engine.JobRequest} is what was asked and by whom (kind, caller, request id). No page code here, and no thread ever sleeps waiting for the cloud or a server.
 */
package com.ecsprovisioner.engine;
