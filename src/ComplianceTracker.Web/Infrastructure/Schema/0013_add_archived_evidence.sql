-- Evidence a reader can check: archived copies of each source's document, the text read out of them, the exact
-- passage each citation rests on (checked against that text), and the answers of the weekly link check.

-- A copy of a source's document, uploaded by an editor or fetched from an address. Never changed once stored:
-- Sha256 is the hash of Content, checked again whenever the copy is served. Method 'upload' or 'fetch';
-- RequestedUrl is the address asked for, RetrievedFrom the one that answered after redirects (both null for an upload).
CREATE TABLE ArchivedCopies (
    Id              INTEGER PRIMARY KEY,
    SourceId        INTEGER NOT NULL REFERENCES Sources(Id),
    Sha256          TEXT NOT NULL,
    Bytes           INTEGER NOT NULL,
    MediaType       TEXT NOT NULL,
    FileName        TEXT NULL,
    Method          TEXT NOT NULL CHECK (Method IN ('upload', 'fetch')),
    RequestedUrl    TEXT NULL,
    RetrievedFrom   TEXT NULL,
    HttpStatus      INTEGER NULL,
    RetrievedAt     TEXT NOT NULL,
    AddedBy         TEXT NOT NULL,
    TextPages       INTEGER NOT NULL
);

CREATE INDEX IX_ArchivedCopies_Source ON ArchivedCopies (SourceId);

-- The bytes, apart from the row that describes them, so that listing copies never reads them. Kept in the database
-- because it is the one store every node already shares and backs up: a copy and its bytes commit together.
CREATE TABLE ArchivedCopyContents (
    CopyId          INTEGER PRIMARY KEY REFERENCES ArchivedCopies(Id),
    Content         BLOB NOT NULL
);

-- The text of each page of a copy (a PDF's pages; an HTML or text document is one page), for passages and search.
CREATE TABLE ArchivedCopyPages (
    Id              INTEGER PRIMARY KEY,
    CopyId          INTEGER NOT NULL REFERENCES ArchivedCopies(Id),
    Page            INTEGER NOT NULL,
    Text            TEXT NOT NULL
);

CREATE UNIQUE INDEX IX_ArchivedCopyPages_Copy ON ArchivedCopyPages (CopyId, Page);

-- The exact words of a source that a citation rests on. ItemType and ItemId name the citing entry or item:
-- 'status' (StatusChanges), 'ledger' (LedgerEntries), 'evidence' (DeficiencyEvidence), 'survey', 'aggregate-finding',
-- 'deficiency', 'obligation', 'timeline-item'. A passage is never edited; a wrong one is withdrawn (its Withdrawn
-- columns say who, when and why, and it stays listed, struck through) and a right one added.
CREATE TABLE Passages (
    Id              INTEGER PRIMARY KEY,
    ItemType        TEXT NOT NULL CHECK (ItemType IN ('status', 'ledger', 'evidence', 'survey', 'aggregate-finding', 'deficiency', 'obligation', 'timeline-item')),
    ItemId          INTEGER NOT NULL,
    SourceId        INTEGER NOT NULL REFERENCES Sources(Id),
    Text            TEXT NOT NULL,
    AddedAt         TEXT NOT NULL,
    AddedBy         TEXT NOT NULL,
    WithdrawnAt     TEXT NULL,
    WithdrawnBy     TEXT NULL,
    WithdrawnReason TEXT NULL
);

CREATE INDEX IX_Passages_Item ON Passages (ItemType, ItemId);
CREATE INDEX IX_Passages_Source ON Passages (SourceId);

-- Whether a passage occurs in an archived copy of its source, and on which page (null: not found).
CREATE TABLE PassageChecks (
    PassageId       INTEGER NOT NULL REFERENCES Passages(Id),
    CopyId          INTEGER NOT NULL REFERENCES ArchivedCopies(Id),
    Page            INTEGER NULL,
    PageCount       INTEGER NOT NULL,
    CheckedAt       TEXT NOT NULL,
    PRIMARY KEY (PassageId, CopyId)
);

-- Each answer of the weekly link check of a source's address. Answered is 1 for a 2xx answer after redirects.
CREATE TABLE LinkChecks (
    Id              INTEGER PRIMARY KEY,
    SourceId        INTEGER NOT NULL REFERENCES Sources(Id),
    Url             TEXT NOT NULL,
    CheckedAt       TEXT NOT NULL,
    Answered        INTEGER NOT NULL,
    HttpStatus      INTEGER NULL,
    FinalUrl        TEXT NULL,
    Problem         TEXT NULL
);

CREATE INDEX IX_LinkChecks_Source ON LinkChecks (SourceId, CheckedAt);

-- Full-text search over the archived texts and the sources' titles (/sources?q=). External-content FTS5 tables: the
-- text stays in its own table, the index follows it through these triggers. PostgreSQL's twin uses tsvector instead.
CREATE VIRTUAL TABLE ArchivedTextSearch USING fts5 (Text, content = 'ArchivedCopyPages', content_rowid = 'Id', tokenize = 'porter unicode61 remove_diacritics 2');

CREATE TRIGGER ArchivedCopyPages_Search_Insert AFTER INSERT ON ArchivedCopyPages BEGIN
    INSERT INTO ArchivedTextSearch (rowid, Text) VALUES (new.Id, new.Text);
END;

CREATE TRIGGER ArchivedCopyPages_Search_Delete AFTER DELETE ON ArchivedCopyPages BEGIN
    INSERT INTO ArchivedTextSearch (ArchivedTextSearch, rowid, Text) VALUES ('delete', old.Id, old.Text);
END;

CREATE VIRTUAL TABLE SourceTitleSearch USING fts5 (Title, content = 'Sources', content_rowid = 'Id', tokenize = 'porter unicode61 remove_diacritics 2');

INSERT INTO SourceTitleSearch (rowid, Title) SELECT Id, Title FROM Sources;

CREATE TRIGGER Sources_Search_Insert AFTER INSERT ON Sources BEGIN
    INSERT INTO SourceTitleSearch (rowid, Title) VALUES (new.Id, new.Title);
END;

CREATE TRIGGER Sources_Search_Update AFTER UPDATE OF Title ON Sources BEGIN
    INSERT INTO SourceTitleSearch (SourceTitleSearch, rowid, Title) VALUES ('delete', old.Id, old.Title);
    INSERT INTO SourceTitleSearch (rowid, Title) VALUES (new.Id, new.Title);
END;

CREATE TRIGGER Sources_Search_Delete AFTER DELETE ON Sources BEGIN
    INSERT INTO SourceTitleSearch (SourceTitleSearch, rowid, Title) VALUES ('delete', old.Id, old.Title);
END;
