-- Registrations taken through the push, and the stored answer of every pushed mutation.
-- A registration's personal part (name, contact) is erased when it is cancelled or
-- rejected, and by the retention task some days after its session; the row and its
-- counts stay.
CREATE TABLE registrations (
    -- The sign-up mutation's UUIDv7.
    id            TEXT    PRIMARY KEY,
    -- The occurrence id (`12-20261123T1000`), and its parts for queries.
    session       TEXT    NOT NULL,
    activity_id   INTEGER NOT NULL,
    -- Local wall-clock start, `YYYY-MM-DDTHH:MM`: sorts as time.
    session_start TEXT    NOT NULL,
    party         INTEGER NOT NULL CHECK (party > 0),
    status        TEXT    NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled', 'rejected')),
    -- Order of arrival at the server: the waitlist's order.
    arrival       INTEGER NOT NULL UNIQUE,
    -- SHA-256 of the device's token; the token itself is never stored.
    token_digest  TEXT    NOT NULL,
    name          TEXT,
    contact       TEXT,
    consent       INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    erased_at     TEXT
) STRICT;

CREATE INDEX registrations_by_session ON registrations (session, arrival);
CREATE INDEX registrations_with_personal_data ON registrations (session_start) WHERE name IS NOT NULL OR contact IS NOT NULL;

-- One row per applied mutation id: the digest of what was applied and the answer given,
-- sent again unchanged to every replay.
CREATE TABLE mutations (
    id         TEXT NOT NULL PRIMARY KEY,
    digest     TEXT NOT NULL,
    answer     TEXT NOT NULL CHECK (json_valid(answer)),
    applied_at TEXT NOT NULL
) STRICT;
