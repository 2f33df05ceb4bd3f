using System.Text.Json.Nodes;
using OmniBots.Gateway.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>
/// Classifies the text among the node's intents through <see cref="IIntentClassifier"/>; below minConfidence (or no
/// label) the intent is "none". The node has only next: a classifier failure stores "none" and traces the error.
/// </summary>
internal sealed class IntentClassificationNode : INodeHandler
{
    public string Type => "intent_classification";
    public string? PassThrough => "next";

    public async ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var text = context.Render(settings.String("text", "{{last_user_message}}"));
        var labels = settings.Objects("intents").Where(i => i.String("name") is not null)
            .Select(i => new IntentLabel(i.String("name")!, i.String("description")) { Examples = i.Strings("examples") }).ToList();
        var intent = "none";
        var confidence = 0.0;
        if (context.Services.Intents is not { } classifier)
        {
            context.StepError = "No intent classifier is available.";
        }
        else if (text.Trim().Length > 0 && labels.Count > 0)
        {
            try
            {
                var result = await classifier.ClassifyAsync(new ClassificationRequest(text, labels), cancellationToken);
                confidence = result.Score;
                if (result.Label is { } label && result.Score >= settings.Number("minConfidence", 0.5))
                {
                    intent = label;
                }
            }
            catch (Exception e) when (e is LlmProviderException or HttpRequestException or InvalidOperationException)
            {
                context.StepError = "Intent classification failed: " + e.Message;
            }
        }
        context.Set(context.OutputVariable("detected_intent"), intent);
        context.Set("detected_intent_confidence", JsonValue.Create(confidence));
        return NodeResult.Follow("next");
    }
}
