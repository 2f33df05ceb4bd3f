using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Email;

/// <summary>Hands one message to the configured SMTP server (STARTTLS when <c>UseTls</c>).</summary>
internal sealed class SmtpDelivery(IOptions<EmailSettings> settings)
{
    public async Task DeliverAsync(EmailMessage message, CancellationToken ct)
    {
        var smtp = settings.Value.Smtp;
        using var mail = new MailMessage { From = new MailAddress(smtp.From!), Subject = message.Subject, Body = message.TextBody };
        foreach (var to in message.To)
        {
            mail.To.Add(to);
        }
        if (message.HtmlBody is { } html)
        {
            mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(html, null, MediaTypeNames.Text.Html));
        }
        // SmtpClient is documented as not recommended for new code (MailKit is), but MailKit is not
        // available to this build; for plain submission with STARTTLS and LOGIN it does the job.
#pragma warning disable SYSLIB0014, CS0618
        using var client = new SmtpClient(smtp.Host!, smtp.Port)
        {
            EnableSsl = smtp.UseTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Credentials = string.IsNullOrEmpty(smtp.Username) ? null : new NetworkCredential(smtp.Username, smtp.Password),
        };
#pragma warning restore SYSLIB0014, CS0618
        await client.SendMailAsync(mail, ct);
    }
}
