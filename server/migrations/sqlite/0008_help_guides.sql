-- Guides: the kiosks' digital-help guides (kind 'help_guide', no city: every device keeps
-- them, as it keeps the taxonomy). SQLite cannot change a CHECK in place, so the table is
-- rebuilt with the same columns, rows and change numbers, as in 0003, and the indexes and
-- the trigger that were on it are made again.
CREATE TABLE content_new (
    kind        TEXT    NOT NULL CHECK (kind IN ('hub', 'activity', 'service', 'taxonomy_term', 'places', 'help_guide')),
    id          TEXT    NOT NULL,
    -- The city a document belongs to (NULL: every city, as for the taxonomy and guides).
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
CREATE INDEX content_by_kind_seq ON content (kind, seq);
CREATE INDEX content_by_city_seq ON content (city COLLATE NOCASE, seq);

CREATE TRIGGER content_left_city AFTER UPDATE OF city ON content
WHEN OLD.city IS NOT NULL AND OLD.city IS NOT NEW.city
BEGIN
    DELETE FROM content_departures WHERE kind = OLD.kind AND id = OLD.id AND city = OLD.city;
    INSERT INTO content_departures (kind, id, city, seq) VALUES (OLD.kind, OLD.id, OLD.city, NEW.seq);
END;
