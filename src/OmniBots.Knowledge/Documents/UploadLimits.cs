using Microsoft.Extensions.Options;

namespace OmniBots.Knowledge.Documents;

/// <summary>Upload limits (<c>Knowledge:Uploads</c>, KB-2): files per request, bytes per file, bytes per knowledge base.</summary>
internal sealed class UploadLimits
{
    public const string Section = "Knowledge:Uploads";

    public int MaxFilesPerUpload { get; set; } = 20;
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;
    public long MaxKnowledgeBaseBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}

internal sealed class UploadLimitsValidator : IValidateOptions<UploadLimits>
{
    public ValidateOptionsResult Validate(string? name, UploadLimits options)
    {
        var failures = new List<string>();
        if (options.MaxFilesPerUpload is < 1 or > 1000)
        {
            failures.Add($"{UploadLimits.Section}:MaxFilesPerUpload must be between 1 and 1000.");
        }
        if (options.MaxFileBytes < 1)
        {
            failures.Add($"{UploadLimits.Section}:MaxFileBytes must be positive.");
        }
        if (options.MaxKnowledgeBaseBytes < options.MaxFileBytes)
        {
            failures.Add($"{UploadLimits.Section}:MaxKnowledgeBaseBytes must be at least MaxFileBytes.");
        }
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
