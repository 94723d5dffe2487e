using System.Text.Json;

namespace ShopPortal.Services;

/// <summary>
/// What one signature authorized, stored as <see cref="Data.WorkAuthorization.SnapshotJson"/>: the approved items with
/// their estimate amounts and the total (tax included) as the signer saw them. The signing code writes it with
/// <see cref="ToJson"/> and the estimate PDF reads it back with <see cref="Parse"/>, so both agree on one format.
/// </summary>
public sealed record AuthorizationSnapshot(IReadOnlyList<AuthorizedItem> Items, decimal Total)
{
    // camelCase, as the rest of the web stack writes JSON: {"items":[{"sequence":1,"description":"…","amount":374.00}],"total":374.00}
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static AuthorizationSnapshot Parse(string json) =>
        JsonSerializer.Deserialize<AuthorizationSnapshot>(json, Json) ?? throw new JsonException("The authorization snapshot is empty.");
}

public sealed record AuthorizedItem(int Sequence, string Description, decimal Amount);
