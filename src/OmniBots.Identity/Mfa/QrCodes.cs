using QRCoder;

namespace OmniBots.Identity.Mfa;

/// <summary>QR codes of an <c>otpauth://</c> URI for authenticator apps to scan.</summary>
internal static class QrCodes
{
    private const int PixelsPerModule = 6;

    public static byte[] Png(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(PixelsPerModule);
    }

    public static string Svg(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(PixelsPerModule);
    }
}
