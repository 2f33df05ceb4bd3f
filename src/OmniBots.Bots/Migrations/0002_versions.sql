-- Bot versions (SPEC BOT-2, BOT-3): Draft -> Published -> Archived. The content (primary flow and
-- linked flows, see docs/nodes.md) is JSON. revision counts draft saves for optimistic concurrency.
CREATE TABLE bots.versions (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    bot_id uuid NOT NULL,
    number int NOT NULL CHECK (number >= 1),
    status text NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    label text NOT NULL DEFAULT '',
    release_notes text NOT NULL DEFAULT '',
    content jsonb NOT NULL,
    revision int NOT NULL DEFAULT 1,
    -- The version this one was copied from (new draft from version X, rollback of version X).
    based_on int,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid,
    updated_at timestamptz NOT NULL DEFAULT now(),
    published_by uuid,
    published_at timestamptz,
    archived_at timestamptz,
    UNIQUE (tenant_id, id),
    UNIQUE (bot_id, number),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots.bots (tenant_id, id) ON DELETE CASCADE
);
-- The invariants of BOT-2, held by the database whatever the application does:
-- at most one published version and at most one draft per bot.
CREATE UNIQUE INDEX versions_one_published ON bots.versions (bot_id) WHERE status = 'published';
CREATE UNIQUE INDEX versions_one_draft ON bots.versions (bot_id) WHERE status = 'draft';
SELECT platform.enable_tenant_isolation('bots.versions');
