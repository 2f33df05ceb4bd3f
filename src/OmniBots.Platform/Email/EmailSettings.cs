using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Email;

/// <summary>Settings under <c>Email:Smtp:</c> (docs/configuration.md). No host: the development outbox.</summary>
internal sealed class EmailSettings
{
    public const string Section = "Email";

    public SmtpSettings Smtp { get; set; } = new();
}

internal sealed class SmtpSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>STARTTLS after connecting (System.Net.Mail's <c>EnableSsl</c>).</summary>
    public bool UseTls { get; set; } = true;

    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? From { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}

internal sealed class EmailSettingsValidator : IValidateOptions<EmailSettings>
{
    public ValidateOptionsResult Validate(string? name, EmailSettings options)
    {
        var smtp = options.Smtp;
        if (!smtp.Configured)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        if (smtp.Port is < 1 or > 65535)
        {
            errors.Add($"Email:Smtp:Port must be between 1 and 65535 (is {smtp.Port}).");
        }
        if (string.IsNullOrWhiteSpace(smtp.From) || !MailAddress.TryCreate(smtp.From, out _))
        {
            errors.Add("Email:Smtp:From must be an email address when Email:Smtp:Host is set.");
        }
        if (string.IsNullOrEmpty(smtp.Username) != string.IsNullOrEmpty(smtp.Password))
        {
            errors.Add("Email:Smtp:Username and Email:Smtp:Password must be set together.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
