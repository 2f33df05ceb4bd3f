-- External and web sources of a knowledge base (SPEC KB-3, KB-4). A source is synced by a job on its schedule;
-- its items remember what the last sync saw, so a file missing from a full listing (S3, Azure, web) is known
-- to be deleted and an unchanged version is not fetched again.
CREATE TABLE knowledge.sources (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    knowledge_base_id uuid NOT NULL,
    type text NOT NULL CHECK (type IN ('web', 's3', 'azure-blob', 'sharepoint', 'onedrive', 'google-drive', 'file-url')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- Root folder/prefix, include/exclude globs, max file size and the type's own settings (never secrets).
    settings jsonb NOT NULL DEFAULT '{}',
    -- JSON of the type's secrets, protected with the tenant-bound ISecretProtector (purpose knowledge.source-credentials).
    credentials text,
    sync_interval_minutes integer NOT NULL DEFAULT 1440 CHECK (sync_interval_minutes BETWEEN 15 AND 525600),
    enabled boolean NOT NULL DEFAULT true,
    -- The connector's opaque position (delta link, page token); written only after a sync committed everything before it.
    sync_cursor text,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'syncing', 'succeeded', 'failed')),
    last_sync_started_at timestamptz,
    last_sync_finished_at timestamptz,
    last_sync_counts jsonb,
    last_error text,
    next_sync_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, knowledge_base_id) REFERENCES knowledge.knowledge_bases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sources_kb ON knowledge.sources (tenant_id, knowledge_base_id, created_at);
-- The scheduler's question every minute: which enabled sources are due.
CREATE INDEX sources_due ON knowledge.sources (next_sync_at) WHERE enabled;
SELECT platform.enable_tenant_isolation('knowledge.sources');

CREATE TABLE knowledge.source_items (
    tenant_id uuid NOT NULL,
    source_id uuid NOT NULL,
    external_id text NOT NULL,
    -- ETag, eTag/cTag, md5Checksum/version or Last-Modified: what the peer says changes with the content.
    version text,
    content_hash text,
    document_id uuid,
    last_seen_at timestamptz NOT NULL,
    PRIMARY KEY (source_id, external_id),
    FOREIGN KEY (tenant_id, source_id) REFERENCES knowledge.sources (tenant_id, id) ON DELETE CASCADE
);
SELECT platform.enable_tenant_isolation('knowledge.source_items');
