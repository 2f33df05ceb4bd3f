namespace OmniBots.Gateway.Contracts;

/// <summary>
/// Token counts where the provider gives none (offline provider, budgets checked before a call).
/// An approximation: about 4 characters per token, which is what OpenAI documents for English
/// text with its BPE tokenizers; other languages and code run higher. Each message adds a few
/// tokens of framing (role, separators), as in the providers' chat templates.
/// </summary>
public static class TokenEstimator
{
    private const int CharsPerToken = 4;
    private const int PerMessageOverhead = 4;

    public static int Estimate(string? text) =>
        string.IsNullOrEmpty(text) ? 0 : (text.Length + CharsPerToken - 1) / CharsPerToken;

    public static int Estimate(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var total = 0;
        foreach (var message in request.Messages)
        {
            total += PerMessageOverhead + Estimate(message.Content);
            foreach (var call in message.ToolCalls)
            {
                total += Estimate(call.Name) + Estimate(call.ArgumentsJson);
            }
        }
        foreach (var tool in request.Tools)
        {
            total += Estimate(tool.Name) + Estimate(tool.Description) + Estimate(tool.Parameters.GetRawText());
        }
        foreach (var passage in request.Context)
        {
            total += PerMessageOverhead + Estimate(passage.Title) + Estimate(passage.Text);
        }
        return total;
    }
}
