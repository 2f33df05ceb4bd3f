-- Outbound webhooks (SPEC CHAN-6): a tenant's subscriptions to conversation events, and the log of every delivery
-- attempt. Deliveries themselves are platform jobs (kind channels.webhook.deliver), enqueued in the transaction that
-- commits the conversation change, so an acknowledged event is never lost.
CREATE TABLE channels.webhook_subscriptions (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    url text NOT NULL,
    description text,
    -- Names from ConversationEvents.All.
    event_types text[] NOT NULL,
    -- The signing secret (whsec_...), protected with the tenant's ISecretProtector: shown once, never again.
    secret_protected text NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    -- Failed attempts since the last success; reaching Channels:Webhooks:DisableAfterConsecutiveFailures disables.
    consecutive_failures int NOT NULL DEFAULT 0,
    disabled_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    secret_rotated_at timestamptz,
    UNIQUE (tenant_id, id)
);
CREATE INDEX webhook_subscriptions_tenant ON channels.webhook_subscriptions (tenant_id, created_at);
SELECT platform.enable_tenant_isolation('channels.webhook_subscriptions');

-- One row per attempt to deliver an event to a subscription (and per test ping). delivery_id is the same for every
-- attempt of one event to one subscription: the X-OmniBots-Delivery header receivers de-duplicate by.
CREATE TABLE channels.webhook_deliveries (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    subscription_id uuid NOT NULL,
    delivery_id uuid NOT NULL,
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    attempt int NOT NULL,
    -- succeeded (2xx), failed (anything else, timeout, refused address), skipped (subscription disabled meanwhile)
    status text NOT NULL,
    response_code int,
    duration_ms double precision NOT NULL DEFAULT 0,
    error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, subscription_id) REFERENCES channels.webhook_subscriptions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_subscription ON channels.webhook_deliveries (subscription_id, created_at DESC);
CREATE INDEX webhook_deliveries_created ON channels.webhook_deliveries (tenant_id, created_at);
SELECT platform.enable_tenant_isolation('channels.webhook_deliveries');
