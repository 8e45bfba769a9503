-- Amounts in cents: a ledger entry or a term may give dollars and cents (1234.56), which whole dollars could not hold.
-- Money stays an integer, never floating point: AmountUsd (whole dollars) becomes AmountCents (whole cents), and every
-- amount already on record is multiplied by 100, so each keeps its dollar value exactly. Numbered after 0018 (whose
-- findings make the headline count). RENAME COLUMN needs SQLite 3.25 or later; no index, view or trigger names the column.
ALTER TABLE Obligations RENAME COLUMN AmountUsd TO AmountCents;
UPDATE Obligations SET AmountCents = AmountCents * 100 WHERE AmountCents IS NOT NULL;
ALTER TABLE LedgerEntries RENAME COLUMN AmountUsd TO AmountCents;
UPDATE LedgerEntries SET AmountCents = AmountCents * 100;
-- A change found for alerts keeps what its messages will say as JSON (AlertChanges.Payload, written in 0016's shape),
-- and a ledger entry's "amount" there was whole dollars too: it becomes cents, so a digest sent after this upgrade
-- says the same amount.
UPDATE AlertChanges SET Payload = json_set(Payload, '$.amount', json_extract(Payload, '$.amount') * 100)
WHERE ItemType = 'ledger' AND json_type(Payload, '$.amount') = 'integer';
