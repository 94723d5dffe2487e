using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ShopPortal.Services;

/// <summary>
/// What a customer's signature covers, frozen at the moment of signing: the approved items with their
/// estimate amounts and the total. Stored as JSON beside the signature, with its SHA-256, so later edits
/// of the work order can never change what was authorized.
/// </summary>
public sealed record AuthorizationSnapshot(string WorkOrderNumber, string AssetRegistration, string Currency,
    IReadOnlyList<AuthorizedItem> Items, decimal Subtotal, decimal Tax, decimal Total)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static AuthorizationSnapshot Parse(string json) =>
        JsonSerializer.Deserialize<AuthorizationSnapshot>(json, Json) ?? throw new JsonException("Empty authorization snapshot.");

    public static string Sha256Hex(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}

public sealed record AuthorizedItem(int DiscrepancyId, int Sequence, string Description, decimal Amount);
