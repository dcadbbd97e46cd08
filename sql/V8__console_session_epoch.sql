-- A console user's session generation. Every session remembers the value it logged in with and every request
-- compares it with this column, so that logging out, deleting the user, or changing their password or role ends
-- all of their sessions on every node (the database is what all nodes share).
ALTER TABLE app_user ADD COLUMN session_epoch BIGINT DEFAULT 0 NOT NULL;
