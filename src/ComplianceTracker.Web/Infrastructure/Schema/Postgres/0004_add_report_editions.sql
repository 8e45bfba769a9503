-- PostgreSQL twin of Schema/0004_add_report_editions.sql; the immutability triggers call one function.
-- Report editions: one row per published PDF, numbered 1, 2, 3… without gaps and never changed.
-- A row is written in the same transaction that takes its number, after the file is complete,
-- so a failed run leaves neither a row nor a used number. Instants are UTC ISO-8601 text.
-- Trigger is the schedule id ("status-report-weekly"), "user:<name>" or "startup".
-- OccurrenceKey names one run of one trigger ("status-report-weekly:2026-11-30T07:00"): a retried or
-- repeated run of the same occurrence finds its edition instead of making a second one.

CREATE TABLE Editions (
    Number          BIGINT PRIMARY KEY,
    AsOf            TEXT COLLATE "C" NOT NULL,
    GeneratedAt     TEXT COLLATE "C" NOT NULL,
    Trigger         TEXT COLLATE "C" NOT NULL,
    OccurrenceKey   TEXT COLLATE "C" NULL UNIQUE,
    FileName        TEXT COLLATE "C" NOT NULL UNIQUE,
    Sha256          TEXT COLLATE "C" NOT NULL,
    Bytes           BIGINT NOT NULL,
    Pages           BIGINT NOT NULL
);

CREATE FUNCTION Editions_Refuse_Change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Editions are immutable.';
END;
$$;

CREATE TRIGGER Editions_Immutable_Update BEFORE UPDATE ON Editions
FOR EACH ROW EXECUTE FUNCTION Editions_Refuse_Change();

CREATE TRIGGER Editions_Immutable_Delete BEFORE DELETE ON Editions
FOR EACH ROW EXECUTE FUNCTION Editions_Refuse_Change();

-- An Admin's change to a report schedule; without a row the configured cron and time zone apply.
CREATE TABLE ReportSchedules (
    JobId           TEXT COLLATE "C" PRIMARY KEY,
    Cron            TEXT COLLATE "C" NOT NULL,
    TimeZone        TEXT COLLATE "C" NOT NULL,
    ChangedAt       TEXT COLLATE "C" NOT NULL,
    ChangedBy       TEXT COLLATE "C" NOT NULL
);
