using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

public enum SignOutcome
{
    Signed,

    /// <summary>No approved item waits for a signature, and the page that posted showed none.</summary>
    NothingToSign,

    /// <summary>What the page showed is already signed for: a second tap, or a retry after a lost response.</summary>
    AlreadySigned,

    /// <summary>The approved items changed after the page was shown: the customer must review again.</summary>
    SnapshotChanged,

    /// <summary>The work order is invoiced or closed: nothing more is signed for.</summary>
    Closed,
}

/// <summary>Formal work authorization: the customer signs for the approved items, which are then locked.</summary>
public sealed class WorkAuthorizations(ShopDbContext db, PortalWorkOrders workOrders, ShopProfile profile, TimeProvider clock)
{
    public const int MaxSignerName = 200;

    /// <summary>The approved items not yet covered by a signature, as the customer would sign for them now.</summary>
    public static AuthorizationSnapshot? PendingSnapshot(PortalWorkOrder workOrder, string currency)
    {
        var items = workOrder.Items.Where(i => i.ApprovalStatus == CustomerApprovalStatus.Approved && !i.Locked)
            .Select(i => new AuthorizedItem(i.Id, i.Sequence, i.Description, i.Figures.EstimateAmount)).ToList();
        if (items.Count == 0)
        {
            return null;
        }
        var subtotal = items.Sum(i => i.Amount);
        var tax = Money.Tax(subtotal, workOrder.TaxRate);
        return new AuthorizationSnapshot(workOrder.Number, workOrder.AssetRegistration, currency, items, subtotal, tax, subtotal + tax);
    }

    /// <summary>The consent sentence shown beside the signature pad and stored with the signature.</summary>
    public static string ConsentText(AuthorizationSnapshot snapshot, string shopName)
    {
        var items = string.Join(", ", snapshot.Items.Select(i => i.Sequence.ToString(CultureInfo.InvariantCulture)));
        var total = ShopProfile.FormatMoney(snapshot.Total, snapshot.Currency);
        var noun = snapshot.Items.Count == 1 ? "item" : "items";
        return $"By signing, I authorize {shopName} to perform the approved work on {snapshot.AssetRegistration} " +
            $"(work order {snapshot.WorkOrderNumber}), {noun} {items}, for an estimated {total} including tax. " +
            "Any other work needs my separate approval.";
    }

    /// <remarks>
    /// With nothing left to sign, a post is a repeat only when a signature covers exactly what its page showed;
    /// otherwise the approvals moved under the page (the shop raised an item, the customer cleared one in another tab)
    /// and nothing was signed. With other items waiting than the page showed, nothing is signed either.
    /// </remarks>
    public async Task<(SignOutcome Outcome, WorkAuthorization? Authorization)> SignAsync(int workOrderId, string expectedSnapshotSha256, string signerName,
        byte[] signaturePng, PortalActor actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await workOrders.LoadAsync(workOrderId, cancellationToken);
        if (current is { AcceptsDecisions: false })
        {
            return (SignOutcome.Closed, null);
        }
        Task<bool> SignedAlreadyAsync() => db.WorkAuthorizations.AnyAsync(a => a.WorkOrderId == workOrderId && a.SnapshotSha256 == expectedSnapshotSha256, cancellationToken);
        var shop = await profile.GetAsync(cancellationToken);
        var snapshot = current is null ? null : PendingSnapshot(current, shop.Currency);
        if (snapshot is null)
        {
            return (await SignedAlreadyAsync() ? SignOutcome.AlreadySigned : expectedSnapshotSha256.Length == 0 ? SignOutcome.NothingToSign : SignOutcome.SnapshotChanged, null);
        }
        var json = snapshot.ToJson();
        var hash = AuthorizationSnapshot.Sha256Hex(json);
        if (!string.Equals(hash, expectedSnapshotSha256, StringComparison.Ordinal))
        {
            // Items wait that the page did not show (approved since, in another tab): the customer reviews them first.
            return (SignOutcome.SnapshotChanged, null);
        }

        var now = clock.GetUtcNow();
        var shopName = shop.ShopName;
        var authorization = new WorkAuthorization
        {
            WorkOrderId = workOrderId,
            AccessKeyId = actor.Access?.KeyId,
            SignerName = signerName.Trim(),
            SignaturePng = signaturePng,
            SignedAt = now,
            IpAddress = actor.IpAddress,
            UserAgent = actor.UserAgent,
            SnapshotJson = json,
            SnapshotSha256 = hash,
            ConsentText = ConsentText(snapshot, shopName),
            Total = snapshot.Total,
        };
        db.WorkAuthorizations.Add(authorization);
        var ids = snapshot.Items.Select(i => i.DiscrepancyId).ToList();
        var items = await db.Discrepancies.Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
        foreach (var item in items)
        {
            item.Authorization = authorization;
            // An editor who opened the item or the work order before the signature is refused, not let through to
            // change what was just signed for.
            item.Version++;
        }
        await db.WorkOrders.Where(w => w.Id == workOrderId).ExecuteUpdateAsync(s => s.SetProperty(w => w.Version, w => w.Version + 1), cancellationToken);
        var total = ShopProfile.FormatMoney(snapshot.Total, snapshot.Currency);
        db.PortalActivities.Add(actor.Activity(workOrderId, PortalActivityKind.Signed, now, detail:
            $"{authorization.SignerName} signed for items {string.Join(", ", snapshot.Items.Select(i => i.Sequence))} ({total})"));
        await db.TouchWorkOrderAsync(workOrderId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (SignOutcome.Signed, authorization);
    }
}
