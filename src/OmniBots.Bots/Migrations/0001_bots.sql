-- Bots (SPEC BOT-1) and their channel deployments. Knowledge bases and models are other modules'
-- ids/codes: referenced by value, never by foreign key.
CREATE TABLE bots.bots (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text NOT NULL DEFAULT '',
    languages text[] NOT NULL DEFAULT '{en}' CHECK (cardinality(languages) >= 1),
    default_language text NOT NULL DEFAULT 'en',
    default_model text NOT NULL DEFAULT '',
    knowledge_base_ids uuid[] NOT NULL DEFAULT '{}',
    greeting text NOT NULL DEFAULT '',
    idle_timeout_minutes int NOT NULL DEFAULT 30 CHECK (idle_timeout_minutes BETWEEN 1 AND 1440),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    CHECK (default_language = ANY (languages))
);
CREATE INDEX bots_tenant_name ON bots.bots (tenant_id, lower(name));
SELECT platform.enable_tenant_isolation('bots.bots');

-- A widget deployment: the key is public (it sits in the customer's page), so it is stored in clear and
-- unique across tenants (the widget finds its bot by key before any tenant is known); it is 256 random
-- bits so it cannot be guessed. Origins are normalised scheme://host[:port]; allow_any_origin is the
-- explicit opt-out of the origin check ('*' is never stored).
CREATE TABLE bots.deployments (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    bot_id uuid NOT NULL,
    channel text NOT NULL DEFAULT 'widget' CHECK (channel IN ('widget')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    deployment_key text NOT NULL UNIQUE CHECK (length(deployment_key) BETWEEN 32 AND 100),
    allowed_origins text[] NOT NULL DEFAULT '{}',
    allow_any_origin boolean NOT NULL DEFAULT false,
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots.bots (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX deployments_bot ON bots.deployments (tenant_id, bot_id);
SELECT platform.enable_tenant_isolation('bots.deployments');
