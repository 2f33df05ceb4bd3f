using System.Globalization;
using System.Text;
using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Audit;

/// <summary>RFC 4180 CSV of audit entries, safe to open in a spreadsheet.</summary>
internal static class AuditCsv
{
    public const string Header = "id,occurred_at,tenant_id,actor_type,actor_id,actor_name,action,target_type,target_id,result,ip,user_agent,request_id,details";

    public static async Task WriteAsync(Stream body, IAsyncEnumerable<AuditRecord> records, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Header);
        var rows = 0;
        await foreach (var r in records.WithCancellation(ct))
        {
            string?[] cells =
            [
                r.Id.ToString(CultureInfo.InvariantCulture), r.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), r.TenantId?.ToString(),
                r.ActorType, r.ActorId, r.ActorName, r.Action, r.TargetType, r.TargetId, r.Result, r.Ip, r.UserAgent, r.RequestId, r.Details,
            ];
            await writer.WriteLineAsync(string.Join(',', cells.Select(Cell)));
            // Streams instead of buffering up to 100,000 rows.
            if (++rows % 500 == 0)
            {
                await writer.FlushAsync(ct);
            }
        }
        await writer.FlushAsync(ct);
    }

    /// <summary>Quotes when needed (RFC 4180), and neutralises formulas: a cell a spreadsheet would
    /// evaluate (starting with = + - @, or a tab or carriage return) gets a leading apostrophe.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
