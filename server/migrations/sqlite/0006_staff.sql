-- Staff accounts, the hubs each works at, and invitations. Sessions live in the session
-- layer's own table (tower_sessions), created by its store at start.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'volunteer')),
    -- argon2id in PHC form.
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- Raised to end every session of the account (deactivation, a new password).
    epoch INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

-- Hubs are content documents, which can be deleted; an account keeps the id it was given.
CREATE TABLE account_hubs (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    hub_id INTEGER NOT NULL,
    PRIMARY KEY (account_id, hub_id)
) WITHOUT ROWID;

CREATE TABLE invites (
    -- SHA-256 of the link's token: the token itself is never stored.
    token_digest TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'volunteer')),
    -- JSON array of hub ids.
    hubs TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    invited_by INTEGER NOT NULL REFERENCES accounts (id),
    used_at INTEGER,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Staff sessions, as tower-sessions-sqlx-store reads and writes them (its own `migrate`
-- makes the same table; made here so that one migration run sets up the whole schema).
CREATE TABLE IF NOT EXISTS tower_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    data BLOB NOT NULL,
    -- RFC 3339 text, as the store binds it (despite the declared type).
    expiry_date INTEGER NOT NULL
);
