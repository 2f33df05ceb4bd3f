-- Every email the platform sends (src/OmniBots.Platform/Email). A message is stored here first and
-- delivered by the email.send job, so requests never wait on SMTP and failed deliveries retry.
-- Without an SMTP host the stored messages are the development outbox, listed by the admin API.
-- Messages carry sign-in links (invitations, password resets), so the runtime role has no access:
-- every read and write goes through the logged elevated scope, and a delivered message's bodies are
-- cleared once SMTP accepted it.
CREATE TABLE platform.email_outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipients text[] NOT NULL CHECK (cardinality(recipients) BETWEEN 1 AND 50),
    subject text NOT NULL CHECK (length(subject) <= 998),
    text_body text,
    html_body text,
    -- queued: waits for the email.send job; sent: SMTP accepted it; development: no SMTP configured.
    status text NOT NULL CHECK (status IN ('queued', 'sent', 'development')),
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
);
CREATE INDEX email_outbox_created ON platform.email_outbox (id DESC);
COMMENT ON TABLE platform.email_outbox IS
    'elevated-only: outgoing mail of every tenant, including single-use sign-in links';
