-- The latest change of one kind of document (what the services guide's cache compares
-- against on every search) is read from the end of this index, not by a scan.
CREATE INDEX content_by_kind_seq ON content (kind, seq);
