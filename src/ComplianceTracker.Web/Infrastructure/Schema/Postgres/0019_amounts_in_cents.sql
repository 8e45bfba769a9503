-- PostgreSQL twin of Schema/0019_amounts_in_cents.sql: AmountUsd (whole dollars) becomes AmountCents (whole cents, still
-- BIGINT), and every amount on record is multiplied by 100, so each keeps its dollar value exactly.
ALTER TABLE Obligations RENAME COLUMN AmountUsd TO AmountCents;
UPDATE Obligations SET AmountCents = AmountCents * 100 WHERE AmountCents IS NOT NULL;
ALTER TABLE LedgerEntries RENAME COLUMN AmountUsd TO AmountCents;
UPDATE LedgerEntries SET AmountCents = AmountCents * 100;
-- A ledger entry's "amount" in an alert's stored payload (JSON) was whole dollars too: it becomes cents.
UPDATE AlertChanges SET Payload = jsonb_set(Payload::jsonb, '{amount}', to_jsonb((Payload::jsonb ->> 'amount')::bigint * 100))::text
WHERE ItemType = 'ledger' AND jsonb_typeof(Payload::jsonb -> 'amount') = 'number';
