using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Blobs;
using Xunit;

namespace OmniBots.Platform.Tests.Blobs;

public sealed class BlobOptionsValidationTests
{
    [Theory]
    [InlineData("Blobs:Provider", "azure", "Blobs:Provider must be 'local' or 's3'")]
    [InlineData("Blobs:Local:Root", " ", "Blobs:Local:Root")]
    public void LocalSettings_WhenWrong_FailNamingTheSetting(string key, string value, string expected)
        => AssertFails(new Dictionary<string, string?> { [key] = value }, expected);

    [Theory]
    [InlineData("Blobs:S3:Bucket", "", "Blobs:S3:Bucket is required")]
    [InlineData("Blobs:S3:Bucket", "Not_A_Bucket", "Blobs:S3:Bucket 'Not_A_Bucket' is not a valid bucket name")]
    [InlineData("Blobs:S3:ServiceUrl", "minio:9000", "Blobs:S3:ServiceUrl")]
    [InlineData("Blobs:S3:AccessKeyId", "AKIA", "Blobs:S3:AccessKeyId and Blobs:S3:SecretAccessKey go together")]
    [InlineData("Blobs:S3:PartSizeMegabytes", "4", "Blobs:S3:PartSizeMegabytes must be between 5 and 5120")]
    [InlineData("Blobs:S3:Region", "", "Blobs:S3:Region")]
    public void S3Settings_WhenWrong_FailNamingTheSetting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Blobs:Provider"] = "s3", ["Blobs:S3:Bucket"] = "files", [key] = value };
        AssertFails(settings, expected);
    }

    [Fact]
    public void S3Settings_WithoutKeys_UseTheSdkDefaultCredentials()
    {
        using var services = BlobStoreFixture.Build(new Dictionary<string, string?> { ["Blobs:Provider"] = "S3", ["Blobs:S3:Bucket"] = "files" });

        Assert.True(services.GetRequiredService<IOptions<BlobOptions>>().Value.UsesS3);
    }

    private static void AssertFails(Dictionary<string, string?> settings, string expected)
    {
        using var services = BlobStoreFixture.Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BlobOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
