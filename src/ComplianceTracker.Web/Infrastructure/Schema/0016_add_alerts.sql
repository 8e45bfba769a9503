-- Alerts: readers who follow the record by email (double opt-in, no account), the changes the alerts are about,
-- one delivery per subscription and change (so a retried job never sends a change to a subscription twice), and
-- webhooks that receive each change as signed JSON. None of this is part of the public record: writes here never
-- refresh the pages' cache.

-- One address. Stored trimmed and in lower case, so one address is one row whatever case it is typed in.
-- PausedAt: set when the address bounced permanently (a 5xx answer to it); nothing is sent to it until a
-- confirmation link is followed again. ConfirmationsDay/ConfirmationsSent bound how many confirmation messages the
-- subscribe form can make the site send to one address in one day.
CREATE TABLE AlertSubscribers (
    Id                  INTEGER PRIMARY KEY,
    Email               TEXT NOT NULL UNIQUE,
    CreatedAt           TEXT NOT NULL,
    PausedAt            TEXT NULL,
    PauseReason         TEXT NULL,
    ConfirmationsDay    TEXT NULL,
    ConfirmationsSent   INTEGER NOT NULL DEFAULT 0
);

-- What one address follows: the whole case, a deficiency, a settlement term, a deadline, or new editions
-- (TargetCode '' for the case and for editions). State 'pending' until a confirmation link is followed, then
-- 'active'; 'ended' when unsubscribed (kept, so "follow again" can undo a one-click unsubscribe).
-- ConfirmNonce is the single use of the latest confirmation link: following it clears it.
CREATE TABLE AlertSubscriptions (
    Id                  INTEGER PRIMARY KEY,
    SubscriberId        INTEGER NOT NULL REFERENCES AlertSubscribers(Id) ON DELETE CASCADE,
    Target              TEXT NOT NULL CHECK (Target IN ('case', 'deficiency', 'obligation', 'deadline', 'editions')),
    TargetCode          TEXT NOT NULL DEFAULT '',
    Frequency           TEXT NOT NULL CHECK (Frequency IN ('immediate', 'weekly')),
    State               TEXT NOT NULL CHECK (State IN ('pending', 'active', 'ended')),
    ConfirmNonce        TEXT NULL,
    ConfirmFrequency    TEXT NULL CHECK (ConfirmFrequency IN ('immediate', 'weekly')),
    ConfirmRequestedAt  TEXT NULL,
    CreatedAt           TEXT NOT NULL,
    ConfirmedAt         TEXT NULL,
    EndedAt             TEXT NULL,
    UNIQUE (SubscriberId, Target, TargetCode)
);

CREATE INDEX IX_AlertSubscriptions_Target ON AlertSubscriptions (Target, TargetCode, State);

-- A change alerts are about: an entry of the change log (StableId as the feed and the API give it, such as
-- 'status-41' or 'edition-3') or a deadline reminder ('reminder-7-DL-2025-10-2025-10-31'). Payload is what the
-- messages and webhooks say about it, as read when it was found (JSON). SendQueuedAt: when its send job was last
-- queued, so that the scan queues it again only if it was lost.
CREATE TABLE AlertChanges (
    Id                  INTEGER PRIMARY KEY,
    StableId            TEXT NOT NULL UNIQUE,
    Kind                TEXT NOT NULL,
    ItemType            TEXT NOT NULL,
    ItemCode            TEXT NOT NULL,
    RecordedAt          TEXT NOT NULL,
    FoundAt             TEXT NOT NULL,
    Payload             TEXT NOT NULL,
    SendQueuedAt        TEXT NULL
);

-- How far the scan has read each table of the change log: the highest row id seen.
CREATE TABLE AlertCursors (
    Name                TEXT PRIMARY KEY,
    LastId              INTEGER NOT NULL
);

-- One message's worth of one change for one subscription: at most one, ever (the UNIQUE below). Mode 'immediate'
-- is sent by the change's send job, 'digest' by the weekly digest. State: 'pending' → 'sending' (claimed by one
-- run of a job, Claim) → 'sent'; or 'failed' (the server refused it for good), 'skipped' (unsubscribed or paused
-- before it went), 'uncertain' (a run stopped after handing it to the server and before recording that: never
-- sent again, so that no one gets it twice).
CREATE TABLE AlertDeliveries (
    Id                  INTEGER PRIMARY KEY,
    SubscriptionId      INTEGER NOT NULL REFERENCES AlertSubscriptions(Id) ON DELETE CASCADE,
    ChangeId            INTEGER NOT NULL REFERENCES AlertChanges(Id),
    Mode                TEXT NOT NULL CHECK (Mode IN ('immediate', 'digest')),
    State               TEXT NOT NULL CHECK (State IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'uncertain')),
    Claim               TEXT NULL,
    ClaimedAt           TEXT NULL,
    Attempts            INTEGER NOT NULL DEFAULT 0,
    SentAt              TEXT NULL,
    Problem             TEXT NULL,
    UNIQUE (SubscriptionId, ChangeId)
);

CREATE INDEX IX_AlertDeliveries_Queue ON AlertDeliveries (State, Mode, ChangeId);
CREATE INDEX IX_AlertDeliveries_Claim ON AlertDeliveries (Claim);

-- What went wrong sending alerts, for Admins: a refused or failed message, a bounce that paused an address, a
-- webhook that gave up. Never an address in full: Recipient is masked ('r•••@example.org').
CREATE TABLE AlertFailures (
    Id                  INTEGER PRIMARY KEY,
    At                  TEXT NOT NULL,
    Channel             TEXT NOT NULL CHECK (Channel IN ('mail', 'webhook')),
    Recipient           TEXT NOT NULL,
    What                TEXT NOT NULL,
    Problem             TEXT NOT NULL
);

-- An HTTPS address an Admin registered to receive each change as JSON, signed with its secret (kept encrypted by
-- the app's data-protection keys).
CREATE TABLE WebhookEndpoints (
    Id                  INTEGER PRIMARY KEY,
    Url                 TEXT NOT NULL,
    Description         TEXT NOT NULL,
    ProtectedSecret     TEXT NOT NULL,
    CreatedAt           TEXT NOT NULL,
    CreatedBy           TEXT NOT NULL,
    DisabledAt          TEXT NULL
);

-- One change for one endpoint, retried with backoff until delivered or given up ('failed').
CREATE TABLE WebhookDeliveries (
    Id                  INTEGER PRIMARY KEY,
    EndpointId          INTEGER NOT NULL REFERENCES WebhookEndpoints(Id) ON DELETE CASCADE,
    ChangeId            INTEGER NOT NULL REFERENCES AlertChanges(Id),
    State               TEXT NOT NULL CHECK (State IN ('pending', 'delivered', 'failed')),
    Attempts            INTEGER NOT NULL DEFAULT 0,
    NextAttemptAt       TEXT NULL,
    DeliveredAt         TEXT NULL,
    UNIQUE (EndpointId, ChangeId)
);

CREATE INDEX IX_WebhookDeliveries_Queue ON WebhookDeliveries (State, NextAttemptAt);

-- Every attempt of a webhook delivery: when, the answer's status (null when none came), what went wrong, how long.
CREATE TABLE WebhookAttempts (
    Id                  INTEGER PRIMARY KEY,
    DeliveryId          INTEGER NOT NULL REFERENCES WebhookDeliveries(Id) ON DELETE CASCADE,
    AttemptedAt         TEXT NOT NULL,
    HttpStatus          INTEGER NULL,
    Problem             TEXT NULL,
    DurationMs          INTEGER NOT NULL
);

CREATE INDEX IX_WebhookAttempts_Delivery ON WebhookAttempts (DeliveryId);
