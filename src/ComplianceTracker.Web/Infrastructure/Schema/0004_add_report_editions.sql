-- Report editions: one row per published PDF, numbered 1, 2, 3… without gaps and never changed.
-- A row is written in the same transaction that takes its number, after the file is complete,
-- so a failed run leaves neither a row nor a used number. Instants are UTC ISO-8601 text.
-- Trigger is the schedule id ("status-report-weekly"), "user:<name>" or "startup".
-- OccurrenceKey names one run of one trigger ("status-report-weekly:2026-11-30T07:00"): a retried or
-- repeated run of the same occurrence finds its edition instead of making a second one.

CREATE TABLE Editions (
    Number          INTEGER PRIMARY KEY,
    AsOf            TEXT NOT NULL,
    GeneratedAt     TEXT NOT NULL,
    Trigger         TEXT NOT NULL,
    OccurrenceKey   TEXT NULL UNIQUE,
    FileName        TEXT NOT NULL UNIQUE,
    Sha256          TEXT NOT NULL,
    Bytes           INTEGER NOT NULL,
    Pages           INTEGER NOT NULL
);

CREATE TRIGGER Editions_Immutable_Update BEFORE UPDATE ON Editions
BEGIN
    SELECT RAISE(ABORT, 'Editions are immutable.');
END;

CREATE TRIGGER Editions_Immutable_Delete BEFORE DELETE ON Editions
BEGIN
    SELECT RAISE(ABORT, 'Editions are immutable.');
END;

-- An Admin's change to a report schedule; without a row the configured cron and time zone apply.
CREATE TABLE ReportSchedules (
    JobId           TEXT PRIMARY KEY,
    Cron            TEXT NOT NULL,
    TimeZone        TEXT NOT NULL,
    ChangedAt       TEXT NOT NULL,
    ChangedBy       TEXT NOT NULL
);
