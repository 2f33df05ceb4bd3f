using System.Text.Json;

namespace OmniBots.Bots.Versions;

internal static class VersionStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Archived = "archived";
}

/// <summary>One line of a bot's version history (BOT-2: who and when).</summary>
internal sealed record VersionSummary(
    int Number, string Status, string Label, string ReleaseNotes, int? BasedOn, int Revision, Guid? CreatedBy, DateTimeOffset CreatedAt,
    Guid? UpdatedBy, DateTimeOffset UpdatedAt, Guid? PublishedBy, DateTimeOffset? PublishedAt, DateTimeOffset? ArchivedAt);

/// <summary>A version with its content: <c>{ primaryFlow: { nodes, edges }, linkedFlows: [{ key, name, description, nodes, edges }] }</c>.</summary>
internal sealed record VersionDetail(VersionSummary Version, JsonElement Content)
{
    public string ETag => $"\"r{Version.Revision}\"";
}

internal sealed record NewDraftRequest(int? FromVersion);

internal sealed record PublishRequest(string? Label, string? ReleaseNotes);

internal sealed record ValidationResult(bool Valid, IReadOnlyList<Flows.Validation.FlowProblem> Problems);
