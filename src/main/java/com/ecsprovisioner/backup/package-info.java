/**
 * Scheduled backups, a feature beside deployment and the lifecycle: backup policies per provider profile and per-server
 * exceptions, the due-backups check (a non-persistent timer only wakes it; each server's record, locked while a slot
 * is claimed, decides what is due), and three job kinds plugged into the {@code engine} as handlers: the backup
 * (CreateSnapshot, the wait for it, retention of the policy's own snapshots), the disk roll-back (stop, ResetDisk,
 * start) and the restore to a new server (CreateImage, the wait for it, then a deployment started through the
 * deployment's boundary, so that its steps and rollback are the deployment's own, not copied here). What each job was
 * asked is kept in tables of its own keyed by the job's id ({@code backup_run}, {@code disk_restore},
 * {@code new_server_restore}). The public face other packages may use: the {@link com.ecsprovisioner.backup.Backups}
 * boundary and the types its methods take and give ({@code BackupViews}, {@code BackupMode}, {@code BackupSchedule});
 * the rest is this feature's own.
 */
package com.ecsprovisioner.backup;
