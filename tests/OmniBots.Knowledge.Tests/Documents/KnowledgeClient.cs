using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Knowledge.Indexing;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;

namespace OmniBots.Knowledge.Tests.Documents;

/// <summary>HTTP calls of the knowledge API for one tenant (Testing header scheme with the knowledge permissions).</summary>
internal sealed class KnowledgeClient(OmniBotsHostFactory host, Guid tenantId, string permissions = "knowledge.read,knowledge.write")
{
    public HttpClient Http { get; } = CreateClient(host, tenantId, permissions);
    public Guid TenantId => tenantId;

    private static HttpClient CreateClient(OmniBotsHostFactory host, Guid tenantId, string permissions)
    {
        var client = host.CreateClientForTenant(tenantId);
        client.DefaultRequestHeaders.Add("X-Test-Permissions", permissions);
        return client;
    }

    public static async Task<KnowledgeClient> ForNewTenantAsync(OmniBotsHostFactory host)
    {
        var tenant = await new IdentityTestData(host).CreateTenantAsync();
        return new KnowledgeClient(host, tenant.Id);
    }

    public Task<HttpResponseMessage> CreateAsync(object body) => Http.PostAsJsonAsync(Api.Url("/api/v1/knowledge-bases"), body);

    public async Task<Guid> CreateKnowledgeBaseAsync(object? body = null)
    {
        var created = await Api.JsonAsync(await CreateAsync(body ?? new { name = "KB " + Guid.NewGuid().ToString("N")[..6] }), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    public static MultipartFormDataContent Files(params (string Name, byte[] Content, string? ContentType)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content, type) in files)
        {
            var part = new ByteArrayContent(content);
            if (type is not null)
            {
                part.Headers.ContentType = new MediaTypeHeaderValue(type);
            }
            form.Add(part, "files", name);
        }
        return form;
    }

    public Task<HttpResponseMessage> UploadAsync(Guid kbId, HttpContent content)
        => Http.PostAsync(Api.Url($"/api/v1/knowledge-bases/{kbId}/documents"), content);

    /// <summary>Uploads one file and returns its document id (asserting it was queued).</summary>
    public async Task<Guid> UploadOneAsync(Guid kbId, string name, byte[] content, string? contentType = null)
    {
        var body = await Api.JsonAsync(await UploadAsync(kbId, Files((name, content, contentType))), HttpStatusCode.Accepted);
        var file = body.GetProperty("files")[0];
        Xunit.Assert.Equal("queued", file.GetProperty("outcome").GetString());
        return file.GetProperty("documentId").GetGuid();
    }

    public async Task<JsonElement> DocumentAsync(Guid kbId, Guid id)
        => await Api.JsonAsync(await Http.GetAsync(Api.Url($"/api/v1/knowledge-bases/{kbId}/documents/{id}")), HttpStatusCode.OK);

    /// <summary>Waits until the document leaves queued/processing and returns it.</summary>
    public async Task<JsonElement> WaitIndexedAsync(Guid kbId, Guid id, string expected = "indexed")
    {
        JsonElement document = default;
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                document = await DocumentAsync(kbId, id);
                return document.GetProperty("status").GetString() is "indexed" or "error";
            }, TimeSpan.FromSeconds(30), $"document {id} is indexed or in error");
        }
        catch (TimeoutException e)
        {
            // Say why: the indexing jobs' states and last errors.
            var jobs = await host.Database.ScalarAsync<string>(
                "SELECT string_agg(kind || ' ' || state || ' ' || attempts || ' ' || coalesce(left(last_error, 300), ''), E'\n') FROM platform.jobs WHERE kind LIKE 'knowledge.%'");
            throw new TimeoutException($"{e.Message}\nDocument: {document}\nJobs:\n{jobs}", e);
        }
        Xunit.Assert.True(expected == document.GetProperty("status").GetString(), $"Expected {expected}: {document}");
        return document;
    }

    /// <summary>What search would see now.</summary>
    public async Task<ChunkSet> SearchableAsync(Guid kbId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenantId);
        return await scope.ServiceProvider.GetRequiredService<IChunkStore>().ReadSearchableAsync(kbId, CancellationToken.None);
    }
}
