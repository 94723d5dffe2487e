using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace ShopPortal.Services.Portal;

/// <summary>
/// The token in a portal link: Base64Url(Protect(keyId ‖ secret)). The secret is 32 random bytes of
/// which only the SHA-256 is stored, so neither a copy of the database nor the key ring alone opens a link.
/// </summary>
public sealed class PortalTokens(IDataProtectionProvider dataProtection)
{
    public const int SecretLength = 32;
    private const int PayloadLength = sizeof(int) + SecretLength;

    private static readonly SearchValues<char> Base64UrlCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly IDataProtector links = dataProtection.CreateProtector("ShopPortal.Portal.AccessKey.v1");

    // A second purpose, so a direct link kept for staff can never be confused with anything else protected.
    private readonly IDataProtector staffCopies = dataProtection.CreateProtector("ShopPortal.Portal.DirectLinkCopy.v1");

    public readonly record struct NewSecret(byte[] Secret, byte[] Hash);

    public readonly record struct ParsedToken(int KeyId, byte[] SecretHash);

    public static NewSecret CreateSecret()
    {
        var secret = RandomNumberGenerator.GetBytes(SecretLength);
        return new NewSecret(secret, SHA256.HashData(secret));
    }

    public string Create(int keyId, byte[] secret)
    {
        var payload = new byte[PayloadLength];
        BinaryPrimitives.WriteInt32BigEndian(payload, keyId);
        secret.CopyTo(payload, sizeof(int));
        return WebEncoders.Base64UrlEncode(links.Protect(payload));
    }

    /// <summary>Null for anything that is not a token this server made: malformed, truncated or tampered.</summary>
    public ParsedToken? Parse(string? token)
    {
        // Only the characters a token is written with: Base64 decoding would skip white space slipped in.
        if (string.IsNullOrEmpty(token) || token.Length > 512 || token.AsSpan().ContainsAnyExcept(Base64UrlCharacters))
        {
            return null;
        }
        byte[] payload;
        try
        {
            payload = links.Unprotect(WebEncoders.Base64UrlDecode(token));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
        if (payload.Length != PayloadLength)
        {
            return null;
        }
        var keyId = BinaryPrimitives.ReadInt32BigEndian(payload);
        return new ParsedToken(keyId, SHA256.HashData(payload.AsSpan(sizeof(int))));
    }

    public static bool Matches(ParsedToken token, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(token.SecretHash, storedHash);

    public string ProtectStaffCopy(string token) => staffCopies.Protect(token);

    public string? UnprotectStaffCopy(string protectedToken)
    {
        try
        {
            return staffCopies.Unprotect(protectedToken);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
