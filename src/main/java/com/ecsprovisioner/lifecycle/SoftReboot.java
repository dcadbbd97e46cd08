package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.bootstrap.SshFailure;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.InstanceState;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A reboot's soft half: the OS is asked over SSH ({@link OsReboot}) and watched until it answers again with a new
 * boot id; when that is not possible or does not happen within its steps' deadlines, the job goes on with the hard
 * reboot through the API, and its log says why. The boot id asked with is kept in the job's {@link LifecycleAction}.
 */
final class SoftReboot {

    /** The soft reboot's steps, skipped together when SSH is not possible. */
    private static final List<StepName> STEPS = List.of(LifecycleStep.OS_REBOOT.step, LifecycleStep.OS_BACK.step);

    private final LifecycleOutcomes moves;
    private final OsReboot os;

    SoftReboot(LifecycleOutcomes moves, OsReboot os) {
        this.moves = Objects.requireNonNull(moves);
        this.os = Objects.requireNonNull(os);
    }

    /** Whether the job's current step is one of the soft reboot's. */
    static boolean isSoftStep(StepName step) {
        return STEPS.contains(step);
    }

    /**
     * Whether a reboot can first be asked of the OS, decided when it is requested: only an active server whose host key
     * the product pinned (so that the connection can be trusted) answers SSH. Empty when it can; otherwise why not.
     */
    static Optional<String> softRebootRefusal(Server server, ServerStatus statusWhenAsked) {
        if (statusWhenAsked != ServerStatus.ACTIVE) {
            return Optional.of("the server is " + statusWhenAsked.dbName() + ", so its OS is not expected to answer SSH");
        }
        if (server.getHostKey() == null) {
            return Optional.of("no SSH host key is pinned for the server, so an SSH connection could not be trusted");
        }
        return Optional.empty();
    }

    /** Skips the soft reboot's steps that are not settled yet: the job goes on with the hard reboot. */
    static void skipSoftReboot(Job job, String why, Instant now) {
        for (StepName step : STEPS) {
            JobStep s = job.steps().get(step);
            if (!s.getStatus().isSettled()) {
                job.steps().skip(step, why, now);
            }
        }
    }

    /**
     * Soft reboot, first step: the OS is asked over SSH (the boot id it had is kept in the job's action), then looked at until
     * it has gone down (SSH stops answering) or has already come back (a new boot id). An OS that still answers with
     * the same boot id at the step's short deadline ignored the request, and SSH that cannot be used at all (no login,
     * no answer, the OS refuses) makes the job reboot through the API instead; the log says which and why.
     */
    Outcome osReboot(Job job, Server server, String id, CloudTypes.Instance instance, Instant now) {
        String before = moves.actions().read(job).osBootId();
        if (before == null) {
            if (instance.state() != InstanceState.RUNNING) {
                return hardInstead("instance " + id + " is " + instance.rawStatus() + " in the cloud, not Running");
            }
            OsReboot.Answer answer = os.ask(server);
            if (answer instanceof OsReboot.Asked asked) {
                Duration pause = moves.settings().pollSsh();
                String address = server.getPublicIp();
                return (j, s, t) -> {
                    LifecycleKinds.recordOsReboot(j, moves.actions().change(j), asked.bootIdBefore(), t);
                    j.steps().callMade(t, LifecycleOutcomes.CALLED + "the OS at " + address + " was asked to reboot over SSH ("
                            + asked.command() + "); boot id before: " + asked.bootIdBefore());
                    j.waitUntil(t.plus(pause), t);
                };
            }
            return hardInstead(whyNot(answer));
        }
        OsReboot.Answer answer = os.look(server);
        if (answer instanceof OsReboot.BootId boot && !boot.id().equals(before)) {
            return moves.done("The OS went down and is back already (boot id " + boot.id() + ")");
        }
        if (answer instanceof OsReboot.Down down) {
            return moves.done("SSH stopped answering: the OS is going down (" + down.message() + ")");
        }
        if (answer instanceof OsReboot.Refused refused) {
            return sshRefused(job, refused);
        }
        String why = answer instanceof OsReboot.BootId ? "it still answers SSH with the same boot id" : whyNot(answer);
        if (job.steps().current().isPastDeadline(now)) {
            return hardInstead("the OS did not go down within " + StepOutcomes.humanDuration(moves.settings().deadline(LifecycleStep.OS_REBOOT.step))
                    + " after it was asked to reboot (" + why + ")");
        }
        return moves.lookAgain(job, now, moves.settings().pollSsh());
    }

    /**
     * Soft reboot, second step: SSH answers again with a new boot id; the hard reboot is then skipped and the server
     * is active. An OS that does not answer within the step's deadline, or answers with its old boot id (it never went
     * down; SSH only dropped), is rebooted through the API.
     */
    Outcome osBack(Job job, Server server, String id, CloudTypes.Instance instance, Instant now) {
        InstanceState state = instance.state();
        if (state == InstanceState.STOPPED || state == InstanceState.STOPPING) {
            // Someone stopped it meanwhile: it will not answer by itself; the API step says what to do.
            return hardInstead("instance " + id + " is " + instance.rawStatus() + " in the cloud, not coming back by itself");
        }
        OsReboot.Answer answer = os.look(server);
        if (answer instanceof OsReboot.BootId boot) {
            if (boot.id().equals(moves.actions().read(job).osBootId())) {
                return hardInstead("SSH answers again, but with the boot id from before: the OS did not reboot");
            }
            String address = server.getPublicIp();
            return (j, s, t) -> {
                j.steps().complete(t, "The OS rebooted: SSH answers again at " + address + " with a new boot id (" + boot.id() + ")");
                j.steps().skip(LifecycleStep.REBOOT_INSTANCE.step, "not needed: the OS rebooted, soft reboot done", t);
                if (j.getState() == JobState.SUCCEEDED) {
                    s.markActive(t);
                }
            };
        }
        if (answer instanceof OsReboot.Refused refused) {
            return sshRefused(job, refused);
        }
        if (job.steps().current().isPastDeadline(now)) {
            return hardInstead("the OS did not answer SSH again within " + StepOutcomes.humanDuration(
                    moves.settings().deadline(LifecycleStep.OS_BACK.step)) + " (" + whyNot(answer) + ")");
        }
        return moves.lookAgain(job, now, moves.settings().pollSsh());
    }

    private static String whyNot(OsReboot.Answer answer) {
        if (answer instanceof OsReboot.NotPossible n) {
            return n.why();
        }
        if (answer instanceof OsReboot.Down d) {
            return "SSH does not answer: " + d.message();
        }
        if (answer instanceof OsReboot.Refused r) {
            return "SSH refused: " + r.message();
        }
        return String.valueOf(answer);
    }

    /** The soft reboot cannot or did not happen: the job goes on with the hard reboot, and its log says why. */
    private static Outcome hardInstead(String why) {
        return (j, s, t) -> rebootHardInstead(j, why, JobLogEntry.Level.WARN, t);
    }

    /**
     * Says in the job's log why the OS is not asked (or did not reboot), and skips the soft reboot's steps so that the
     * job reboots through the API. At request time (the server is not active, no host key is pinned) this is expected
     * and logged as information; after the OS was asked it is a warning.
     */
    static void rebootHardInstead(Job job, String why, JobLogEntry.Level level, Instant now) {
        job.log(now, level, "Soft reboot over SSH not possible: " + why + ". Rebooting through the API (hard) instead.");
        skipSoftReboot(job, "soft reboot not possible", now);
    }

    /**
     * SSH answered but refused us after the OS had been asked: a changed host key must reach a person (a reboot does
     * not change it; something else is at that address), and so must a login that worked a moment ago.
     */
    private Outcome sshRefused(Job job, OsReboot.Refused refused) {
        String message = refused.message();
        if (refused.kind() == SshFailure.Kind.HOST_KEY_CHANGED) {
            message += " If the server was legitimately rebuilt: choose \"Accept the new host key and retry\" on this job's page, or"
                    + " \"Accept new host key\" in the Servers list and then reboot it again.";
        }
        return moves.engine().failure(job, message, refused.kind() == SshFailure.Kind.HOST_KEY_CHANGED
                ? "HostKeyChanged" : "SshRefused", null);
    }

}
