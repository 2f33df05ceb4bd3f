namespace OmniBots.Platform.Secrets;

/// <summary>Settings under <c>Secrets</c>.</summary>
internal sealed class SecretsOptions
{
    public const string Section = "Secrets";

    /// <summary>Every replica must use the same name to share protected values; it is not a setting.</summary>
    public const string ApplicationName = "OmniBots";

    /// <summary>How long a new key is the one that protects; older keys still unprotect until revoked.</summary>
    public int KeyLifetimeDays { get; set; } = 90;
}
