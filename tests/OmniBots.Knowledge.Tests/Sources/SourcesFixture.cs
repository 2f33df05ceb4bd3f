using System.Net;
using System.Text.Json;

namespace OmniBots.Knowledge.Tests.Sources;

/// <summary>A web-only host (no worker, no scheduler: queued jobs stay queued for the tests to read) with loopback
/// sources allowed.</summary>
public class SourcesFixture : IdentityFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Knowledge:Sources:AllowPrivateNetworks"] = "true",
        ["Hosting:Roles"] = "web",
    };

    /// <summary>A tenant admin's client and token, and a knowledge base id of theirs.</summary>
    public async Task<TenantSession> AdminAsync(string userType = "tenant_admin")
    {
        var (tenant, admin) = await Data.CreateTenantWithUserAsync();
        var client = Host.CreateClient();
        var token = (await Api.SignInForTokensAsync(client, admin)).AccessToken;
        var knowledgeBase = await KnowledgeBases.CreateAsync(client, token);
        if (userType != "tenant_admin")
        {
            token = (await Api.SignInForTokensAsync(client, await Data.CreateUserAsync(tenant, userType))).AccessToken;
        }
        return new TenantSession(tenant, client, token, knowledgeBase);
    }
}

public sealed record TenantSession(TestTenant Tenant, HttpClient Client, string Token, Guid KnowledgeBaseId)
{
    public string Sources => $"/api/v1/knowledge-bases/{KnowledgeBaseId}/sources";

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null) => Api.SendWithBearerAsync(Client, method, path, Token, body);

    public async Task<JsonElement> CreateSourceAsync(object body)
        => await Api.JsonAsync(await SendAsync(HttpMethod.Post, Sources, body), HttpStatusCode.Created);
}
