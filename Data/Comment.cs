namespace ShopPortal.Data;

public class Comment
{
    public const int MaxLength = 2000;

    public int Id { get; set; }
    public int DiscrepancyId { get; set; }
    public Discrepancy Discrepancy { get; set; } = null!;

    public required string Body { get; set; }
    public CommentAuthorKind AuthorKind { get; set; }
    public required string AuthorName { get; set; }
    public string? StaffUserId { get; set; }
    public int? AccessKeyId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Comments are never removed, only hidden by a manager.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
    public string? DeletedBy { get; set; }
}
