-- Editing: every change to an item's fields is kept, one row per field, append-only.
-- ResultingVersion is the item's version after the edit, so a refused save can say what changed since the version it read.

CREATE TABLE FieldEdits (
    Id              INTEGER PRIMARY KEY,
    ItemType        TEXT NOT NULL CHECK (ItemType IN ('deficiency', 'obligation', 'timeline', 'source')),
    ItemId          INTEGER NOT NULL,
    Field           TEXT NOT NULL,
    OldValue        TEXT NULL,
    NewValue        TEXT NULL,
    RecordedAt      TEXT NOT NULL,
    RecordedBy      TEXT NOT NULL,
    Reason          TEXT NOT NULL,
    SourceId        INTEGER NULL REFERENCES Sources(Id),
    ResultingVersion INTEGER NULL
);

CREATE INDEX IX_FieldEdits_Item ON FieldEdits (ItemType, ItemId, Id);
CREATE INDEX IX_FieldEdits_RecordedAt ON FieldEdits (RecordedAt);

ALTER TABLE StatusChanges ADD COLUMN ResultingVersion INTEGER NULL;

ALTER TABLE LedgerEntries ADD COLUMN CorrectsId INTEGER NULL REFERENCES LedgerEntries(Id);
ALTER TABLE LedgerEntries ADD COLUMN ResultingVersion INTEGER NULL;

ALTER TABLE Sources ADD COLUMN Version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE Sources ADD COLUMN AddedBy TEXT NOT NULL DEFAULT 'seed';

ALTER TABLE TimelineItems ADD COLUMN RecordedBy TEXT NOT NULL DEFAULT 'seed';
