namespace OmniBots.Channels.Rest;

/// <summary>Checks REST channel requests; every problem at once, keyed by the field's (camelCase) path.</summary>
internal static class RestValidation
{
    public const int MaxClientMessageId = 100;
    private const int MaxPayload = 1000;
    private const int MaxVariables = 50;
    private const int MaxVariableName = 100;
    private const int MaxVariableValue = 2000;
    private const int MaxCustomerField = 200;
    private const int MaxLanguage = 20;

    public static Dictionary<string, string[]> Check(StartRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.BotId is null || request.BotId == Guid.Empty)
        {
            errors["botId"] = ["The bot's id is required."];
        }
        if (request.Customer?.ExternalId is { Length: > MaxCustomerField })
        {
            errors["customer.externalId"] = [$"At most {MaxCustomerField} characters."];
        }
        if (request.Customer?.Name is { Length: > MaxCustomerField })
        {
            errors["customer.name"] = [$"At most {MaxCustomerField} characters."];
        }
        if (request.Language is { } language && (language.Length is 0 or > MaxLanguage || !language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors["language"] = ["A language tag such as en or pt-BR."];
        }
        if (request.Variables is { } variables)
        {
            if (variables.Count > MaxVariables)
            {
                errors["variables"] = [$"At most {MaxVariables} variables."];
            }
            foreach (var (name, value) in variables)
            {
                if (name.Length is 0 or > MaxVariableName)
                {
                    errors["variables"] = [$"Variable names have 1 to {MaxVariableName} characters."];
                }
                else if (value is null || value.Length > MaxVariableValue)
                {
                    errors[$"variables.{name}"] = [$"A string of at most {MaxVariableValue} characters."];
                }
            }
        }
        return errors;
    }

    public static Dictionary<string, string[]> Check(PostMessageRequest request, int maxText)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.ClientMessageId) || request.ClientMessageId.Length > MaxClientMessageId)
        {
            errors["clientMessageId"] = [$"Your id for the message (1 to {MaxClientMessageId} characters) is required: a resend with the same id is not processed twice."];
        }
        if (string.IsNullOrWhiteSpace(request.Text) && string.IsNullOrEmpty(request.Payload))
        {
            errors["text"] = ["Send text, or a button's payload."];
        }
        else if (request.Text is { } text && text.Length > maxText)
        {
            errors["text"] = [$"At most {maxText} characters."];
        }
        if (request.Payload is { Length: > MaxPayload })
        {
            errors["payload"] = [$"At most {MaxPayload} characters."];
        }
        return errors;
    }
}
