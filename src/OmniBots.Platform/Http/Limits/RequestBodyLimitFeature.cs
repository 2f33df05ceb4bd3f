namespace OmniBots.Platform.Http.Limits;

/// <summary>The body limit in force for the current request (null: none), for error messages.</summary>
internal sealed record RequestBodyLimitFeature(long? Limit);
