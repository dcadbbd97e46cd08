-- Job kinds and step names are declared by the features that run them (issue 12), not listed by the engine: a new
-- kind adds a handler and touches neither the engine nor the schema. So the list of kinds leaves the schema (V6 made
-- it last), and each job keeps the labels its kind and steps had when it was made, so that it still shows what it
-- is when no handler declares its kind any more (a node that runs an older or newer build). Portable SQL for H2 and
-- PostgreSQL.
ALTER TABLE provisioning_job DROP CONSTRAINT ck_job_kind;

ALTER TABLE provisioning_job ADD COLUMN kind_label VARCHAR(64);
-- A deployment with the bootstrap step alone (a custom server, or a server whose software is installed again) was
-- shown as "Bootstrap"; every other job by its kind's label.
UPDATE provisioning_job SET kind_label = CASE kind
    WHEN 'deploy' THEN 'Deployment'
    WHEN 'start' THEN 'Start'
    WHEN 'stop' THEN 'Stop'
    WHEN 'reboot' THEN 'Reboot'
    WHEN 'hard_reboot' THEN 'Hard reboot'
    WHEN 'resize' THEN 'Resize'
    WHEN 'snapshot' THEN 'Snapshot'
    WHEN 'delete' THEN 'Deletion'
    ELSE kind END;
UPDATE provisioning_job SET kind_label = 'Bootstrap'
WHERE kind = 'deploy'
  AND (SELECT COUNT(*) FROM job_step s WHERE s.job_id = provisioning_job.id) = 1
  AND EXISTS (SELECT 1 FROM job_step s WHERE s.job_id = provisioning_job.id AND s.name = 'BOOTSTRAP');

ALTER TABLE job_step ADD COLUMN label VARCHAR(100);
UPDATE job_step SET label = CASE name
    WHEN 'ZONE' THEN 'Choose the zone'
    WHEN 'VPC' THEN 'Create or find the VPC'
    WHEN 'VSWITCH' THEN 'Create or find the vSwitch'
    WHEN 'SECURITY_GROUP' THEN 'Create or find the security group'
    WHEN 'INGRESS_RULES' THEN 'Open SSH, HTTP and HTTPS'
    WHEN 'INSTANCE' THEN 'Run the instance'
    WHEN 'RUNNING' THEN 'Wait for Running and a public IP'
    WHEN 'SSH' THEN 'Wait until SSH answers'
    WHEN 'BOOTSTRAP' THEN 'Bootstrap the server'
    WHEN 'STOP_INSTANCE' THEN 'Stop the instance'
    WHEN 'CHANGE_TYPE' THEN 'Change the instance type'
    WHEN 'START_INSTANCE' THEN 'Start the instance'
    WHEN 'OS_REBOOT' THEN 'Reboot the OS over SSH'
    WHEN 'OS_BACK' THEN 'Wait until the OS answers SSH again'
    WHEN 'REBOOT_INSTANCE' THEN 'Reboot the instance through the API'
    WHEN 'CREATE_SNAPSHOT' THEN 'Snapshot the system disk'
    WHEN 'DELETE_INSTANCE' THEN 'Release the instance'
    WHEN 'DELETE_NETWORK' THEN 'Delete the chosen network resources'
    ELSE name END;
