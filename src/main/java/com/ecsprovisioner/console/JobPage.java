package com.ecsprovisioner.console;

import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobStep;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One job as it happens: its progress, each step with its state, attempts and duration, a timeline of how long the
 * steps took, and its log; the page polls while the job is active. Retry, roll back and cancel for admins.
 */
@Named
@ViewScoped
public class JobPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Deployments deployments;

    private Long id;
    private transient Job job;

    public Job getJob() {
        if (job == null && id != null) {
            job = deployments.job(id);
        }
        return job;
    }

    /** Roll back is offered for this job (its kind and state allow it). */
    public boolean isRollbackOffered() {
        return getJob() != null && deployments.rollbackOffered(getJob());
    }

    /** Cancel is offered for this job (its kind and state allow it). */
    public boolean isCancelOffered() {
        return getJob() != null && deployments.cancelOffered(getJob());
    }

    /** Called by the poll: forget the cached job so that the page shows the database's truth. */
    public void refresh() {
        job = null;
    }

    public int getProgress() {
        List<JobStep> steps = getJob().getSteps();
        if (steps.isEmpty()) {
            return 0;
        }
        long done = steps.stream().filter(s -> s.getStatus().isSettled()).count();
        return (int) (100 * done / steps.size());
    }

    /** A log line as shown: what a server printed may hold control characters or bidirectional overrides. */
    public String shown(String message) {
        return ConsoleText.neutralised(message);
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

    public List<JobLogEntry> getLog() {
        return getJob().log();
    }

    /** How long a step took, or has taken so far. */
    public String duration(JobStep step) {
        Duration d = span(step);
        return d == null ? "" : format(d);
    }

    /** The bar's width in the timeline: its share of the longest step, at least a sliver when it ran at all. */
    public int barPercent(JobStep step) {
        Duration d = span(step);
        if (d == null) {
            return 0;
        }
        long longest = getJob().getSteps().stream().map(this::span).filter(s -> s != null).mapToLong(Duration::toMillis).max().orElse(1);
        return (int) Math.max(2, 100 * d.toMillis() / Math.max(1, longest));
    }

    private Duration span(JobStep step) {
        if (step.getStartedAt() == null) {
            return null;
        }
        Instant end = step.getFinishedAt() != null ? step.getFinishedAt() : Instant.now();
        return Duration.between(step.getStartedAt(), end);
    }

    static String format(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return d.toMillis() + " ms";
        }
        if (seconds < 120) {
            return String.format("%.1f s", d.toMillis() / 1000.0);
        }
        return (seconds / 60) + " min " + (seconds % 60) + " s";
    }

    public void retry() {
        Refusals.run(() -> {
            deployments.retry(id);
            Messages.info("Retrying from the failed step.");
            job = null;
        });
    }

    /** For a server that was legitimately rebuilt: forget its pinned host key, then run the failed step again. */
    public void acceptNewHostKeyAndRetry() {
        Refusals.run(() -> {
            deployments.acceptNewHostKey(getJob().getServerId());
            deployments.retry(id);
            Messages.info("New host key accepted: the next connection pins the key the server shows.");
            job = null;
        });
    }

    public void rollback() {
        Refusals.run(() -> {
            deployments.rollback(id);
            Messages.info("Rolling back: the resources this job created are being deleted.");
            job = null;
        });
    }

    public void cancel() {
        Refusals.run(() -> {
            deployments.cancel(id);
            Messages.info("Cancelling: the job stops and rolls back what it created.");
            job = null;
        });
    }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }
}
