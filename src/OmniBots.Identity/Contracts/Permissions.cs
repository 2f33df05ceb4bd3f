namespace OmniBots.Identity.Contracts;

/// <summary>
/// The permission catalogue (SPEC IAM-2): every code a role can grant and an endpoint can require
/// with <see cref="PermissionEndpointConventions.RequirePermission{TBuilder}"/>. Codes are
/// <c>area.action</c>, stored in roles and API keys, so they are never renamed: add new ones.
/// </summary>
public static class Permissions
{
    public static class Bots
    {
        public const string Read = "bots.read";
        public const string Write = "bots.write";
        public const string Publish = "bots.publish";
    }

    public static class Flows
    {
        public const string Read = "flows.read";
        public const string Write = "flows.write";
    }

    public static class Tools
    {
        public const string Read = "tools.read";
        public const string Write = "tools.write";
    }

    public static class Knowledge
    {
        public const string Read = "knowledge.read";
        public const string Write = "knowledge.write";
    }

    public static class Conversations
    {
        public const string Read = "conversations.read";
        public const string Write = "conversations.write";
        public const string Export = "conversations.export";
    }

    public static class AgentDesk
    {
        public const string Read = "agent_desk.read";
        public const string Write = "agent_desk.write";
        public const string Supervise = "agent_desk.supervise";
    }

    public static class Analytics
    {
        public const string Read = "analytics.read";
        public const string Export = "analytics.export";
    }

    public static class Settings
    {
        public const string Read = "settings.read";
        public const string Write = "settings.write";
    }

    public static class Integrations
    {
        public const string Read = "integrations.read";
        public const string Write = "integrations.write";
    }

    public static class AuditLog
    {
        public const string Read = "audit_log.read";
        public const string Export = "audit_log.export";
    }

    public static class UsersRoles
    {
        public const string Read = "users_roles.read";
        public const string Write = "users_roles.write";
    }

    public static class Billing
    {
        public const string Read = "billing.read";
        public const string Write = "billing.write";
    }

    public static class Security
    {
        public const string Read = "security.read";
        public const string Write = "security.write";
    }
}
