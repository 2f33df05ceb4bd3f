using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Email;

/// <summary>
/// <see cref="IEmailSender"/>: stores the message and, with SMTP configured, enqueues its delivery in
/// the same transaction. The job payload is only the outbox id, so links in the message never reach
/// the jobs table (which operators list).
/// </summary>
internal sealed class OutboxEmailSender(TenantDatabase database, IPlatformJobQueue jobs, IOptions<EmailSettings> settings) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To.Count is 0 or > 50)
        {
            throw new ArgumentException("A message needs 1 to 50 recipients.", nameof(message));
        }
        var smtp = settings.Value.Smtp.Configured;
        await using var connection = await database.OpenElevatedAsync("email outbox: store", ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand("""
            INSERT INTO platform.email_outbox (recipients, subject, text_body, html_body, status)
            VALUES (@to, @subject, @text, @html, @status) RETURNING id
            """, connection, transaction);
        command.Parameters.AddWithValue("to", message.To.ToArray());
        command.Parameters.AddWithValue("subject", message.Subject);
        command.Parameters.AddWithValue("text", message.TextBody);
        command.Parameters.AddWithValue("html", (object?)message.HtmlBody ?? DBNull.Value);
        command.Parameters.AddWithValue("status", smtp ? "queued" : "development");
        var id = (long)(await command.ExecuteScalarAsync(ct))!;
        if (smtp)
        {
            await jobs.EnqueueAsync(connection, new JobRequest(EmailSendHandler.Kind)
            {
                Payload = JsonSerializer.Serialize(new EmailSendPayload(id)),
                IdempotencyKey = $"email:{id}",
            }, "email: deliver", ct);
        }
        await transaction.CommitAsync(ct);
    }
}

internal sealed record EmailSendPayload(long OutboxId);
