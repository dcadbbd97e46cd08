-- State the engine used to read back from the job's log now lives in columns of its own. Each is filled from the
-- log lines the earlier code wrote, so that jobs already in the database, unfinished ones included, go on exactly
-- where they were.

-- The step's call that must not be repeated was made: the lifecycle steps logged 'Cloud accepted: ...', the
-- release of a server's instances logged 'Instances tagged with server N: ...' once it had looked them up.
ALTER TABLE job_step ADD COLUMN call_made BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE job_step SET call_made = TRUE
WHERE EXISTS (SELECT 1 FROM job_log l
              WHERE l.job_id = job_step.job_id AND l.step = job_step.name
                AND (l.message LIKE 'Cloud accepted: %'
                     OR (job_step.name = 'DELETE_INSTANCE' AND l.message LIKE 'Instances tagged with server %')));

-- Errors of ours per step (the third stops the job): the 'Internal error' lines logged in that step.
ALTER TABLE job_step ADD COLUMN internal_errors INTEGER DEFAULT 0 NOT NULL;
UPDATE job_step SET internal_errors =
    (SELECT COUNT(*) FROM job_log l
     WHERE l.job_id = job_step.job_id AND l.step = job_step.name AND l.log_level = 'ERROR'
       AND l.message LIKE 'Internal error%');

-- The same during a rollback (its lines carry no step), and the rollback's retries, whose back-off counted every
-- warning of the job.
ALTER TABLE provisioning_job ADD COLUMN rollback_internal_errors INTEGER DEFAULT 0 NOT NULL;
UPDATE provisioning_job SET rollback_internal_errors =
    (SELECT COUNT(*) FROM job_log l
     WHERE l.job_id = provisioning_job.id AND l.step IS NULL AND l.log_level = 'ERROR'
       AND l.message LIKE 'Internal error%');

ALTER TABLE provisioning_job ADD COLUMN rollback_retries INTEGER DEFAULT 0 NOT NULL;
UPDATE provisioning_job SET rollback_retries =
    (SELECT COUNT(*) FROM job_log l WHERE l.job_id = provisioning_job.id AND l.log_level = 'WARN');

-- Transient failures since the step last got an answer (new: an unreachable server's retries back off with it).
ALTER TABLE job_step ADD COLUMN consecutive_failures INTEGER DEFAULT 0 NOT NULL;
