-- A job's network policy was VARCHAR(16) since V2, but one of its two values, SHARED_PER_PROFILE, has 18 characters:
-- every deployment into the profile's shared network failed when its job was stored (found by the automation
-- benchmark, issue 14). Widened to the width of the profile's column (V3); the rows kept as they are. Portable SQL for
-- H2 and PostgreSQL.
ALTER TABLE provisioning_job ALTER COLUMN network_policy SET DATA TYPE VARCHAR(32);
