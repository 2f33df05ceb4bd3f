namespace OmniBots.Bots.Deployments;

internal sealed record DeploymentView(
    Guid Id, Guid BotId, string Channel, string Name, string DeploymentKey, string[] AllowedOrigins, bool AllowAnyOrigin, bool Enabled,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Create and update (null keeps the current value on update).</summary>
internal sealed record DeploymentRequest(string? Name, string[]? AllowedOrigins, bool? AllowAnyOrigin, bool? Enabled);
