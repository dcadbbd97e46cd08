-- The outbox relay (issue 14): one row saying which node relays the outbox now and until when. Only the holder of an
-- unexpired lease sends, so that two nodes never send the same job's events at the same time (and so out of order);
-- a node that dies lets its lease run out, and the next one sends what it left (at least once).
CREATE TABLE event_relay_lease (
    id          INT          NOT NULL PRIMARY KEY,
    holder      VARCHAR(64),
    lease_until TIMESTAMP WITH TIME ZONE,
    version     BIGINT       NOT NULL
);
INSERT INTO event_relay_lease (id, holder, lease_until, version) VALUES (1, NULL, NULL, 0);
