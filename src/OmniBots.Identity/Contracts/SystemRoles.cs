namespace OmniBots.Identity.Contracts;

/// <summary>A role every tenant has, one per user type (SPEC IAM-1); its code is the user type.</summary>
public sealed record SystemRole(string Code, string Name, string Description, IReadOnlyList<string> Permissions);

/// <summary>User types and their system roles. Provisioning creates them per tenant; every start
/// brings existing tenants' system roles up to date with this list.</summary>
public static class SystemRoles
{
    public const string TenantAdmin = "tenant_admin";
    public const string BotAdmin = "bot_admin";
    public const string Supervisor = "supervisor";
    public const string Agent = "agent";
    public const string Analyst = "analyst";
    public const string Viewer = "viewer";

    public static IReadOnlyList<string> UserTypes { get; } = [TenantAdmin, BotAdmin, Supervisor, Agent, Analyst, Viewer];

    public static IReadOnlyList<SystemRole> All { get; } =
    [
        new(TenantAdmin, "Tenant admin", "Everything in the tenant.", [.. PermissionCatalogue.All.Select(p => p.Code)]),
        new(BotAdmin, "Bot admin", "Builds bots: bots, flows, tools, knowledge and integrations.",
        [
            Permissions.Bots.Read, Permissions.Bots.Write, Permissions.Bots.Publish,
            Permissions.Flows.Read, Permissions.Flows.Write, Permissions.Tools.Read, Permissions.Tools.Write,
            Permissions.Knowledge.Read, Permissions.Knowledge.Write,
            Permissions.Integrations.Read, Permissions.Integrations.Write,
            Permissions.Conversations.Read, Permissions.Analytics.Read, Permissions.Settings.Read,
        ]),
        new(Supervisor, "Supervisor", "Runs the agent desk: supervises agents and conversations.",
        [
            Permissions.AgentDesk.Read, Permissions.AgentDesk.Write, Permissions.AgentDesk.Supervise,
            Permissions.Conversations.Read, Permissions.Conversations.Write, Permissions.Conversations.Export,
            Permissions.Analytics.Read, Permissions.Knowledge.Read, Permissions.Bots.Read, Permissions.UsersRoles.Read,
        ]),
        new(Agent, "Agent", "Answers conversations in the agent desk.",
        [
            Permissions.AgentDesk.Read, Permissions.AgentDesk.Write,
            Permissions.Conversations.Read, Permissions.Conversations.Write, Permissions.Knowledge.Read,
        ]),
        new(Analyst, "Analyst", "Reads and exports analytics and conversations.",
        [
            Permissions.Analytics.Read, Permissions.Analytics.Export,
            Permissions.Conversations.Read, Permissions.Conversations.Export,
            Permissions.Bots.Read, Permissions.Flows.Read, Permissions.Knowledge.Read,
        ]),
        new(Viewer, "Viewer", "Sees bots, knowledge, conversations and analytics; changes nothing.",
        [
            Permissions.Bots.Read, Permissions.Flows.Read, Permissions.Tools.Read, Permissions.Knowledge.Read,
            Permissions.Conversations.Read, Permissions.Analytics.Read, Permissions.AgentDesk.Read,
        ]),
    ];

    public static bool IsUserType(string value) => UserTypes.Contains(value, StringComparer.Ordinal);
}
