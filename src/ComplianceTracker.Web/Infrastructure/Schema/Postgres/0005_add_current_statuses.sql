-- PostgreSQL twin of Schema/0005_add_current_statuses.sql: the same tables, columns and indexes. Integers are BIGINT (SQLite's integers
-- are 64-bit), text is COLLATE "C" so it sorts by code point as SQLite's BINARY does, whatever the database's locale.

-- Reading at the size of a long-running case (thousands of items, hundreds of thousands of status entries).
-- Measured with tests/ComplianceTracker.Benchmarks: without these, "is this entry corrected?" scanned the whole
-- history once per entry, and the current status of every item was found by comparing every entry with every other.

-- "Which entry corrects this one?" is asked for every entry a page shows.
CREATE INDEX IX_StatusChanges_CorrectsId ON StatusChanges (CorrectsId) WHERE CorrectsId IS NOT NULL;

-- The dashboard's "recent changes" (newest effective first) and its count of entries without a source.
CREATE INDEX IX_StatusChanges_Effective ON StatusChanges (EffectiveOn, RecordedAt, Id);
CREATE INDEX IX_StatusChanges_SourceId ON StatusChanges (SourceId);

-- The current status of each item per assessor ('' for items without assessors): the latest entry by effective
-- date (then by entry) that nothing corrects. StatusChangeStore keeps it up to date in the transaction that adds
-- an entry; the history in StatusChanges stays the record, and this table can always be rebuilt from it.
CREATE TABLE CurrentStatuses (
    SubjectType     TEXT COLLATE "C" NOT NULL,
    SubjectId       BIGINT NOT NULL,
    AssessorKey     TEXT COLLATE "C" NOT NULL,
    StatusChangeId  BIGINT NOT NULL REFERENCES StatusChanges(Id),
    PRIMARY KEY (SubjectType, SubjectId, AssessorKey)
);

INSERT INTO CurrentStatuses (SubjectType, SubjectId, AssessorKey, StatusChangeId)
SELECT SubjectType, SubjectId, AssessorKey, Id
FROM (
    SELECT sc.SubjectType, sc.SubjectId, COALESCE(sc.Assessor, '') AS AssessorKey, sc.Id,
           ROW_NUMBER() OVER (
               PARTITION BY sc.SubjectType, sc.SubjectId, COALESCE(sc.Assessor, '')
               ORDER BY sc.EffectiveOn DESC, sc.Id DESC) AS Position
    FROM StatusChanges sc
    WHERE NOT EXISTS (SELECT 1 FROM StatusChanges c WHERE c.CorrectsId = sc.Id)
) latest
WHERE Position = 1;
