-- The per-city feed. A device keeps only the cities its person chose (plus what belongs to
-- every city, such as the taxonomy), and pulls the changes of those cities only.
CREATE INDEX content_by_city_seq ON content (city COLLATE NOCASE, seq);

-- A document that left a city: the old city's replicas must drop it, and a feed filtered
-- on the current city would never tell them. One row per document and city it left, with
-- the change number of its latest departure (the number of the change that moved it).
CREATE TABLE content_departures (
    kind TEXT    NOT NULL,
    id   TEXT    NOT NULL,
    city TEXT    NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (kind, id, city)
) STRICT;

CREATE INDEX content_departures_by_city_seq ON content_departures (city COLLATE NOCASE, seq);

-- Every write that changes a document's city (a hub moved, its activities and places
-- following it, a service moved) records where it left, whatever code path wrote it.
-- Delete then insert: an outer statement's conflict clause (the content upsert's) overrides
-- an OR REPLACE inside a trigger.
CREATE TRIGGER content_left_city AFTER UPDATE OF city ON content
WHEN OLD.city IS NOT NULL AND OLD.city IS NOT NEW.city
BEGIN
    DELETE FROM content_departures WHERE kind = OLD.kind AND id = OLD.id AND city = OLD.city;
    INSERT INTO content_departures (kind, id, city, seq) VALUES (OLD.kind, OLD.id, OLD.city, NEW.seq);
END;
