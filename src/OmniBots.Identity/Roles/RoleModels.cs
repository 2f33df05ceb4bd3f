namespace OmniBots.Identity.Roles;

internal sealed record RoleView(Guid Id, string Code, string Name, string Description, bool IsSystem, string[] Permissions, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <param name="CopyFrom">Code of a role whose permissions the new role starts from (added to <paramref name="Permissions"/>).</param>
internal sealed record CreateRoleRequest(string? Code, string? Name, string? Description, string[]? Permissions, string? CopyFrom);

internal sealed record UpdateRoleRequest(string? Name, string? Description, string[]? Permissions);
