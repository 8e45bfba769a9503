-- What the case itself says, where it used to be taken from the site or from the first case's shape:
-- TimeZone is the IANA zone the case's dates are read in (NULL: the site's Site:TimeZone), and ObligationOrigin names
-- what the case's obligations come from, which the headings follow ("What the order requires").
ALTER TABLE Cases ADD COLUMN TimeZone TEXT NULL;
ALTER TABLE Cases ADD COLUMN ObligationOrigin TEXT NOT NULL DEFAULT 'settlement'
    CHECK (ObligationOrigin IN ('settlement', 'order', 'accusation', 'consent-decree', 'agreement'));
