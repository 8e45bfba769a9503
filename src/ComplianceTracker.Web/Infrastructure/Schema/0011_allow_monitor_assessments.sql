-- A case may have a monitor (one appointed by a court or under a settlement) among its assessors. SQLite cannot
-- change a CHECK constraint in place, so the tables whose Assessor it limits are rebuilt with the same columns,
-- rows and ids: each new table is filled under a new name, the old one dropped, and the new one renamed (which
-- rewrites the REFERENCES clauses naming it). With foreign keys on, an old table can only be dropped once nothing
-- refers to it, so the tables that refer to these are rebuilt with them: CurrentStatuses (derived from
-- StatusChanges, so it is filled again as 0005 filled it) and the aggregate findings' counts and sources.

DROP TABLE CurrentStatuses;

CREATE TABLE StatusChanges_0011 (
    Id              INTEGER PRIMARY KEY,
    SubjectType     TEXT NOT NULL CHECK (SubjectType IN ('deficiency', 'obligation', 'deadline')),
    SubjectId       INTEGER NOT NULL,
    Assessor        TEXT NULL CHECK (Assessor IN ('regulator', 'plan', 'union', 'monitor')),
    FromStatus      TEXT NULL,
    ToStatus        TEXT NOT NULL,
    EffectiveOn     TEXT NOT NULL,
    EffectivePrecision TEXT NOT NULL,
    RecordedAt      TEXT NOT NULL,
    RecordedBy      TEXT NOT NULL,
    Reason          TEXT NOT NULL,
    SourceId        INTEGER NULL REFERENCES Sources(Id),
    Confidence      TEXT NOT NULL CHECK (Confidence IN ('verified', 'reported', 'inferred')),
    CorrectsId      INTEGER NULL REFERENCES StatusChanges_0011(Id),
    ResultingVersion INTEGER NULL
);
INSERT INTO StatusChanges_0011 (Id, SubjectType, SubjectId, Assessor, FromStatus, ToStatus, EffectiveOn, EffectivePrecision,
                                RecordedAt, RecordedBy, Reason, SourceId, Confidence, CorrectsId, ResultingVersion)
    SELECT Id, SubjectType, SubjectId, Assessor, FromStatus, ToStatus, EffectiveOn, EffectivePrecision,
           RecordedAt, RecordedBy, Reason, SourceId, Confidence, CorrectsId, ResultingVersion
    FROM StatusChanges ORDER BY Id;
DROP TABLE StatusChanges;
ALTER TABLE StatusChanges_0011 RENAME TO StatusChanges;
CREATE INDEX IX_StatusChanges_Subject ON StatusChanges (SubjectType, SubjectId, Assessor, EffectiveOn, Id);
CREATE INDEX IX_StatusChanges_RecordedAt ON StatusChanges (RecordedAt);
CREATE INDEX IX_StatusChanges_CorrectsId ON StatusChanges (CorrectsId) WHERE CorrectsId IS NOT NULL;
CREATE INDEX IX_StatusChanges_Effective ON StatusChanges (EffectiveOn, RecordedAt, Id);
CREATE INDEX IX_StatusChanges_SourceId ON StatusChanges (SourceId);
CREATE INDEX IX_StatusChanges_Citations ON StatusChanges (SubjectType, SourceId, SubjectId) WHERE SourceId IS NOT NULL;

CREATE TABLE CurrentStatuses (
    SubjectType     TEXT NOT NULL,
    SubjectId       INTEGER NOT NULL,
    AssessorKey     TEXT NOT NULL,
    StatusChangeId  INTEGER NOT NULL REFERENCES StatusChanges(Id),
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

CREATE TABLE AggregateFindings_0011 (
    Id              INTEGER PRIMARY KEY,
    SurveyId        INTEGER NOT NULL REFERENCES Surveys(Id),
    Assessor        TEXT NOT NULL CHECK (Assessor IN ('regulator', 'plan', 'union', 'monitor')),
    EffectiveOn     TEXT NOT NULL,
    EffectivePrecision TEXT NOT NULL,
    Title           TEXT NOT NULL,
    Confidence      TEXT NOT NULL,
    Note            TEXT NULL
);
CREATE TABLE AggregateFindingCounts_0011 (
    AggregateFindingId INTEGER NOT NULL REFERENCES AggregateFindings_0011(Id),
    Status          TEXT NOT NULL,
    Count           INTEGER NOT NULL CHECK (Count >= 0),
    PRIMARY KEY (AggregateFindingId, Status)
);
CREATE TABLE AggregateFindingSources_0011 (
    AggregateFindingId INTEGER NOT NULL REFERENCES AggregateFindings_0011(Id),
    SourceId        INTEGER NOT NULL REFERENCES Sources(Id),
    PRIMARY KEY (AggregateFindingId, SourceId)
);
INSERT INTO AggregateFindings_0011 (Id, SurveyId, Assessor, EffectiveOn, EffectivePrecision, Title, Confidence, Note)
    SELECT Id, SurveyId, Assessor, EffectiveOn, EffectivePrecision, Title, Confidence, Note FROM AggregateFindings ORDER BY Id;
INSERT INTO AggregateFindingCounts_0011 (AggregateFindingId, Status, Count)
    SELECT AggregateFindingId, Status, Count FROM AggregateFindingCounts;
INSERT INTO AggregateFindingSources_0011 (AggregateFindingId, SourceId)
    SELECT AggregateFindingId, SourceId FROM AggregateFindingSources;
DROP TABLE AggregateFindingCounts;
DROP TABLE AggregateFindingSources;
DROP TABLE AggregateFindings;
ALTER TABLE AggregateFindings_0011 RENAME TO AggregateFindings;
ALTER TABLE AggregateFindingCounts_0011 RENAME TO AggregateFindingCounts;
ALTER TABLE AggregateFindingSources_0011 RENAME TO AggregateFindingSources;
