-- Commands that complete at once (issue 19): set-backup-policy changes a row and quote-price reads a price; neither
-- has anything to wait for, retry or roll back, so neither makes a job. Their request is remembered all the same (a
-- repeated requestId is answered again, never carried out twice), without a job: job_id is null for them, and
-- result holds the command.completed.v1 event's data that is answered again to a repeat.
ALTER TABLE automation_request ALTER COLUMN job_id DROP NOT NULL;
