package com.ecsprovisioner.console;

import com.ecsprovisioner.backup.BackupViews.NewServerMade;
import com.ecsprovisioner.backup.Backups;
import com.ecsprovisioner.customservers.CustomServers;
import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.JobTiming;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.PrimeFaces;
import org.primefaces.model.timeline.TimelineEvent;
import org.primefaces.model.timeline.TimelineGroup;
import org.primefaces.model.timeline.TimelineModel;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One job as it happens: its progress and time, each step with its state, a timeline chart of the steps, its log as
 * a filterable pane, and once a deployment succeeded what to do next; the page polls while the job is active.
 * Retry, roll back and cancel for admins.
 */
@Named
@ViewScoped
public class JobPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Deployments deployments;

    @Inject
    transient CustomServers customServers;

    @Inject
    transient Backups backups;

    private Long id;
    private String logFilter;
    private String logLevel;
    private transient Job job;
    private transient JobTiming timing;
    private transient Server server;
    private transient boolean serverLookedUp;
    private transient Optional<NewServerMade> restoreMade;
    /** Asked once per request: a kind's handler may read the database to decide (a restore reads its image). */
    private transient Boolean rollbackOffered;
    /** The steps' states and times the timeline was last drawn with: the poll redraws it only when they changed. */
    private String timelineDrawn;

    public Job getJob() {
        if (job == null && id != null) {
            job = deployments.job(id);
        }
        return job;
    }

    /** Roll back is offered for this job (its kind and state allow it). */
    public boolean isRollbackOffered() {
        if (rollbackOffered == null) {
            rollbackOffered = getJob() != null && deployments.rollbackOffered(getJob());
        }
        return rollbackOffered;
    }

    /** Cancel is offered for this job (its kind and state allow it). */
    public boolean isCancelOffered() {
        return getJob() != null && deployments.cancelOffered(getJob());
    }

    /**
     * Called by the poll: forget the cached job so that the page shows the database's truth; redraw the timeline only
     * when a step changed, since a redraw loses the reader's zoom and pan.
     */
    public void refresh() {
        forget();
        if (getJob() == null) {
            return;
        }
        if (!StepsSeen.of(getJob().getSteps()).equals(timelineDrawn)) {
            PrimeFaces.current().ajax().update("job:timeline-panel");
        }
        // The page's poll stops its timer on this answer: an ended job changes no more.
        PrimeFaces.current().ajax().addCallbackParam("active", getJob().getState().isActive());
    }

    private void forget() {
        job = null;
        timing = null;
        server = null;
        serverLookedUp = false;
        restoreMade = null;
        rollbackOffered = null;
    }

    private JobTiming timing() {
        if (timing == null) {
            timing = deployments.timing(getJob());
        }
        return timing;
    }

    public int getProgress() {
        return timing().percent();
    }

    /** How long the job has run or took, and what runs of its kind usually take. */
    public String getTimeText() {
        return TimingText.of(timing(), getJob().getState(), getJob().getKind().label());
    }

    /**
     * The steps that started, one row each in their order, as bars from their start to their end (or to now), in
     * UTC: the chart shows them in the viewer's time zone.
     */
    public TimelineModel<String, String> getTimeline() {
        TimelineModel<String, String> model = new TimelineModel<>();
        timelineDrawn = StepsSeen.of(getJob().getSteps());
        Instant now = Instant.now();
        for (JobStep step : getJob().getSteps()) {
            if (step.getStartedAt() == null) {
                continue;
            }
            String row = "step-" + step.order();
            model.addGroup(new TimelineGroup<>(row, step.getName().label()));
            Instant end = step.getFinishedAt() != null ? step.getFinishedAt() : now;
            model.add(TimelineEvent.<String>builder().data(duration(step)).group(row)
                    .startDate(LocalDateTime.ofInstant(step.getStartedAt(), ZoneOffset.UTC))
                    .endDate(LocalDateTime.ofInstant(end.isAfter(step.getStartedAt()) ? end : step.getStartedAt().plusMillis(1), ZoneOffset.UTC))
                    .styleClass("step-" + step.getStatus().name().toLowerCase(Locale.ROOT)).build());
        }
        return model;
    }

    /** A log line as shown: what a server printed may hold control characters or bidirectional overrides. */
    public String shown(String message) {
        return ConsoleText.neutralised(Words.withoutClassNames(message));
    }

    /** The log lines that hold the filter's text (in the message or the step) at the chosen level or worse. */
    public List<JobLogEntry> getLog() {
        String needle = logFilter == null ? "" : logFilter.strip().toLowerCase(Locale.ROOT);
        JobLogEntry.Level least = level(logLevel);
        return getJob().log().stream().filter(e -> e.getLevel().compareTo(least) >= 0)
                .filter(e -> needle.isEmpty() || e.getMessage().toLowerCase(Locale.ROOT).contains(needle)
                        || (e.getStep() != null && e.getStep().label().toLowerCase(Locale.ROOT).contains(needle)))
                .toList();
    }

    /** The level picked in the filter; anything else (an old or made-up value) is all lines. */
    private static JobLogEntry.Level level(String name) {
        for (JobLogEntry.Level level : JobLogEntry.Level.values()) {
            if (level.name().equals(name)) {
                return level;
            }
        }
        return JobLogEntry.Level.INFO;
    }

    public int getLogSize() {
        return getJob().log().size();
    }

    /** The server a succeeded deployment made, to show its address, login and versions; null for other jobs. */
    public Server getNewServer() {
        Job j = getJob();
        if (!serverLookedUp && j.getState() == JobState.SUCCEEDED && j.getKind().equals(DeploymentJobs.DEPLOY) && j.getServerId() != null) {
            Server s = deployments.server(j.getServerId());
            server = s.getStatus() == ServerStatus.ACTIVE && s.getPublicIp() != null ? s : null;
            serverLookedUp = true;
        }
        return server;
    }

    public Map<String, String> getVersions() {
        return getNewServer() == null ? Map.of() : getNewServer().getComponentVersions();
    }

    public String getSiteAddress() {
        return getNewServer() == null ? null : "http://" + getNewServer().getPublicIp() + "/";
    }

    public String getSshCommand() {
        return getNewServer() == null ? null : customServers.sshCommand(getNewServer().getId()).orElse(null);
    }

    /**
     * What a restore to a new server made (its deployment job, the new server, the image), read from the restore's
     * fields to link them; null for a job of another kind.
     */
    public NewServerMade getRestoreMade() {
        if (restoreMade == null) {
            restoreMade = getJob() == null ? Optional.empty() : backups.newServerMade(getJob().getId());
        }
        return restoreMade.orElse(null);
    }

    /** The id from the page address; anything but a number is no job (404). */
    public String getIdParam() {
        return id == null ? null : id.toString();
    }

    public void setIdParam(String text) {
        id = PageIds.parse(text);
    }

    public void requireFound() {
        PageIds.requireFound(id, this::getJob);
    }

    /** How long a step took, or has taken so far. */
    public String duration(JobStep step) {
        if (step.getStartedAt() == null) {
            return "";
        }
        Instant end = step.getFinishedAt() != null ? step.getFinishedAt() : Instant.now();
        return Words.duration(Duration.between(step.getStartedAt(), end));
    }

    public void retry() {
        Refusals.run(() -> {
            deployments.retry(id);
            Messages.info("Retrying from the failed step.");
            forget();
        });
    }

    /** For a server that was legitimately rebuilt: forget its pinned host key, then run the failed step again. */
    public void acceptNewHostKeyAndRetry() {
        Refusals.run(() -> {
            deployments.acceptNewHostKey(getJob().getServerId());
            deployments.retry(id);
            Messages.info("New host key accepted: the next connection pins the key the server shows.");
            forget();
        });
    }

    public void rollback() {
        Refusals.run(() -> {
            deployments.rollback(id);
            Messages.info("Rolling back: the resources this job created are being deleted.");
            forget();
        });
    }

    public void cancel() {
        Refusals.run(() -> {
            deployments.cancel(id);
            Messages.info("Cancelling: the job stops and rolls back what it created.");
            forget();
        });
    }

    public String getLogFilter() { return logFilter; }
    public void setLogFilter(String logFilter) { this.logFilter = logFilter; }
    public String getLogLevel() { return logLevel; }
    public void setLogLevel(String logLevel) { this.logLevel = logLevel; }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }
}
