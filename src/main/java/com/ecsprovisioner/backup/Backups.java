package com.ecsprovisioner.backup;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditTrail;
import com.ecsprovisioner.audit.Changes;
import com.ecsprovisioner.backup.BackupViews.Attention;
import com.ecsprovisioner.backup.BackupViews.NewServerMade;
import com.ecsprovisioner.backup.BackupViews.ProfilePolicy;
import com.ecsprovisioner.backup.BackupViews.ServerBackups;
import com.ecsprovisioner.backup.BackupViews.SnapshotRow;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.engine.TargetsLookup;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.security.Role;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerSearch;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The boundary for backups. Admins set a profile's policy and a server's exception, and ask for a backup now;
 * admins and viewers read a server's backups, its snapshots (from the cloud) and the servers the dashboard flags.
 * A refusal is a {@link Rejected} whose message is meant for the person. The schedule itself runs in
 * {@link BackupClaims}, woken by {@link BackupWatch}.
 */
@Stateless
public class Backups {

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext context;

    @Inject
    Requester requester;

    @Inject
    TargetsLookup targets;

    @Inject
    JobQueue queue;

    @Inject
    JobEvents events;

    @Inject
    @BackupClock
    Clock clock;

    @Inject
    AuditTrail audit;

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public ProfilePolicy profilePolicy(long profileId) {
        Optional<ProfileBackupPolicy> p = Optional.ofNullable(em.find(ProfileBackupPolicy.class, profileId));
        return new ProfilePolicy(profileId, BackupRequests.zone(p).getId(), p.flatMap(ProfileBackupPolicy::schedule));
    }

    /**
     * Sets the policy of all the profile's servers ({@code on} false: none) and the zone its schedules are read in.
     * The servers that follow it count from now: a slot already past is not owed.
     */
    @RolesAllowed(Role.ADMIN_NAME)
    public ProfilePolicy setProfilePolicy(long profileId, boolean on, String days, String hours, int keep, String zone) {
        ProviderProfile profile = em.find(ProviderProfile.class, profileId);
        if (profile == null) {
            throw new Rejected("There is no provider profile " + profileId + " (was it deleted?)");
        }
        BackupSchedule schedule = on ? BackupSchedule.parse(days, hours, keep) : null;
        Instant now = clock.instant();
        ProfileBackupPolicy policy = em.find(ProfileBackupPolicy.class, profileId, LockModeType.PESSIMISTIC_WRITE);
        ProfilePolicy before = profilePolicy(profileId);
        if (policy == null) {
            policy = new ProfileBackupPolicy(profileId, now);
            em.persist(policy);
        }
        policy.set(schedule, zone, now);
        em.createNamedQuery("ServerBackup.ofProfile", ServerBackup.class).setParameter("profileId", profileId)
                .getResultList().forEach(b -> b.profilePolicyChanged(now));
        ProfilePolicy after = profilePolicy(profileId);
        audited(AuditAction.BACKUP_POLICY_CHANGED, "profile '" + profile.getName() + "' (" + profileId + ")",
                Changes.none().field("policy", before.describe(), after.describe()));
        return after;
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public ServerBackups ofServer(long serverId) {
        Server server = server(serverId);
        Optional<ProfileBackupPolicy> policy = Optional.ofNullable(em.find(ProfileBackupPolicy.class, server.getProfileId()));
        ServerBackup record = Optional.ofNullable(em.find(ServerBackup.class, serverId))
                .orElseGet(() -> new ServerBackup(serverId, server.getProfileId(), clock.instant()));
        return BackupRecords.view(record, policy, clock.instant());
    }

    /** The server's exception: its profile's policy, its own, or none; counted from now. */
    @RolesAllowed(Role.ADMIN_NAME)
    public ServerBackups setServerPolicy(long serverId, BackupMode mode, String days, String hours, int keep) {
        Server server = server(serverId);
        BackupSchedule own = mode == BackupMode.OWN ? BackupSchedule.parse(days, hours, keep) : null;
        ServerBackup record = record(server, serverId);
        ServerBackups before = ofServer(serverId);
        Instant now = clock.instant();
        switch (mode) {
            case PROFILE -> record.followProfile(now);
            case OWN -> record.own(own, now);
            case NONE -> record.none(now);
        }
        ServerBackups after = ofServer(serverId);
        audited(AuditAction.SERVER_BACKUP_POLICY_CHANGED, "server '" + server.getName() + "' (" + serverId + ")", Changes.none()
                        .field("follows", before.mode().label(), after.mode().label())
                        .field("own policy", before.own().map(BackupSchedule::describe).orElse(null),
                                after.own().map(BackupSchedule::describe).orElse(null))
                        .field("in force", before.inForce(), after.inForce()));
        return after;
    }

    /** A backup of the policy in force now, counted in its retention; answers the job's id. */
    @RolesAllowed(Role.ADMIN_NAME)
    public long backupNow(long serverId) {
        Server server = server(serverId);
        em.lock(server, LockModeType.PESSIMISTIC_WRITE);
        ServerBackup record = record(server, serverId);
        Optional<ProfileBackupPolicy> policy = Optional.ofNullable(em.find(ProfileBackupPolicy.class, server.getProfileId()));
        List<Job> jobs = em.createNamedQuery("Job.forServer", Job.class).setParameter("serverId", serverId).getResultList();
        Instant now = Instant.now();
        BackupRequests.Planned planned = BackupRequests.now(record, policy, server, jobs,
                requester.nameOf(context.getCallerPrincipal()), now);
        return BackupRecords.start(em, events, queue, planned, record, server, serverId, now);
    }

    /**
     * Rolls the server's system disk back to one of its own snapshots: the instance is stopped, the disk reset, the
     * instance started again; what was written since is lost. Answers the job's id.
     */
    @RolesAllowed(Role.ADMIN_NAME)
    public long restoreDisk(long serverId, String snapshotId) {
        Server server = server(serverId);
        em.lock(server, LockModeType.PESSIMISTIC_WRITE);
        List<Job> jobs = em.createNamedQuery("Job.forServer", Job.class).setParameter("serverId", serverId).getResultList();
        Optional<String> refused = BackupRequests.refusal(server, jobs);
        if (refused.isPresent()) {
            throw new Rejected(refused.get());
        }
        String wanted = accomplished(server, snapshotId).id();
        Instant now = Instant.now();
        JobEvents.Before before = JobEvents.before(null, server);
        Job job = BackupKinds.restore(serverId, server, wanted, requester.nameOf(context.getCallerPrincipal()), now);
        em.persist(job);
        em.flush();
        em.persist(new DiskRestore(job.getId(), wanted));
        events.record(before, job, server, now);
        queue.advance(job.getId());
        return job.getId();
    }

    /**
     * Restores one of the server's snapshots to a new server named {@code newName}, of {@code instanceType} (blank:
     * the source's): an image is made from the snapshot, then the new server deployed from it as any other. The
     * source server is left as it is. Answers the restore job's id.
     */
    @RolesAllowed(Role.ADMIN_NAME)
    public long restoreToNewServer(long serverId, String snapshotId, String newName, String instanceType) {
        Server server = server(serverId);
        String name = Server.requireValidName(newName == null ? null : newName.strip());
        if (ServerSearch.nameInUse(em, name)) {
            throw new Rejected("A server named " + name + " exists already: choose another name for the new server");
        }
        if (server.getInstanceId() == null) {
            throw new Rejected("Server " + server.getName() + " has no instance, so no snapshots to restore");
        }
        CloudTypes.Snapshot snapshot = accomplished(server, snapshotId);
        String type = instanceType == null || instanceType.isBlank() ? server.getInstanceType() : instanceType.strip();
        // The new disk holds the snapshot's: the profile's default size unless the snapshot's disk was larger.
        int profileDisk = targets.get().defaultsFor(server.getProfileId()).diskSizeGiB();
        Integer disk = snapshot.sizeGiB() > profileDisk ? snapshot.sizeGiB() : null;
        Instant now = Instant.now();
        Job job = BackupKinds.newServer(serverId, server, snapshot.id(), name, requester.nameOf(context.getCallerPrincipal()), now);
        em.persist(job);
        em.flush();
        em.persist(new NewServerRestore(job.getId(), snapshot.id(), name, type, disk));
        events.record(JobEvents.before(null, server), job, server, now);
        queue.advance(job.getId());
        return job.getId();
    }

    /** What the restore to a new server of job {@code jobId} made so far; empty for a job of another kind. */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public Optional<NewServerMade> newServerMade(long jobId) {
        return Optional.ofNullable(em.find(NewServerRestore.class, jobId)).map(r -> new NewServerMade(r.serverName(),
                r.deployJobId().orElse(null), r.newServerId().orElse(null), r.imageId().orElse(null)));
    }

    private CloudTypes.Snapshot accomplished(Server server, String snapshotId) {
        String wanted = snapshotId == null ? "" : snapshotId.strip();
        CloudTypes.Snapshot snapshot = targets.get().cloudFor(server).snapshotsOf(server.getInstanceId()).stream()
                .filter(s -> s.id().equals(wanted)).findFirst().orElseThrow(() -> new Rejected("\"" + Job.clip(wanted, 64)
                        + "\" is not a snapshot of the disk of server " + server.getName()));
        if (snapshot.status() != CloudTypes.SnapshotStatus.ACCOMPLISHED) {
            throw new Rejected("Snapshot " + wanted + " is not finished yet (" + snapshot.progressPercent() + "%): wait until it is");
        }
        return snapshot;
    }

    /** The snapshots of the server's disk, newest first, read from the cloud now. */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<SnapshotRow> snapshots(long serverId) {
        Server server = server(serverId);
        if (server.getInstanceId() == null) {
            return List.of();
        }
        List<SnapshotRow> rows = new ArrayList<>();
        for (CloudTypes.Snapshot s : targets.get().cloudFor(server).snapshotsOf(server.getInstanceId())) {
            rows.add(new SnapshotRow(s.id(), s.name(), s.createdAt(), s.sizeGiB(), s.status().name().toLowerCase(),
                    s.tags().get(BackupKinds.POLICY_TAG)));
        }
        rows.sort(Comparator.comparing(SnapshotRow::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return rows;
    }

    /** The servers whose last backup failed or that have none within their policy's period. */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<Attention> attention() {
        List<Attention> out = new ArrayList<>();
        Instant now = clock.instant();
        for (ServerBackup record : em.createNamedQuery("ServerBackup.all", ServerBackup.class).getResultList()) {
            Server server = em.find(Server.class, record.getServerId());
            if (server == null || server.getStatus() == ServerStatus.DELETED) {
                continue;
            }
            Optional<ProfileBackupPolicy> policy = Optional.ofNullable(em.find(ProfileBackupPolicy.class, record.getProfileId()));
            ServerBackups view = BackupRecords.view(record, policy, now);
            if (view.lastFailed() || view.overdue()) {
                out.add(new Attention(record.getServerId(), server.getName(), view.lastFailed(), view.overdue(),
                        view.lastFailed() ? "last backup failed: " + view.lastFailure()
                                : "no successful backup since " + (view.lastSuccessAt() == null ? "its policy began" : view.lastSuccessAt())));
            }
        }
        return out;
    }

    /** A policy saved as it was is no change: the trail records only what changed. */
    private void audited(AuditAction action, String subject, Changes changes) {
        if (!changes.isEmpty()) {
            audit.record(requester.nameOf(context.getCallerPrincipal()), action, subject, changes);
        }
    }

    private ServerBackup record(Server server, long serverId) {
        ServerBackup record = em.find(ServerBackup.class, serverId, LockModeType.PESSIMISTIC_WRITE);
        if (record == null) {
            record = new ServerBackup(serverId, server.getProfileId(), clock.instant());
            em.persist(record);
        }
        return record;
    }

    private Server server(long serverId) {
        Server server = em.find(Server.class, serverId);
        if (server == null) {
            throw new Rejected("There is no server " + serverId);
        }
        return server;
    }
}
