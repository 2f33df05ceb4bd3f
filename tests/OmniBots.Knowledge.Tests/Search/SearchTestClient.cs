using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OmniBots.Testing;

namespace OmniBots.Knowledge.Tests.Search;

/// <summary>One tenant's HTTP calls for the search tests (Testing header scheme with the knowledge permissions).</summary>
internal sealed class SearchTestClient
{
    private SearchTestClient(HttpClient http, Guid tenantId) => (Http, TenantId) = (http, tenantId);

    public HttpClient Http { get; }
    public Guid TenantId { get; }

    public static async Task<SearchTestClient> ForNewTenantAsync(OmniBotsHostFactory host, string permissions = "knowledge.read,knowledge.write")
    {
        var tenant = await new IdentityTestData(host).CreateTenantAsync();
        var http = host.CreateClientForTenant(tenant.Id);
        http.DefaultRequestHeaders.Add("X-Test-Permissions", permissions);
        return new SearchTestClient(http, tenant.Id);
    }

    public async Task<Guid> CreateKnowledgeBaseAsync(object body)
    {
        var created = await Api.JsonAsync(await Http.PostAsJsonAsync(Api.Url("/api/v1/knowledge-bases"), body), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    /// <summary>Uploads Markdown files and waits until every one is indexed.</summary>
    public async Task UploadAndWaitAsync(Guid kb, params (string Name, string Markdown)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, markdown) in files)
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(markdown)), "files", name);
        }
        var body = await Api.JsonAsync(await Http.PostAsync(Api.Url($"/api/v1/knowledge-bases/{kb}/documents"), form), HttpStatusCode.Accepted);
        foreach (var file in body.GetProperty("files").EnumerateArray())
        {
            var id = file.GetProperty("documentId").GetGuid();
            JsonElement document = default;
            await Eventually.TrueAsync(async () =>
            {
                document = await Api.JsonAsync(await Http.GetAsync(Api.Url($"/api/v1/knowledge-bases/{kb}/documents/{id}")), HttpStatusCode.OK);
                return document.GetProperty("status").GetString() is "indexed" or "error";
            }, TimeSpan.FromSeconds(30), $"document {id} is indexed: {document}");
            Xunit.Assert.True(document.GetProperty("status").GetString() == "indexed", document.ToString());
        }
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body) => Http.PostAsJsonAsync(Api.Url(path), body);

    public async Task<JsonElement> SearchAsync(Guid kb, object body) =>
        await Api.JsonAsync(await PostAsync($"/api/v1/knowledge-bases/{kb}/search", body), HttpStatusCode.OK);

    public async Task<JsonElement> AnswerAsync(Guid kb, object body) =>
        await Api.JsonAsync(await PostAsync($"/api/v1/knowledge-bases/{kb}/answer", body), HttpStatusCode.OK);
}
