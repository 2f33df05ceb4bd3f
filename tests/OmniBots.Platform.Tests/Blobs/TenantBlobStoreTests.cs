using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Blobs;
using OmniBots.Platform.Tenancy;
using Xunit;

namespace OmniBots.Platform.Tests.Blobs;

/// <summary>
/// The tenant view of each store: code in tenant A's scope sees A's blobs by their paths and
/// nothing of tenant B's, whatever path it passes. Each test uses fresh tenants, so tests sharing a
/// store do not see each other.
/// </summary>
public abstract class TenantBlobStoreTests(BlobStoreFixture fixture) : IDisposable
{
    private readonly Guid _tenantA = Guid.NewGuid();
    private readonly Guid _tenantB = Guid.NewGuid();
    private readonly List<IServiceScope> _scopes = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task Paths_RoundTripWithoutTheTenantPrefix()
    {
        var a = StoreOf(_tenantA);

        var written = await a.PutAsync("kb/doc1.pdf", Text("one"), new BlobPutOptions { ContentType = "application/pdf" }, Ct);
        await a.PutAsync("kb/sub/doc2.pdf", Text("two"), null, Ct);

        Assert.Equal("kb/doc1.pdf", written.Path);
        Assert.Equal(TestData.Sha256("one"u8.ToArray()), written.Sha256);
        var page = await a.ListAsync("kb/", null, 100, Ct);
        Assert.Equal(["kb/doc1.pdf", "kb/sub/doc2.pdf"], page.Items.Select(i => i.Path));
        Assert.Equal(["kb/doc1.pdf", "kb/sub/doc2.pdf"], (await a.ListAsync("", null, 100, Ct)).Items.Select(i => i.Path));
        foreach (var item in page.Items)
        {
            await using var read = await a.GetAsync(item.Path, Ct);
            Assert.True(read.Found);
            Assert.Equal(item.Path, read.Path);
            Assert.Equal(item.Path, read.Properties.Path);
            Assert.Equal(item.Size, read.Properties.Size);
        }
        Assert.Equal("application/pdf", (await a.GetPropertiesAsync("kb/doc1.pdf", Ct))?.ContentType);
        // The platform store shows where the blob really is: under A's prefix.
        Assert.True(await fixture.Store.ExistsAsync(BlobKey.ForTenant(_tenantA, "kb/doc1.pdf"), Ct));
    }

    [Fact]
    public async Task TenantA_CannotGetListDeleteOrCopyTenantBsBlobs()
    {
        var b = StoreOf(_tenantB);
        await b.PutAsync("kb/secret.pdf", Text("B's secret"), null, Ct);
        var a = StoreOf(_tenantA);

        await using (var read = await a.GetAsync("kb/secret.pdf", Ct))
        {
            Assert.False(read.Found);
        }
        Assert.Null(await a.GetPropertiesAsync("kb/secret.pdf", Ct));
        Assert.False(await a.ExistsAsync("kb/secret.pdf", Ct));
        Assert.Empty((await a.ListAsync("", null, 100, Ct)).Items);
        await a.DeleteAsync("kb/secret.pdf", Ct);
        Assert.False(await a.CopyAsync("kb/secret.pdf", "stolen.pdf", Ct));
        Assert.False(await a.ExistsAsync("stolen.pdf", Ct));
        await a.PutAsync("kb/secret.pdf", Text("A's own"), null, Ct);

        Assert.Equal("B's secret", await ReadTextAsync(b, "kb/secret.pdf"));
        Assert.Equal("A's own", await ReadTextAsync(a, "kb/secret.pdf"));
    }

    [Fact]
    public async Task APathThatSpellsAnotherTenantsKey_StaysInsideTheTenant()
    {
        await StoreOf(_tenantB).PutAsync("kb/secret.pdf", Text("B's secret"), null, Ct);
        var a = StoreOf(_tenantA);

        // A raw key given as a path is just a path below A's prefix.
        Assert.False(await a.ExistsAsync($"tenants/{_tenantB}/kb/secret.pdf", Ct));
        Assert.Empty((await a.ListAsync($"tenants/{_tenantB}/", null, 100, Ct)).Items);
        // Climbing out of the prefix is refused before any store is asked.
        await Assert.ThrowsAsync<ArgumentException>(() => a.GetAsync($"../{_tenantB}/kb/secret.pdf", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => a.CopyAsync($"../{_tenantB}/kb/secret.pdf", "stolen.pdf", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => a.ListAsync("../", null, 100, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => a.DeleteAsync($"/tenants/{_tenantB}/kb/secret.pdf", Ct));
        Assert.True(await fixture.Store.ExistsAsync(BlobKey.ForTenant(_tenantB, "kb/secret.pdf"), Ct));
    }

    [Fact]
    public async Task Listings_PageWithinTheTenant()
    {
        var a = StoreOf(_tenantA);
        var b = StoreOf(_tenantB);
        var expected = Enumerable.Range(0, 7).Select(i => $"files/{i:D2}.bin").ToList();
        foreach (var path in expected)
        {
            await a.PutAsync(path, new MemoryStream([1]), null, Ct);
            await b.PutAsync(path, new MemoryStream([2]), null, Ct);
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await a.ListAsync("files/", token, 3, Ct);
            seen.AddRange(page.Items.Select(i => i.Path));
            token = page.ContinuationToken;
        }
        while (token is not null && seen.Count < 20);

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task AnotherTenantsContinuationToken_ShowsNothingOfTheirs()
    {
        var a = StoreOf(_tenantA);
        var b = StoreOf(_tenantB);
        foreach (var path in new[] { "files/1.bin", "files/2.bin", "files/3.bin" })
        {
            await b.PutAsync(path, new MemoryStream([2]), null, Ct);
        }
        await a.PutAsync("files/9.bin", new MemoryStream([1]), null, Ct);
        var tokenOfB = (await b.ListAsync("files/", null, 1, Ct)).ContinuationToken;
        Assert.NotNull(tokenOfB);

        TenantBlobPage? page = null;
        var refused = await Record.ExceptionAsync(async () => page = await a.ListAsync("files/", tokenOfB, 10, Ct));

        // A store may refuse a token of another listing or read it as a position; either way the
        // listing stays under A's prefix, and nothing but A's blobs can come back.
        Assert.True(refused is null or ArgumentException, refused?.ToString());
        Assert.All(page?.Items ?? [], item => Assert.Equal("files/9.bin", item.Path));
    }

    [Fact]
    public async Task AScopeWithoutATenant_IsRefused()
    {
        var none = StoreOf(null);

        await Assert.ThrowsAsync<TenantRequiredException>(() => none.PutAsync("kb/doc.pdf", Text("x"), null, Ct));
        await Assert.ThrowsAsync<TenantRequiredException>(() => none.GetAsync("kb/doc.pdf", Ct));
        await Assert.ThrowsAsync<TenantRequiredException>(() => none.GetPropertiesAsync("kb/doc.pdf", Ct));
        await Assert.ThrowsAsync<TenantRequiredException>(() => none.ExistsAsync("kb/doc.pdf", Ct));
        await Assert.ThrowsAsync<TenantRequiredException>(() => none.DeleteAsync("kb/doc.pdf", Ct));
        await Assert.ThrowsAsync<TenantRequiredException>(() => none.ListAsync("", null, 10, Ct));
        await Assert.ThrowsAsync<TenantRequiredException>(() => none.CopyAsync("kb/doc.pdf", "kb/copy.pdf", Ct));
    }

    [Fact]
    public async Task TheTenant_IsTakenWhenUsed_SoAStoreResolvedBeforeTheTenantIsSetWorks()
    {
        using var scope = fixture.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<ITenantBlobStore>();

        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(_tenantA);
        await store.PutAsync("late.txt", Text("late"), null, Ct);

        Assert.Equal("late", await ReadTextAsync(StoreOf(_tenantA), "late.txt"));
    }

    public void Dispose()
    {
        foreach (var scope in _scopes)
        {
            scope.Dispose();
        }
        _timeout.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The tenant store of a new scope that belongs to <paramref name="tenant"/> (none when <c>null</c>), as a request or job has it.</summary>
    private ITenantBlobStore StoreOf(Guid? tenant)
    {
        var scope = fixture.Services.CreateScope();
        _scopes.Add(scope);
        if (tenant is { } id)
        {
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(id);
        }
        return scope.ServiceProvider.GetRequiredService<ITenantBlobStore>();
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<string> ReadTextAsync(ITenantBlobStore store, string path)
    {
        await using var read = await store.GetAsync(path, Ct);
        Assert.True(read.Found, $"{path} should exist");
        return Encoding.UTF8.GetString(await TestData.ReadAllAsync(read.Content));
    }
}
