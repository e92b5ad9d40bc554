-- Visitors' requests for help, left at a hub's kiosk. `id` is the kiosk's mutation id (a
-- UUIDv7, so ids sort by when they were made). The name and details are erased a day after
-- a request is done, and a week after it arrived in any case; the rest stays for counts.
CREATE TABLE help_requests (
    id TEXT PRIMARY KEY,
    hub_id INTEGER NOT NULL,
    name TEXT,
    topic TEXT NOT NULL,
    details TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'taken', 'done')),
    taken_by INTEGER REFERENCES accounts (id),
    received_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX help_requests_by_hub ON help_requests (hub_id, status, updated_at);
