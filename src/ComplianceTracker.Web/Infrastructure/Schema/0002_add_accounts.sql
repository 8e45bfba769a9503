-- People who sign in to keep the record: Admins manage accounts, Editors edit the record.
-- There is no self-registration: an Admin creates accounts (the first one with `create-admin`).
-- Instants are UTC ISO-8601 text. SecurityStamp changes when the password changes or the account
-- is disabled, which ends every session signed in before.

CREATE TABLE Accounts (
    Id              INTEGER PRIMARY KEY,
    Email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    DisplayName     TEXT NOT NULL,
    Role            TEXT NOT NULL CHECK (Role IN ('Admin', 'Editor')),
    PasswordHash    TEXT NOT NULL,
    IsDisabled      INTEGER NOT NULL DEFAULT 0,
    FailedAttempts  INTEGER NOT NULL DEFAULT 0,
    LockedUntil     TEXT NULL,
    SecurityStamp   TEXT NOT NULL,
    CreatedAt       TEXT NOT NULL,
    CreatedBy       TEXT NOT NULL,
    Version         INTEGER NOT NULL DEFAULT 1
);
