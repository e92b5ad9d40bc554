-- Content documents (hubs, activities, services, taxonomy terms) and the change
-- sequence that replicas pull. A row with a NULL body is a tombstone: it keeps its
-- key and change number so replicas learn about the delete.
CREATE TABLE content (
    kind        TEXT    NOT NULL CHECK (kind IN ('hub', 'activity', 'service', 'taxonomy_term')),
    id          TEXT    NOT NULL,
    -- The city a document belongs to (NULL: every city, as for the taxonomy).
    city        TEXT,
    -- An activity's hub. Tombstoned hubs keep their row, so this always resolves.
    parent_kind TEXT,
    parent_id   TEXT,
    body        TEXT    CHECK (body IS NULL OR json_valid(body)),
    seq         INTEGER NOT NULL UNIQUE CHECK (seq > 0),
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (kind, id),
    FOREIGN KEY (parent_kind, parent_id) REFERENCES content (kind, id)
) STRICT;

CREATE INDEX content_live_by_kind_city ON content (kind, city) WHERE body IS NOT NULL;
CREATE INDEX content_by_parent ON content (parent_kind, parent_id);
