using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Blobs;

internal sealed partial class BlobOptionsValidator : IValidateOptions<BlobOptions>
{
    public ValidateOptionsResult Validate(string? name, BlobOptions options)
    {
        var errors = new List<string>();
        if (string.Equals(options.Provider, BlobOptions.LocalProvider, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.Local.Root))
            {
                errors.Add("Blobs:Local:Root must name a folder.");
            }
        }
        else if (options.UsesS3)
        {
            ValidateS3(options.S3, errors);
        }
        else
        {
            errors.Add($"Blobs:Provider must be '{BlobOptions.LocalProvider}' or '{BlobOptions.S3Provider}' (was '{options.Provider}').");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateS3(S3BlobOptions s3, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(s3.Bucket))
        {
            errors.Add("Blobs:S3:Bucket is required when Blobs:Provider is 's3'.");
        }
        else if (!BucketName().IsMatch(s3.Bucket))
        {
            errors.Add($"Blobs:S3:Bucket '{s3.Bucket}' is not a valid bucket name (3-63 lower-case letters, digits, dots and hyphens).");
        }
        if (s3.ServiceUrl is { Length: > 0 } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            errors.Add($"Blobs:S3:ServiceUrl '{url}' must be an absolute http or https URL.");
        }
        if (string.IsNullOrWhiteSpace(s3.Region))
        {
            errors.Add("Blobs:S3:Region must name a region (for example us-east-1); S3 requests are signed for it.");
        }
        if (string.IsNullOrEmpty(s3.AccessKeyId) != string.IsNullOrEmpty(s3.SecretAccessKey))
        {
            errors.Add("Blobs:S3:AccessKeyId and Blobs:S3:SecretAccessKey go together: set both, or neither to use the SDK's default credentials.");
        }
        // S3 refuses parts under 5 MiB (except the last) and over 5 GiB.
        if (s3.PartSizeMegabytes is < 5 or > 5120)
        {
            errors.Add($"Blobs:S3:PartSizeMegabytes must be between 5 and 5120 (was {s3.PartSizeMegabytes}).");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
