namespace OmniBots.Knowledge.Tests.Sources;

/// <summary>Knowledge bases for source tests. Until the knowledge-base API exists on this branch, a new id stands for one.</summary>
internal static class KnowledgeBases
{
    public static Task<Guid> CreateAsync(SourcesFixture fixture, HttpClient client, string token)
    {
        _ = (fixture, client, token);
        return Task.FromResult(Guid.NewGuid());
    }
}
