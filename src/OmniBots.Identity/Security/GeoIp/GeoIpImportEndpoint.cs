using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Platform.Access;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Http.Limits;

namespace OmniBots.Identity.Security.GeoIp;

internal sealed record GeoIpImportResult(int Networks);

/// <summary><c>POST /api/v1/admin/geoip/import</c>: super admins replace the IP-to-location table from a
/// multipart upload of the GeoLite2-style CSV pair (fields <c>blocks</c> and <c>locations</c>).</summary>
internal static class GeoIpImportEndpoint
{
    /// <summary>The GeoLite2 City IPv4 blocks file is about 200 MB; the platform's default body limit is far smaller.</summary>
    private const long MaxUpload = 512L * 1024 * 1024;

    public static void MapGeoIpImport(this IEndpointRouteBuilder api)
        => api.MapPost("/admin/geoip/import", ImportAsync).RequireAuthorization(PlatformPolicies.PlatformAdmin).WithTags("Security")
            .DisableAntiforgery()
            .WithMaxRequestBodySize(MaxUpload)
            .WithName("ImportGeoIp").WithSummary("Replaces the IP-to-location table from a GeoLite2-style CSV pair (multipart: blocks, locations).");

    private static async Task<Results<Ok<GeoIpImportResult>, ValidationProblem>> ImportAsync(
        HttpRequest request, GeoIpStore store, IAuditLog audit, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["blocks"] = ["Send multipart/form-data with the files 'blocks' and 'locations'."] });
        }
        var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = MaxUpload }, ct);
        var errors = new Dictionary<string, string[]>();
        var blocks = form.Files.GetFile("blocks");
        var locations = form.Files.GetFile("locations");
        if (blocks is null)
        {
            errors["blocks"] = ["The City-Blocks-IPv4 CSV file is required."];
        }
        if (locations is null)
        {
            errors["locations"] = ["The City-Locations CSV file is required."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        List<GeoIpNetwork> networks;
        using (var blockReader = new StreamReader(blocks!.OpenReadStream()))
        using (var locationReader = new StreamReader(locations!.OpenReadStream()))
        {
            try
            {
                networks = await GeoIpCsv.ReadAsync(blockReader, locationReader, ct);
            }
            catch (GeoIpCsvException e)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
            }
        }
        var count = await store.ReplaceAsync(networks, ct);
        await audit.RecordAsync(new AuditEntry("geoip.imported") { TargetType = "geoip", Details = new { networks = count } }, ct);
        return TypedResults.Ok(new GeoIpImportResult(count));
    }
}
