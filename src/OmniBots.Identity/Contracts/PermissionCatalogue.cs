using System.Collections.Frozen;

namespace OmniBots.Identity.Contracts;

/// <summary>One permission of the catalogue, as <c>GET /api/v1/permissions</c> lists it.</summary>
public sealed record PermissionInfo(string Code, string Area, string Description);

/// <summary>The catalogue as data: what exists, and whether a code is known.</summary>
public static class PermissionCatalogue
{
    public static IReadOnlyList<PermissionInfo> All { get; } =
    [
        new(Permissions.Bots.Read, "bots", "See bots, their versions and deployments."),
        new(Permissions.Bots.Write, "bots", "Create, edit and delete bots and drafts."),
        new(Permissions.Bots.Publish, "bots", "Publish, archive and roll back bot versions."),
        new(Permissions.Flows.Read, "flows", "See flows."),
        new(Permissions.Flows.Write, "flows", "Create, edit and delete flows."),
        new(Permissions.Tools.Read, "tools", "See tools."),
        new(Permissions.Tools.Write, "tools", "Create, edit and delete tools."),
        new(Permissions.Knowledge.Read, "knowledge", "See knowledge bases and documents."),
        new(Permissions.Knowledge.Write, "knowledge", "Create knowledge bases, upload and delete documents."),
        new(Permissions.Conversations.Read, "conversations", "Read conversations and transcripts."),
        new(Permissions.Conversations.Write, "conversations", "Tag, annotate and close conversations."),
        new(Permissions.Conversations.Export, "conversations", "Export conversations."),
        new(Permissions.AgentDesk.Read, "agent_desk", "See the agent desk queues."),
        new(Permissions.AgentDesk.Write, "agent_desk", "Take and answer conversations as an agent."),
        new(Permissions.AgentDesk.Supervise, "agent_desk", "Monitor agents, reassign and take over conversations."),
        new(Permissions.Analytics.Read, "analytics", "See dashboards and reports."),
        new(Permissions.Analytics.Export, "analytics", "Export reports."),
        new(Permissions.Settings.Read, "settings", "See tenant settings and API keys."),
        new(Permissions.Settings.Write, "settings", "Change tenant settings; create and revoke API keys."),
        new(Permissions.Integrations.Read, "integrations", "See integrations and channels."),
        new(Permissions.Integrations.Write, "integrations", "Configure integrations, channels and credentials."),
        new(Permissions.AuditLog.Read, "audit_log", "Search the audit log."),
        new(Permissions.AuditLog.Export, "audit_log", "Export the audit log."),
        new(Permissions.UsersRoles.Read, "users_roles", "See users and roles."),
        new(Permissions.UsersRoles.Write, "users_roles", "Invite, suspend and edit users; edit roles."),
        new(Permissions.Billing.Read, "billing", "See usage, plans and invoices."),
        new(Permissions.Billing.Write, "billing", "Change the plan and billing details."),
        new(Permissions.Security.Read, "security", "See security events and rules."),
        new(Permissions.Security.Write, "security", "Resolve security events; change security rules and policies."),
    ];

    private static readonly FrozenSet<string> Codes = All.Select(p => p.Code).ToFrozenSet(StringComparer.Ordinal);

    public static bool Contains(string code) => Codes.Contains(code);

    /// <summary>The known codes among <paramref name="codes"/>, sorted and without duplicates: a code
    /// removed from the catalogue stops granting anything even while roles still list it.</summary>
    public static string[] KnownOnly(IEnumerable<string> codes)
        => [.. codes.Where(Codes.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
