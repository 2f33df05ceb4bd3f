using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Fakes;
using OmniBots.Platform.Blobs;
using Xunit;

namespace OmniBots.Platform.Tests.Blobs;

/// <summary>A blob store built the way the host builds it: <c>AddPlatformBlobs</c> over configuration.</summary>
public abstract class BlobStoreFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    public IBlobStore Store => Services.GetRequiredService<IBlobStore>();

    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? adjust = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddPlatformBlobs(configuration);
        adjust?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public virtual async Task InitializeAsync()
    {
        _services = Build(await SettingsAsync(), Adjust);
    }

    public virtual async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    protected abstract Task<IReadOnlyDictionary<string, string?>> SettingsAsync();

    protected virtual void Adjust(IServiceCollection services)
    {
    }
}

public sealed class LocalBlobStoreFixture : BlobStoreFixture
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "omnibots-blobs-" + Guid.NewGuid().ToString("N"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
        => Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Blobs:Local:Root"] = Root });
}

/// <summary>The S3 store against a real moto server, with the smallest parts S3 allows and a low
/// single-copy limit, so the contract's large bodies take the multipart upload and copy paths.</summary>
public sealed class S3BlobStoreFixture : BlobStoreFixture
{
    private MotoServer? _moto;

    public MotoServer Moto => _moto ?? throw new InvalidOperationException("Not initialised.");

    public static Dictionary<string, string?> SettingsFor(MotoServer moto, string bucket) => new()
    {
        ["Blobs:Provider"] = "s3",
        ["Blobs:S3:ServiceUrl"] = moto.ServiceUrl.ToString(),
        ["Blobs:S3:Bucket"] = bucket,
        ["Blobs:S3:Region"] = MotoServer.Region,
        ["Blobs:S3:AccessKeyId"] = MotoServer.AccessKeyId,
        ["Blobs:S3:SecretAccessKey"] = MotoServer.SecretAccessKey,
        ["Blobs:S3:ForcePathStyle"] = "true",
        ["Blobs:S3:CreateBucketIfMissing"] = "true",
        ["Blobs:S3:PartSizeMegabytes"] = "5",
    };

    /// <summary>The first use creates the bucket (Blobs:S3:CreateBucketIfMissing), so tests that look at
    /// the bucket with a plain client find it whatever order they run in.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Store.ExistsAsync(BlobKey.ForPlatform("warm-up"), CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        _moto = await MotoServer.StartAsync();
        return SettingsFor(_moto, "omnibots-contract");
    }

    protected override void Adjust(IServiceCollection services)
        => services.PostConfigure<BlobOptions>(options => options.S3.SingleCopyLimitBytes = 6 * 1024 * 1024);
}

public sealed class LocalBlobStoreContractTests(LocalBlobStoreFixture fixture) : BlobStoreContractTests, IClassFixture<LocalBlobStoreFixture>
{
    protected override IBlobStore Store => fixture.Store;
}

public sealed class S3BlobStoreContractTests(S3BlobStoreFixture fixture) : BlobStoreContractTests, IClassFixture<S3BlobStoreFixture>
{
    protected override IBlobStore Store => fixture.Store;
}

public sealed class LocalTenantBlobStoreTests(LocalBlobStoreFixture fixture) : TenantBlobStoreTests(fixture), IClassFixture<LocalBlobStoreFixture>;

public sealed class S3TenantBlobStoreTests(S3BlobStoreFixture fixture) : TenantBlobStoreTests(fixture), IClassFixture<S3BlobStoreFixture>;
