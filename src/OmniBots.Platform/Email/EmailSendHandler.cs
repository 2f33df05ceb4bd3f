using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Email;

/// <summary><c>email.send</c>: delivers one stored message over SMTP. Throwing retries the job with
/// backoff; a message already sent (a job run twice) is not sent again.</summary>
internal sealed class EmailSendHandler(TenantDatabase database, SmtpDelivery smtp, TimeProvider time, ILogger<EmailSendHandler> logger) : IJobHandler
{
    public const string Kind = "email.send";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var id = JsonSerializer.Deserialize<EmailSendPayload>(job.Payload)!.OutboxId;
        EmailMessage message;
        await using (var connection = await database.OpenElevatedAsync("email outbox: deliver", ct))
        {
            await using var command = new NpgsqlCommand(
                "SELECT recipients, subject, text_body, html_body FROM platform.email_outbox WHERE id = @id AND status = 'queued'", connection);
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return;
            }
            message = new EmailMessage(reader.GetFieldValue<string[]>(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2))
            {
                HtmlBody = reader.IsDBNull(3) ? null : reader.GetString(3),
            };
        }
        await smtp.DeliverAsync(message, ct);
        await using (var connection = await database.OpenElevatedAsync("email outbox: mark sent", ct))
        {
            // The bodies may hold single-use links: once delivered, the platform keeps no copy.
            await using var command = new NpgsqlCommand(
                "UPDATE platform.email_outbox SET status = 'sent', sent_at = @now, text_body = NULL, html_body = NULL WHERE id = @id", connection);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("now", time.GetUtcNow());
            await command.ExecuteNonQueryAsync(ct);
        }
        logger.LogInformation("Email {OutboxId} delivered to {Count} recipient(s)", id, message.To.Count);
    }
}
