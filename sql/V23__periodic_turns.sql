-- Periodic work on several nodes (issue 17): each node's non-persistent timer fires, and the first node to take the
-- turn of a task for the period does it; the others skip that tick. The row is locked while a node takes its turn,
-- so two nodes never both see it free. One row per task, made here so that nobody has to insert concurrently.
CREATE TABLE periodic_turn (
    task     VARCHAR(64)  NOT NULL PRIMARY KEY,
    holder   VARCHAR(64),
    next_due TIMESTAMP WITH TIME ZONE,
    version  BIGINT       NOT NULL
);
INSERT INTO periodic_turn (task, holder, next_due, version) VALUES ('job-sweep', NULL, NULL, 0);
INSERT INTO periodic_turn (task, holder, next_due, version) VALUES ('status-sync', NULL, NULL, 0);
