-- Records requests: asking an agency, under the records law that governs it, for what the record cannot answer yet.
-- The laws themselves (their periods, sections and holidays) are data files in data/laws/, not tables: a request
-- names its law by the file's key, and its dates are computed from the file and the request's entries.

-- The agencies the case may ask, in the case's order. Name is what pages call it ('DMHC'); LawKey names the file in
-- data/laws/ of the law that governs its records (NULL: none on file, so no date is computed); RecordsAddress is
-- where its records requests go, as the agency gives it (NULL while not on file).
CREATE TABLE RecordsAgencies (
    Id              INTEGER PRIMARY KEY,
    Name            TEXT NOT NULL UNIQUE,
    FullName        TEXT NOT NULL,
    LawKey          TEXT NULL,
    RecordsAddress  TEXT NULL,
    Position        INTEGER NOT NULL,
    Version         INTEGER NOT NULL DEFAULT 1
);

-- A database made before this script holds a case and its regulator: the regulator is the agency it may ask, with no
-- law named until an editor names one (at /requests/agencies). A new database is empty here; the seed adds agencies.
INSERT INTO RecordsAgencies (Name, FullName, LawKey, RecordsAddress, Position)
SELECT RegulatorShort, Regulator, NULL, NULL, 1 FROM Cases;

-- One request. QuestionKey names the open question it was drafted from ('undescribed:NRS-2022', 'outcome:DL-…'),
-- NULL for one written from nothing; Question keeps that question's words as they stood. LawKey is the agency's law
-- when the request was drafted. Records is what is asked for, in plain words; Letter the letter's text while it is a
-- draft (the letter as sent is kept in RecordsRequestLetters). The requester's address and e-mail are staff-only:
-- no public page, feed, file or API reads them. IsPublic is 0 (private, the default) or 1.
CREATE TABLE RecordsRequests (
    Id                  INTEGER PRIMARY KEY,
    AgencyId            INTEGER NOT NULL REFERENCES RecordsAgencies(Id),
    LawKey              TEXT NULL,
    QuestionKey         TEXT NULL,
    Question            TEXT NULL,
    QuestionPath        TEXT NULL,
    Subject             TEXT NOT NULL,
    Records             TEXT NOT NULL,
    ElectronicCopies    INTEGER NOT NULL DEFAULT 1,
    Letter              TEXT NOT NULL,
    RequesterName       TEXT NOT NULL,
    RequesterOrganization TEXT NULL,
    RequesterAddress    TEXT NULL,
    RequesterEmail      TEXT NULL,
    IsPublic            INTEGER NOT NULL DEFAULT 0,
    CreatedAt           TEXT NOT NULL,
    CreatedBy           TEXT NOT NULL,
    ChangedAt           TEXT NOT NULL,
    ChangedBy           TEXT NOT NULL,
    Version             INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX IX_RecordsRequests_Question ON RecordsRequests (QuestionKey);

-- Letters as sent, and follow-up letters: Kind 'request' (the request's letter, frozen when it is sent) or
-- 'follow-up' (drafted by the daily job once the law's date has passed with no determination, for that date: ForDueOn).
CREATE TABLE RecordsRequestLetters (
    Id              INTEGER PRIMARY KEY,
    RequestId       INTEGER NOT NULL REFERENCES RecordsRequests(Id),
    Kind            TEXT NOT NULL CHECK (Kind IN ('request', 'follow-up')),
    Text            TEXT NOT NULL,
    ForDueOn        TEXT NULL,
    DraftedAt       TEXT NOT NULL,
    DraftedBy       TEXT NOT NULL
);

-- One follow-up a missed date: the job is safe to run twice.
CREATE UNIQUE INDEX IX_RecordsRequestLetters_FollowUp ON RecordsRequestLetters (RequestId, ForDueOn) WHERE Kind = 'follow-up';
CREATE INDEX IX_RecordsRequestLetters_Request ON RecordsRequestLetters (RequestId, Id);

-- What the agency sent back (its letters, the records) and any other document of the request: stored as received and
-- never changed, like an archived copy, with its SHA-256. SourceId is set when it is made a source of the case (its bytes
-- are then also an archived copy of that source, which is public); until then it is staff-only.
CREATE TABLE RecordsRequestFiles (
    Id              INTEGER PRIMARY KEY,
    RequestId       INTEGER NOT NULL REFERENCES RecordsRequests(Id),
    Kind            TEXT NOT NULL CHECK (Kind IN ('letter', 'records', 'other')),
    Title           TEXT NOT NULL,
    DocumentDate    TEXT NULL,
    Sha256          TEXT NOT NULL,
    Bytes           INTEGER NOT NULL,
    MediaType       TEXT NOT NULL,
    FileName        TEXT NULL,
    AddedAt         TEXT NOT NULL,
    AddedBy         TEXT NOT NULL,
    SourceId        INTEGER NULL REFERENCES Sources(Id)
);

CREATE INDEX IX_RecordsRequestFiles_Request ON RecordsRequestFiles (RequestId, Id);

CREATE TABLE RecordsRequestFileContents (
    FileId          INTEGER PRIMARY KEY REFERENCES RecordsRequestFiles(Id),
    Content         BLOB NOT NULL
);

-- The request's dated history, append-only. Kind is what happened: 'sent', 'acknowledged', 'extended',
-- 'records-received', 'partly-denied', 'denied', 'withdrawn' (the request), or 'follow-up-sent'. OccurredOn is the day
-- it happened; ReceivedOn the day the agency received the request, when known; ExtensionDays the days an extension
-- adds, and ExtensionDayKind whether its law counted them as 'calendar' or 'working' days; IsDetermination 1 on an acknowledgement that is the agency's determination.
-- FileId, SourceId and LetterId name what the entry rests on. An entry made in error is withdrawn (who, when, why),
-- never deleted: it stays listed, struck through, and no longer counts.
CREATE TABLE RecordsRequestEntries (
    Id              INTEGER PRIMARY KEY,
    RequestId       INTEGER NOT NULL REFERENCES RecordsRequests(Id),
    Kind            TEXT NOT NULL CHECK (Kind IN ('sent', 'acknowledged', 'extended', 'records-received', 'partly-denied', 'denied', 'withdrawn', 'follow-up-sent')),
    OccurredOn      TEXT NOT NULL,
    ReceivedOn      TEXT NULL,
    ExtensionDays   INTEGER NULL,
    ExtensionDayKind TEXT NULL CHECK (ExtensionDayKind IN ('calendar', 'working')),
    IsDetermination INTEGER NOT NULL DEFAULT 0,
    Method          TEXT NULL,
    Note            TEXT NULL,
    FileId          INTEGER NULL REFERENCES RecordsRequestFiles(Id),
    SourceId        INTEGER NULL REFERENCES Sources(Id),
    LetterId        INTEGER NULL REFERENCES RecordsRequestLetters(Id),
    RecordedAt      TEXT NOT NULL,
    RecordedBy      TEXT NOT NULL,
    WithdrawnAt     TEXT NULL,
    WithdrawnBy     TEXT NULL,
    WithdrawnReason TEXT NULL
);

CREATE INDEX IX_RecordsRequestEntries_Request ON RecordsRequestEntries (RequestId, OccurredOn, Id);
CREATE INDEX IX_RecordsRequestEntries_RecordedAt ON RecordsRequestEntries (RecordedAt);
