namespace OmniBots.Gateway.Limits;

/// <summary>Checks shared by the key and settings APIs; errors name the field.</summary>
internal static class Validation
{
    public static void Limit(Dictionary<string, string[]> errors, string field, int? value)
    {
        if (value is <= 0 or > 100_000_000)
        {
            errors[field] = ["Leave empty for no limit, or give a whole number from 1 to 100,000,000 per minute."];
        }
    }

    public static void Budget(Dictionary<string, string[]> errors, string field, decimal? value)
    {
        if (value is < 0 or > 10_000_000_000m)
        {
            errors[field] = ["Leave empty for no budget, or give an amount in USD from 0 to 10,000,000,000."];
        }
    }
}
