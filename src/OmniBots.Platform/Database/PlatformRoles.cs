namespace OmniBots.Platform.Database;

/// <summary>The database roles of the private cluster. With an external server the roles are the
/// users of the three configured connection strings.</summary>
public static class PlatformRoles
{
    public const string Owner = "omnibots_owner";
    public const string Runtime = "omnibots_app";
    public const string Elevated = "omnibots_platform";
}
