-- The desk's changes. A registration taken at a desk says which staff account took it.
ALTER TABLE registrations ADD COLUMN made_by INTEGER REFERENCES accounts (id);

-- People who came to a session, as a desk checked them in: a registration's or walk-ins.
-- Facts: kept over capacity, after a cancellation, and twice for the same registration
-- when two devices both checked it in (the desk flags that). No personal data: a walk-in
-- is a number of people.
CREATE TABLE check_ins (
    -- The check-in mutation's UUIDv7.
    id            TEXT    PRIMARY KEY,
    session       TEXT    NOT NULL,
    activity_id   INTEGER NOT NULL,
    session_start TEXT    NOT NULL,
    registration  TEXT    REFERENCES registrations (id),
    party         INTEGER NOT NULL CHECK (party > 0),
    first_time    INTEGER NOT NULL CHECK (first_time IN (0, 1)),
    made_by       INTEGER NOT NULL REFERENCES accounts (id),
    -- Taken back by the desk (kept, so a replay of the check-in changes nothing).
    undone        INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
) STRICT;

CREATE INDEX check_ins_by_activity_start ON check_ins (activity_id, session_start);
CREATE INDEX check_ins_by_registration ON check_ins (registration) WHERE registration IS NOT NULL;
