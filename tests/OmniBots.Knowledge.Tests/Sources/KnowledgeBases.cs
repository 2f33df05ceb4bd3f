using System.Net;

namespace OmniBots.Knowledge.Tests.Sources;

/// <summary>Knowledge bases for source tests, made through the knowledge-base API (lexical, no embedding model).</summary>
internal static class KnowledgeBases
{
    public static async Task<Guid> CreateAsync(HttpClient client, string token)
    {
        var body = await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/knowledge-bases", token,
            new { name = $"Sources {Guid.NewGuid():N}"[..30], searchMode = "lexical" }), HttpStatusCode.Created);
        return body.GetProperty("id").GetGuid();
    }
}
