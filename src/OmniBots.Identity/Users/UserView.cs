using Npgsql;

namespace OmniBots.Identity.Users;

/// <summary>A tenant user as the API shows it: never a password hash or security stamp.</summary>
internal sealed record UserView(
    Guid Id, string Email, string DisplayName, string Locale, string TimeZone, string UserType, string Status,
    IReadOnlyList<string> Roles, bool MustChangePassword, DateTimeOffset? PasswordChangedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Select = """
        SELECT u.id, u.email, u.display_name, u.locale, u.time_zone, u.user_type, u.status,
            COALESCE((SELECT array_agg(r.code ORDER BY r.code) FROM identity.user_roles ur
                      JOIN identity.roles r ON r.tenant_id = ur.tenant_id AND r.id = ur.role_id
                      WHERE ur.tenant_id = u.tenant_id AND ur.user_id = u.id), '{}') AS roles,
            u.must_change_password, u.password_changed_at, u.created_at, u.updated_at
        FROM identity.users u
        """;

    public static UserView Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
        reader.GetString(6), reader.GetFieldValue<string[]>(7), reader.GetBoolean(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10), reader.GetFieldValue<DateTimeOffset>(11));
}

internal sealed record UserPage(IReadOnlyList<UserView> Items, int Total, int Offset, int Limit);
