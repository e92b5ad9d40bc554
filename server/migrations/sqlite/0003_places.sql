-- Places: an activity's public counts of people per session (kind 'places', keyed by the
-- activity, parent the activity), written by the server in the transaction that changes
-- registrations and synced like any document. SQLite cannot change a CHECK in place, so
-- the table is rebuilt with the same columns, rows and change numbers. Its foreign key
-- names the new table, which the rename carries over to the final name.
CREATE TABLE content_new (
    kind        TEXT    NOT NULL CHECK (kind IN ('hub', 'activity', 'service', 'taxonomy_term', 'places')),
    id          TEXT    NOT NULL,
    -- The city a document belongs to (NULL: every city, as for the taxonomy).
    city        TEXT,
    -- An activity's hub, a places document's activity. Tombstones keep their row, so this always resolves.
    parent_kind TEXT,
    parent_id   TEXT,
    body        TEXT    CHECK (body IS NULL OR json_valid(body)),
    seq         INTEGER NOT NULL UNIQUE CHECK (seq > 0),
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (kind, id),
    FOREIGN KEY (parent_kind, parent_id) REFERENCES content_new (kind, id)
) STRICT;

INSERT INTO content_new (kind, id, city, parent_kind, parent_id, body, seq, updated_at)
    SELECT kind, id, city, parent_kind, parent_id, body, seq, updated_at FROM content;
DROP TABLE content;
ALTER TABLE content_new RENAME TO content;

CREATE INDEX content_live_by_kind_city ON content (kind, city) WHERE body IS NOT NULL;
CREATE INDEX content_by_parent ON content (parent_kind, parent_id);

-- Recounting an activity's places reads its registrations by activity and start.
CREATE INDEX registrations_by_activity ON registrations (activity_id, session_start);
