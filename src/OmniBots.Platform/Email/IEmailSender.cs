namespace OmniBots.Platform.Email;

/// <summary>Sends email for any module. The message is stored and delivered by a background job
/// (SMTP, or the development outbox when no SMTP host is configured), so callers never wait on
/// the mail server and a failed delivery is retried.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <param name="To">Recipient addresses (1 to 50).</param>
/// <param name="TextBody">The plain-text body, always sent.</param>
public sealed record EmailMessage(IReadOnlyList<string> To, string Subject, string TextBody)
{
    /// <summary>An optional HTML alternative to <see cref="TextBody"/>.</summary>
    public string? HtmlBody { get; init; }
}
