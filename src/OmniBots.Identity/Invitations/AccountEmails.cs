using Microsoft.Extensions.Options;
using OmniBots.Platform.Email;

namespace OmniBots.Identity.Invitations;

/// <summary>The mails users receive with a single-use link. Links point at the portal
/// (<c>Identity:PublicBaseUrl</c>), which posts the token to the API.</summary>
internal sealed class AccountEmails(IEmailSender sender, IOptions<IdentitySettings> settings)
{
    public Task InvitationAsync(string email, string displayName, string token, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var link = Link("accept-invite", token);
        return sender.SendAsync(new EmailMessage([email], "You are invited to OmniBots",
            $"Hello {displayName},\r\n\r\nYou have been invited to OmniBots. Choose your password here:\r\n{link}\r\n\r\n" +
            $"The link works once and expires on {expiresAt:yyyy-MM-dd HH:mm} UTC.\r\n"), ct);
    }

    public Task PasswordResetAsync(string email, string token, CancellationToken ct)
    {
        var link = Link("reset-password", token);
        return sender.SendAsync(new EmailMessage([email], "Reset your OmniBots password",
            $"Someone asked to reset the password of this OmniBots account. To choose a new one:\r\n{link}\r\n\r\n" +
            "The link works once, for one hour. If you did not ask, ignore this mail: your password is unchanged.\r\n"), ct);
    }

    private string Link(string page, string token) => $"{settings.Value.PublicBaseUrl.TrimEnd('/')}/{page}?token={Uri.EscapeDataString(token)}";
}
