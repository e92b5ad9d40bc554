-- Hubs' kiosks: shared devices visitors use with no login. Each holds a credential (a
-- cookie) of which only the SHA-256 is kept here; revoking one makes it open nothing.
CREATE TABLE kiosks (
    id INTEGER PRIMARY KEY,
    token_digest TEXT NOT NULL UNIQUE,
    -- Hubs are content documents, which can be deleted; a kiosk keeps the id it was given.
    hub_id INTEGER NOT NULL,
    label TEXT NOT NULL,
    idle_seconds INTEGER NOT NULL,
    enrolled_by INTEGER NOT NULL REFERENCES accounts (id),
    enrolled_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE INDEX kiosks_by_hub ON kiosks (hub_id);
