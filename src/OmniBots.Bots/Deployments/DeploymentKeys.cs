using System.Buffers.Text;
using System.Security.Cryptography;

namespace OmniBots.Bots.Deployments;

/// <summary>Widget deployment keys: <c>dk_</c> and 256 random bits (base64url). Public (they sit in the customer's page),
/// so their strength is that they cannot be guessed or enumerated, not that they are secret.</summary>
internal static class DeploymentKeys
{
    public const string Prefix = "dk_";

    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
