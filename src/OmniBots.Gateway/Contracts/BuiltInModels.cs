namespace OmniBots.Gateway.Contracts;

/// <summary>Model codes of the built-in offline provider (GW-8), present in every registry.</summary>
public static class BuiltInModels
{
    /// <summary>Extractive answers from the request's context passages.</summary>
    public const string OfflineChat = "offline";
    /// <summary>Hashed bag-of-words vectors, 256 dimensions, lexical not semantic.</summary>
    public const string OfflineEmbeddings = "offline-embeddings";
}
