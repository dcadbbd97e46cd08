/**
 * Clean-up by itself: resources the product tagged that no live server uses any more (orphans: VPCs, vSwitches,
 * security groups, instances), looked for per profile every few minutes by whichever node the database lets look
 * ({@link com.ecsprovisioner.cleanup.OrphanWatch}), recorded with their age ({@link com.ecsprovisioner.cleanup.OrphanRecord}),
 * and, once the grace period an operator set has passed (never for instances unless enabled), deleted by durable jobs
 * of their own kind ({@link com.ecsprovisioner.cleanup.OrphanDeletion}, a job handler: the engine does not know the
 * kind). A person's deletion from the Clean-up page is such a job too. Each deletion is in the audit trail. A profile's
 * shared network is never an orphan while the profile exists. Other packages may use the boundary
 * {@link com.ecsprovisioner.cleanup.Cleanup} and the types it takes and gives.
 */
package com.ecsprovisioner.cleanup;
