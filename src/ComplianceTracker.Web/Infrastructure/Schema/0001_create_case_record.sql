-- The case record: what was found, what was promised, what happened, and where each fact comes from.
-- Dates are 'yyyy-MM-dd' text with a precision column ('day', 'month', 'year'): a month-precision
-- date is stored as its first day and shown as the month. Instants are UTC ISO-8601 text.

CREATE TABLE Cases (
    Id              INTEGER PRIMARY KEY,
    Key             TEXT NOT NULL UNIQUE,
    Title           TEXT NOT NULL,
    Plan            TEXT NOT NULL,
    Regulator       TEXT NOT NULL,
    RegulatorShort  TEXT NOT NULL,
    Summary         TEXT NOT NULL,
    PrimarySurveyKey TEXT NOT NULL,
    KeyDeadlineCode TEXT NOT NULL,
    LoadedAt        TEXT NOT NULL
);

CREATE TABLE Sources (
    Id              INTEGER PRIMARY KEY,
    Key             TEXT NOT NULL UNIQUE,
    Title           TEXT NOT NULL,
    Publisher       TEXT NOT NULL,
    PublishedOn     TEXT NULL,
    PublishedPrecision TEXT NULL CHECK (PublishedPrecision IN ('day', 'month', 'year')),
    Kind            TEXT NOT NULL,
    Url             TEXT NOT NULL,
    Note            TEXT NULL,
    AddedAt         TEXT NOT NULL
);

CREATE TABLE Surveys (
    Id              INTEGER PRIMARY KEY,
    Key             TEXT NOT NULL UNIQUE,
    Title           TEXT NOT NULL,
    Regulator       TEXT NOT NULL,
    StartedOn       TEXT NULL,
    StartedPrecision TEXT NULL,
    DeficiencyCount INTEGER NOT NULL,
    CodePrefix      TEXT NOT NULL,
    Description     TEXT NOT NULL,
    Confidence      TEXT NOT NULL
);

CREATE TABLE SurveySources (
    SurveyId        INTEGER NOT NULL REFERENCES Surveys(Id),
    SourceId        INTEGER NOT NULL REFERENCES Sources(Id),
    PRIMARY KEY (SurveyId, SourceId)
);

-- A finding given only as counts ("19 of 20 not corrected") without saying which item is which.
CREATE TABLE AggregateFindings (
    Id              INTEGER PRIMARY KEY,
    SurveyId        INTEGER NOT NULL REFERENCES Surveys(Id),
    Assessor        TEXT NOT NULL CHECK (Assessor IN ('regulator', 'plan', 'union')),
    EffectiveOn     TEXT NOT NULL,
    EffectivePrecision TEXT NOT NULL,
    Title           TEXT NOT NULL,
    Confidence      TEXT NOT NULL,
    Note            TEXT NULL
);

CREATE TABLE AggregateFindingCounts (
    AggregateFindingId INTEGER NOT NULL REFERENCES AggregateFindings(Id),
    Status          TEXT NOT NULL,
    Count           INTEGER NOT NULL CHECK (Count >= 0),
    PRIMARY KEY (AggregateFindingId, Status)
);

CREATE TABLE AggregateFindingSources (
    AggregateFindingId INTEGER NOT NULL REFERENCES AggregateFindings(Id),
    SourceId        INTEGER NOT NULL REFERENCES Sources(Id),
    PRIMARY KEY (AggregateFindingId, SourceId)
);

CREATE TABLE Deficiencies (
    Id              INTEGER PRIMARY KEY,
    SurveyId        INTEGER NOT NULL REFERENCES Surveys(Id),
    Code            TEXT NOT NULL UNIQUE,
    Slot            INTEGER NOT NULL,
    RegulatorNumber TEXT NULL,
    Title           TEXT NULL,
    Area            TEXT NULL,
    LegalCitation   TEXT NULL,
    Finding         TEXT NULL,
    Notes           TEXT NULL,
    Confidence      TEXT NULL,
    Version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (SurveyId, Slot)
);

CREATE TABLE DeficiencySources (
    DeficiencyId    INTEGER NOT NULL REFERENCES Deficiencies(Id),
    SourceId        INTEGER NOT NULL REFERENCES Sources(Id),
    PRIMARY KEY (DeficiencyId, SourceId)
);

CREATE TABLE Obligations (
    Id              INTEGER PRIMARY KEY,
    Code            TEXT NOT NULL UNIQUE,
    ParentId        INTEGER NULL REFERENCES Obligations(Id),
    Kind            TEXT NOT NULL,
    Title           TEXT NOT NULL,
    Description     TEXT NULL,
    AmountUsd       INTEGER NULL,
    DueOn           TEXT NULL,
    DuePrecision    TEXT NULL,
    DueNote         TEXT NULL,
    StatusNote      TEXT NULL,
    Confidence      TEXT NOT NULL,
    SortOrder       INTEGER NOT NULL,
    Version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE ObligationSources (
    ObligationId    INTEGER NOT NULL REFERENCES Obligations(Id),
    SourceId        INTEGER NOT NULL REFERENCES Sources(Id),
    PRIMARY KEY (ObligationId, SourceId)
);

CREATE TABLE LedgerEntries (
    Id              INTEGER PRIMARY KEY,
    ObligationId    INTEGER NOT NULL REFERENCES Obligations(Id),
    Entry           TEXT NOT NULL CHECK (Entry IN ('committed', 'paid', 'reported-spent', 'assessed', 'waived')),
    AmountUsd       INTEGER NOT NULL,
    OccurredOn      TEXT NOT NULL,
    OccurredPrecision TEXT NOT NULL,
    SourceId        INTEGER NULL REFERENCES Sources(Id),
    Confidence      TEXT NOT NULL,
    Note            TEXT NULL,
    RecordedAt      TEXT NOT NULL,
    RecordedBy      TEXT NOT NULL
);

-- Append-only: a status is never updated in place. A mistake is mended by a new row that names the row it corrects.
CREATE TABLE StatusChanges (
    Id              INTEGER PRIMARY KEY,
    SubjectType     TEXT NOT NULL CHECK (SubjectType IN ('deficiency', 'obligation', 'deadline')),
    SubjectId       INTEGER NOT NULL,
    Assessor        TEXT NULL CHECK (Assessor IN ('regulator', 'plan', 'union')),
    FromStatus      TEXT NULL,
    ToStatus        TEXT NOT NULL,
    EffectiveOn     TEXT NOT NULL,
    EffectivePrecision TEXT NOT NULL,
    RecordedAt      TEXT NOT NULL,
    RecordedBy      TEXT NOT NULL,
    Reason          TEXT NOT NULL,
    SourceId        INTEGER NULL REFERENCES Sources(Id),
    Confidence      TEXT NOT NULL CHECK (Confidence IN ('verified', 'reported', 'inferred')),
    CorrectsId      INTEGER NULL REFERENCES StatusChanges(Id)
);

CREATE INDEX IX_StatusChanges_Subject ON StatusChanges (SubjectType, SubjectId, Assessor, EffectiveOn, Id);
CREATE INDEX IX_StatusChanges_RecordedAt ON StatusChanges (RecordedAt);

CREATE TABLE TimelineItems (
    Id              INTEGER PRIMARY KEY,
    Code            TEXT NOT NULL UNIQUE,
    Kind            TEXT NOT NULL CHECK (Kind IN ('event', 'deadline')),
    Title           TEXT NOT NULL,
    Description     TEXT NULL,
    OccursOn        TEXT NOT NULL,
    OccursPrecision TEXT NOT NULL,
    AlternateOn     TEXT NULL,
    AlternatePrecision TEXT NULL,
    AlternateNote   TEXT NULL,
    Status          TEXT NULL,
    ObligationId    INTEGER NULL REFERENCES Obligations(Id),
    Confidence      TEXT NOT NULL,
    RecordedAt      TEXT NOT NULL,
    Version         INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX IX_TimelineItems_OccursOn ON TimelineItems (OccursOn);

CREATE TABLE TimelineItemSources (
    TimelineItemId  INTEGER NOT NULL REFERENCES TimelineItems(Id),
    SourceId        INTEGER NOT NULL REFERENCES Sources(Id),
    PRIMARY KEY (TimelineItemId, SourceId)
);
