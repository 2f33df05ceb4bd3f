using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Knowledge.Parsing;
using OmniBots.Platform.Blobs;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Knowledge.Tests.Documents;

/// <summary>Upload of each format through HTTP, indexed by the real jobs, checked through what search sees.</summary>
public sealed class DocumentIndexingTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Markdown_IsIndexedWithHeadingPaths()
    {
        var (client, kb) = await SetUpAsync();
        var markdown = "# Guide\n\nIntro text.\n\n## Billing\n\nInvoices are sent monthly.\n\n### Refunds\n\nRefunds take five days.\n\n- first item\n- second item\n";

        var id = await client.UploadOneAsync(kb, "guide.md", Encoding.UTF8.GetBytes(markdown));
        var document = await client.WaitIndexedAsync(kb, id);
        var chunks = (await client.SearchableAsync(kb)).Chunks;

        Assert.Equal("Guide", document.GetProperty("title").GetString());
        Assert.Equal(chunks.Count, document.GetProperty("chunkCount").GetInt32());
        Assert.Contains(chunks, c => c.Text.Contains("Refunds take five days.", StringComparison.Ordinal) && c.HeadingPath.SequenceEqual(["Guide", "Billing", "Refunds"]));
        Assert.Contains(chunks, c => c.Text.Contains("Invoices are sent monthly.", StringComparison.Ordinal) && c.HeadingPath.SequenceEqual(["Guide", "Billing"]));
        Assert.All(chunks, c => Assert.Equal("Guide", c.DocumentTitle));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Position));
    }

    [Fact]
    public async Task Pdf_KeepsPageNumbers()
    {
        var (client, kb) = await SetUpAsync();

        var id = await client.UploadOneAsync(kb, "manual.pdf", TestFiles.Pdf("Welcome to the printer manual", "Replace the toner cartridge"), "application/pdf");
        await client.WaitIndexedAsync(kb, id);
        var chunks = (await client.SearchableAsync(kb)).Chunks;

        // One section (no headings): both pages pack into one chunk whose page is where it starts.
        var chunk = Assert.Single(chunks);
        Assert.Equal(1, chunk.Page);
        Assert.Contains("Welcome to the printer manual", chunk.Text, StringComparison.Ordinal);
        Assert.Contains("Replace the toner cartridge", chunk.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_WithSmallChunks_GivesEachPageItsOwnPageNumber()
    {
        var (client, _) = await SetUpAsync();
        var kb = await client.CreateKnowledgeBaseAsync(new { name = "Small chunks", chunkSize = 64, chunkOverlap = 0 });
        var longPage = string.Join('\n', Enumerable.Repeat("Paper jams happen when the tray is overfilled.", 8));
        var secondPage = string.Join('\n', Enumerable.Repeat("Second page text about toner cartridges.", 8));

        var id = await client.UploadOneAsync(kb, "jams.pdf", TestFiles.Pdf(longPage, secondPage));
        await client.WaitIndexedAsync(kb, id);
        var chunks = (await client.SearchableAsync(kb)).Chunks;

        Assert.Contains(chunks, c => c.Page == 1 && c.Text.Contains("Paper jams", StringComparison.Ordinal));
        // A chunk's page is the page it starts on: the first chunk starting on page 2 holds page-2 text only.
        Assert.Contains(chunks, c => c.Page == 2 && c.Text.StartsWith("Second page text about toner", StringComparison.Ordinal));
        Assert.Equal(chunks.OrderBy(c => c.Position).Select(c => c.Page), chunks.OrderBy(c => c.Position).Select(c => c.Page).Order());
    }

    [Fact]
    public async Task ScannedPdf_WithoutText_GoesToErrorWithTheReason()
    {
        var (client, kb) = await SetUpAsync();

        var id = await client.UploadOneAsync(kb, "scan.pdf", TestFiles.Pdf(""));
        var document = await client.WaitIndexedAsync(kb, id, expected: "error");

        Assert.Equal(PdfParser.ScannedPdf, document.GetProperty("error").GetString());
        Assert.Empty((await client.SearchableAsync(kb)).Chunks);
    }

    [Fact]
    public async Task Docx_KeepsHeadingsTitleAndTableRows()
    {
        var (client, kb) = await SetUpAsync();

        var id = await client.UploadOneAsync(kb, "handbook.docx", TestFiles.Docx());
        var document = await client.WaitIndexedAsync(kb, id);
        var chunks = (await client.SearchableAsync(kb)).Chunks;

        Assert.Equal("Returns handbook", document.GetProperty("title").GetString());
        Assert.Contains(chunks, c => c.HeadingPath.SequenceEqual(["Returns"]) && c.Text.Contains("within 30 days", StringComparison.Ordinal));
        var refunds = Assert.Single(chunks, c => c.HeadingPath.SequenceEqual(["Returns", "Refunds"]));
        Assert.Contains("Country: France\nDays: 14", refunds.Text, StringComparison.Ordinal);
        Assert.Contains(chunks, c => c.HeadingPath.SequenceEqual(["Shipping"]));
    }

    [Fact]
    public async Task Csv_GivesOnePassagePerRowWithHeaders()
    {
        var (client, kb) = await SetUpAsync();
        var csv = "Product,Price,Notes\nKettle,25,\"Boils fast, very quiet\"\nToaster,30,\n";

        var id = await client.UploadOneAsync(kb, "prices.csv", Encoding.UTF8.GetBytes(csv), "text/csv");
        var document = await client.WaitIndexedAsync(kb, id);
        var chunks = (await client.SearchableAsync(kb)).Chunks;

        Assert.Equal(2, document.GetProperty("chunkCount").GetInt32());
        Assert.Equal(["Product: Kettle\nPrice: 25\nNotes: Boils fast, very quiet", "Product: Toaster\nPrice: 30"], chunks.Select(c => c.Text));
    }

    [Fact]
    public async Task Html_KeepsTheMainTextAndDropsScriptsAndNavigation()
    {
        var (client, kb) = await SetUpAsync();
        var html = """
            <!DOCTYPE html><html><head><title>Opening hours</title><script>var tracking = 1;</script><style>p{}</style></head>
            <body><nav>Home | Shop | Contact</nav><header>Site banner</header>
            <main><h1>Opening hours</h1><p>We are open Monday to Friday.</p><h2>Holidays</h2><p>Closed on public holidays.</p></main>
            <aside>Related links</aside><footer>Copyright</footer></body></html>
            """;

        var id = await client.UploadOneAsync(kb, "hours.html", Encoding.UTF8.GetBytes(html));
        var document = await client.WaitIndexedAsync(kb, id);
        var chunks = (await client.SearchableAsync(kb)).Chunks;
        var all = string.Join("\n", chunks.Select(c => c.Text));

        Assert.Equal("Opening hours", document.GetProperty("title").GetString());
        Assert.Contains(chunks, c => c.HeadingPath.SequenceEqual(["Opening hours", "Holidays"]) && c.Text == "Closed on public holidays.");
        foreach (var dropped in new[] { "tracking", "Home | Shop", "Site banner", "Related links", "Copyright" })
        {
            Assert.DoesNotContain(dropped, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Text_InWindows1252_IsDecoded()
    {
        var (client, kb) = await SetUpAsync();
        var latin = new byte[] { (byte)'C', (byte)'a', (byte)'f', 0xE9, (byte)' ', (byte)'c', (byte)'r', 0xE8, (byte)'m', (byte)'e', (byte)' ', 0x80, (byte)'5' };

        var id = await client.UploadOneAsync(kb, "menu.txt", latin);
        await client.WaitIndexedAsync(kb, id);

        Assert.Equal("Café crème €5", Assert.Single((await client.SearchableAsync(kb)).Chunks).Text);
    }

    [Fact]
    public async Task Duplicate_IsReportedAndNotStoredTwice()
    {
        var (client, kb) = await SetUpAsync();
        var content = Encoding.UTF8.GetBytes("Same content twice.");
        var first = await client.UploadOneAsync(kb, "a.txt", content);

        var body = await Api.JsonAsync(await client.UploadAsync(kb, KnowledgeClient.Files(("b.txt", content, null))), HttpStatusCode.Accepted);
        var list = await Api.JsonAsync(await client.Http.GetAsync(Api.Url($"/api/v1/knowledge-bases/{kb}/documents")), HttpStatusCode.OK);

        var file = body.GetProperty("files")[0];
        Assert.Equal("duplicate", file.GetProperty("outcome").GetString());
        Assert.Equal(first, file.GetProperty("documentId").GetGuid());
        Assert.Equal(1, list.GetArrayLength());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), list[0].GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Download_ReturnsTheOriginal_AndDeleteRemovesChunksAndBlob()
    {
        var (client, kb) = await SetUpAsync();
        var content = Encoding.UTF8.GetBytes("Keep this original.");
        var id = await client.UploadOneAsync(kb, "original.txt", content);
        await client.WaitIndexedAsync(kb, id);
        var path = (await client.DocumentAsync(kb, id)).GetProperty("sha256").GetString();

        var downloaded = await client.Http.GetByteArrayAsync(Api.Url($"/api/v1/knowledge-bases/{kb}/documents/{id}/content"));
        var deleted = await client.Http.DeleteAsync(Api.Url($"/api/v1/knowledge-bases/{kb}/documents/{id}"));

        Assert.Equal(content, downloaded);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await client.SearchableAsync(kb)).Chunks);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM knowledge.chunks WHERE document_id = @id", ("id", id)));
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(client.TenantId);
        Assert.False(await scope.ServiceProvider.GetRequiredService<ITenantBlobStore>().ExistsAsync($"knowledge/{kb:N}/{id:N}/{path}", CancellationToken.None));
    }

    [Fact]
    public async Task Reindex_IndexesTheDocumentAgain()
    {
        var (client, kb) = await SetUpAsync();
        var id = await client.UploadOneAsync(kb, "again.md", Encoding.UTF8.GetBytes("# Again\n\nIndexed twice."));
        var first = await client.WaitIndexedAsync(kb, id);
        var chunkIds = (await client.SearchableAsync(kb)).Chunks.Select(c => c.ChunkId).ToList();

        var response = await client.Http.PostAsync(Api.Url($"/api/v1/knowledge-bases/{kb}/documents/{id}/reindex"), null);
        await Eventually.TrueAsync(async () => (await client.DocumentAsync(kb, id)).GetProperty("indexedAt").GetDateTimeOffset() > first.GetProperty("indexedAt").GetDateTimeOffset(),
            TimeSpan.FromSeconds(30), "the document is indexed again");
        var chunks = (await client.SearchableAsync(kb)).Chunks;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Indexed twice.", Assert.Single(chunks).Text);
        Assert.DoesNotContain(chunks[0].ChunkId, chunkIds);
    }

    [Fact]
    public async Task AnotherTenant_CannotListGetDownloadOrDeleteDocuments()
    {
        var (a, kb) = await SetUpAsync();
        var b = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var id = await a.UploadOneAsync(kb, "secret.txt", Encoding.UTF8.GetBytes("Tenant A only."));
        await a.WaitIndexedAsync(kb, id);
        var root = $"/api/v1/knowledge-bases/{kb}/documents";

        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.GetAsync(Api.Url(root))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.GetAsync(Api.Url($"{root}/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.GetAsync(Api.Url($"{root}/{id}/content"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.DeleteAsync(Api.Url($"{root}/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.UploadAsync(kb, KnowledgeClient.Files(("x.txt", "x"u8.ToArray(), null)))).StatusCode);
        Assert.Empty((await b.SearchableAsync(kb)).Chunks);
        Assert.Single((await a.SearchableAsync(kb)).Chunks);
        // The job ran in tenant A: its chunks carry A's tenant id.
        Assert.Equal(a.TenantId, await fixture.Database.ScalarAsync<Guid>("SELECT DISTINCT tenant_id FROM knowledge.chunks WHERE document_id = @id", ("id", id)));
    }

    private async Task<(KnowledgeClient Client, Guid KnowledgeBase)> SetUpAsync()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        return (client, await client.CreateKnowledgeBaseAsync());
    }
}
