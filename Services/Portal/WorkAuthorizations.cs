using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

public enum SignOutcome
{
    Signed,

    /// <summary>No approved item waits for a signature.</summary>
    NothingToSign,

    /// <summary>The approved items changed after the page was shown: the customer must review again.</summary>
    SnapshotChanged,
}

/// <summary>Formal work authorization: the customer signs for the approved items, which are then locked.</summary>
public sealed class WorkAuthorizations(ShopDbContext db, ShopProfile profile, TimeProvider clock)
{
    public const int MaxSignerName = 200;

    /// <summary>The approved items not yet covered by a signature, as the customer would sign for them now.</summary>
    public async Task<AuthorizationSnapshot?> PendingSnapshotAsync(int workOrderId, CancellationToken cancellationToken)
    {
        var workOrder = await db.WorkOrders.AsNoTracking().Where(w => w.Id == workOrderId)
            .Select(w => new { w.Number, w.Asset.Registration, w.LaborRate, w.TaxRate }).SingleAsync(cancellationToken);
        var items = await db.Discrepancies.AsNoTracking()
            .Where(d => d.WorkOrderId == workOrderId && d.ApprovalStatus == CustomerApprovalStatus.Approved && d.AuthorizationId == null)
            .OrderBy(d => d.Sequence)
            .Select(d => new { d.Id, d.Sequence, d.Description, d.EstimatedHours, Parts = d.Parts.Select(p => new { p.Quantity, p.UnitPrice }).ToList() })
            .ToListAsync(cancellationToken);
        if (items.Count == 0)
        {
            return null;
        }
        var authorized = items.ConvertAll(i => new AuthorizedItem(i.Id, i.Sequence, i.Description,
            WorkOrderMath.Item(i.EstimatedHours, [], i.Parts.Select(p => Money.Line(p.Quantity, p.UnitPrice)), workOrder.LaborRate).EstimateAmount));
        var subtotal = authorized.Sum(i => i.Amount);
        var tax = Money.Tax(subtotal, workOrder.TaxRate);
        var currency = (await profile.GetAsync(cancellationToken)).Currency;
        return new AuthorizationSnapshot(workOrder.Number, workOrder.Registration, currency, authorized, subtotal, tax, subtotal + tax);
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

    public async Task<(SignOutcome Outcome, WorkAuthorization? Authorization)> SignAsync(int workOrderId, string expectedSnapshotSha256, string signerName,
        byte[] signaturePng, PortalActor actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var snapshot = await PendingSnapshotAsync(workOrderId, cancellationToken);
        if (snapshot is null)
        {
            return (SignOutcome.NothingToSign, null);
        }
        var json = snapshot.ToJson();
        var hash = AuthorizationSnapshot.Sha256Hex(json);
        if (!string.Equals(hash, expectedSnapshotSha256, StringComparison.Ordinal))
        {
            return (SignOutcome.SnapshotChanged, null);
        }

        var now = clock.GetUtcNow();
        var shopName = (await profile.GetAsync(cancellationToken)).ShopName;
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
        }
        var total = ShopProfile.FormatMoney(snapshot.Total, snapshot.Currency);
        db.PortalActivities.Add(actor.Activity(workOrderId, PortalActivityKind.Signed, now, detail:
            $"{authorization.SignerName} signed for items {string.Join(", ", snapshot.Items.Select(i => i.Sequence))} ({total})"));
        await db.TouchWorkOrderAsync(workOrderId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (SignOutcome.Signed, authorization);
    }
}
