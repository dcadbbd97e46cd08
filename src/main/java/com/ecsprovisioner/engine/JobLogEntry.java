package com.ecsprovisioner.engine;

import com.ecsprovisioner.platform.StoredEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/** One line of a job's history, as a person reads it. Never carries a secret. */
@Entity
@Table(name = "job_log")
public class JobLogEntry extends StoredEntity {

    public enum Level { INFO, WARN, ERROR }

    @ManyToOne(optional = false)
    @JoinColumn(name = "job_id")
    private Job job;

    @Column(name = "logged_at", nullable = false)
    private Instant at;

    @Column(length = 32)
    private String step;

    @Column(name = "log_level", nullable = false, length = 8)
    @Enumerated(EnumType.STRING)
    private Level level;

    @Column(nullable = false, length = 2000)
    private String message;

    protected JobLogEntry() {
    }

    JobLogEntry(Job job, Instant at, StepName step, Level level, String message) {
        this.job = job;
        this.at = at;
        this.step = step == null ? null : step.name();
        this.level = level;
        this.message = Job.clip(message, 2000);
    }

    public Instant getAt() {
        return at;
    }

    /** The step the job was in (with the label its job shows), or null. */
    public StepName getStep() {
        return step == null ? null : job.steps().named(step);
    }

    public Level getLevel() {
        return level;
    }

    public String getMessage() {
        return message;
    }

    @Override
    public String toString() {
        return at + " " + level + (step == null ? "" : " [" + step + "]") + " " + message;
    }
}
