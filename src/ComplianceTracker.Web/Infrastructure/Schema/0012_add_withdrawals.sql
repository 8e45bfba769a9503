-- Withdrawals: an entry made in error is taken back without asserting a new fact. The entry itself is never changed
-- or deleted (the history stays append-only); a withdrawal is a fact about it, recorded here with who, when and why.
-- A withdrawn entry stops counting everywhere, as a corrected one does, and stays visible, struck through, in its
-- item's history.
-- EntryType names the table the entry is in: 'status' (StatusChanges), 'ledger' (LedgerEntries), 'field-edit'
-- (FieldEdits), 'source-link' (an item's link to a source: EntryId is the source, ItemType and ItemId the item),
-- 'timeline-item' (an event or deadline added in error). ReasonKind is 'entered-in-error', 'source-retracted' or
-- 'other'; Reason is the editor's words.

CREATE TABLE Withdrawals (
    Id              INTEGER PRIMARY KEY,
    EntryType       TEXT NOT NULL CHECK (EntryType IN ('status', 'ledger', 'field-edit', 'source-link', 'timeline-item')),
    EntryId         INTEGER NOT NULL,
    ItemType        TEXT NULL,
    ItemId          INTEGER NULL,
    ReasonKind      TEXT NOT NULL CHECK (ReasonKind IN ('entered-in-error', 'source-retracted', 'other')),
    Reason          TEXT NOT NULL,
    WithdrawnAt     TEXT NOT NULL,
    WithdrawnBy     TEXT NOT NULL
);

-- An entry is withdrawn once; a source link once per linking (a link made again later can be withdrawn again).
CREATE UNIQUE INDEX IX_Withdrawals_Entry ON Withdrawals (EntryType, EntryId) WHERE EntryType <> 'source-link';
CREATE INDEX IX_Withdrawals_Item ON Withdrawals (ItemType, ItemId) WHERE ItemType IS NOT NULL;
CREATE INDEX IX_Withdrawals_WithdrawnAt ON Withdrawals (WithdrawnAt);
