using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ShopPortal.Data;

public class ShopDbContext(DbContextOptions<ShopDbContext> options) : IdentityDbContext<ShopUser>(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Asset> Assets => Set<Asset>();
    public DbSet<WorkOrder> WorkOrders => Set<WorkOrder>();
    public DbSet<Discrepancy> Discrepancies => Set<Discrepancy>();
    public DbSet<PartLine> PartLines => Set<PartLine>();
    public DbSet<LaborEntry> LaborEntries => Set<LaborEntry>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<PortalAccessKey> PortalAccessKeys => Set<PortalAccessKey>();
    public DbSet<WorkAuthorization> WorkAuthorizations => Set<WorkAuthorization>();
    public DbSet<PortalActivity> PortalActivities => Set<PortalActivity>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();
    public DbSet<ShopSettings> ShopSettings => Set<ShopSettings>();

    /// <summary>
    /// Marks the work order as changed. Every write that changes what a work order shows (items, parts,
    /// labor, approvals, comments, signatures) calls this, so caches keyed on the work order see the change.
    /// </summary>
    public async Task TouchWorkOrderAsync(int workOrderId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var workOrder = await WorkOrders.FindAsync([workOrderId], cancellationToken)
            ?? throw new InvalidOperationException($"Work order {workOrderId} does not exist.");
        workOrder.UpdatedAt = now;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no decimal or date type: EF Core would store text that SQL can neither sum nor order.
        // Fixed-point integers and binary-encoded UTC timestamps keep SUM and ORDER BY exact in SQL.
        configurationBuilder.Properties<decimal>().HaveConversion<FixedPointDecimalConverter>();
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ShopUser>().Property(u => u.DisplayName).HasMaxLength(100);

        builder.Entity<Customer>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.Company).HasMaxLength(200);
            e.Property(c => c.Email).HasMaxLength(256);
            e.Property(c => c.Phone).HasMaxLength(50);
            e.HasIndex(c => c.Name);
            e.Property(c => c.Version).IsConcurrencyToken();
        });

        builder.Entity<Asset>(e =>
        {
            e.Property(a => a.Registration).HasMaxLength(50);
            e.Property(a => a.Make).HasMaxLength(100);
            e.Property(a => a.Model).HasMaxLength(100);
            e.HasIndex(a => a.Registration);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasOne(a => a.Customer).WithMany(c => c.Assets).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<WorkOrder>(e =>
        {
            e.Property(w => w.Number).HasMaxLength(20);
            e.Property(w => w.Title).HasMaxLength(200);
            e.Property(w => w.Description).HasMaxLength(4000);
            e.HasIndex(w => w.Number).IsUnique();
            e.HasIndex(w => w.Sequence).IsUnique();
            e.HasIndex(w => w.Status);
            e.Property(w => w.Version).IsConcurrencyToken();
            e.HasOne(w => w.Customer).WithMany(c => c.WorkOrders).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(w => w.Asset).WithMany().OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Discrepancy>(e =>
        {
            e.Property(d => d.Description).HasMaxLength(2000);
            e.Property(d => d.CorrectiveAction).HasMaxLength(4000);
            e.Property(d => d.ApprovalChangedBy).HasMaxLength(200);
            e.Property(d => d.RejectionReason).HasMaxLength(1000);
            e.Property(d => d.CustomerInstructions).HasMaxLength(2000);
            e.HasIndex(d => new { d.WorkOrderId, d.Sequence }).IsUnique();
            e.Property(d => d.Version).IsConcurrencyToken();
            e.HasOne(d => d.WorkOrder).WithMany(w => w.Discrepancies).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(d => d.Authorization).WithMany(a => a.Discrepancies).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(d => d.IsLocked);
        });

        builder.Entity<PartLine>(e =>
        {
            e.Property(p => p.PartNumber).HasMaxLength(100);
            e.Property(p => p.Description).HasMaxLength(500);
            e.HasOne(p => p.Discrepancy).WithMany(d => d.Parts).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(p => p.Amount);
        });

        builder.Entity<LaborEntry>(e =>
        {
            e.Property(l => l.TechnicianName).HasMaxLength(100);
            e.Property(l => l.Note).HasMaxLength(1000);
            e.HasOne(l => l.Discrepancy).WithMany(d => d.Labor).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Comment>(e =>
        {
            e.Property(c => c.Body).HasMaxLength(Comment.MaxLength);
            e.Property(c => c.AuthorName).HasMaxLength(200);
            e.Property(c => c.DeletedBy).HasMaxLength(200);
            e.HasOne(c => c.Discrepancy).WithMany(d => d.Comments).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PortalAccessKey>(e =>
        {
            e.Property(k => k.SecretHash).HasMaxLength(32);
            e.Property(k => k.CreatedByName).HasMaxLength(200);
            e.Property(k => k.RevokedBy).HasMaxLength(200);
            e.Property(k => k.Recipient).HasMaxLength(256);
            e.Property(k => k.ProtectedToken).HasMaxLength(1000);
            e.HasIndex(k => k.ExpiresAt);
            e.HasIndex(k => new { k.WorkOrderId, k.View });
            e.HasOne(k => k.WorkOrder).WithMany(w => w.AccessKeys).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<WorkAuthorization>(e =>
        {
            e.Property(a => a.SignerName).HasMaxLength(200);
            e.Property(a => a.IpAddress).HasMaxLength(64);
            e.Property(a => a.UserAgent).HasMaxLength(512);
            e.Property(a => a.SnapshotSha256).HasMaxLength(64);
            e.HasOne(a => a.WorkOrder).WithMany(w => w.Authorizations).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PortalActivity>(e =>
        {
            e.Property(a => a.Actor).HasMaxLength(200);
            e.Property(a => a.IpAddress).HasMaxLength(64);
            e.Property(a => a.UserAgent).HasMaxLength(512);
            e.Property(a => a.Detail).HasMaxLength(PortalActivity.MaxDetail);
            e.HasIndex(a => new { a.WorkOrderId, a.At });
            // The notification sweep runs every minute over the actions not yet emailed: a handful among years of rows.
            e.HasIndex(a => a.At).HasFilter("\"NotifiedAt\" IS NULL").HasDatabaseName("IX_PortalActivities_Unnotified");
            e.HasOne<WorkOrder>().WithMany().HasForeignKey(a => a.WorkOrderId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<OutboxEmail>(e =>
        {
            e.Property(o => o.To).HasMaxLength(256);
            e.Property(o => o.Cc).HasMaxLength(4000);
            e.Property(o => o.Subject).HasMaxLength(300);
            e.Property(o => o.LastError).HasMaxLength(2000);
            e.Property(o => o.CreatedByName).HasMaxLength(200);
            e.HasIndex(o => new { o.Status, o.NextAttemptAt });
            e.HasIndex(o => o.WorkOrderId);
        });

        builder.Entity<ShopSettings>(e =>
        {
            e.Property(s => s.Id).ValueGeneratedNever();
            e.Property(s => s.ShopName).HasMaxLength(200);
            e.Property(s => s.Address).HasMaxLength(500);
            e.Property(s => s.Phone).HasMaxLength(50);
            e.Property(s => s.Email).HasMaxLength(256);
            e.Property(s => s.TimeZone).HasMaxLength(64);
            e.Property(s => s.Currency).HasMaxLength(3);
            e.Property(s => s.PublicBaseUrl).HasMaxLength(500);
            e.Property(s => s.Version).IsConcurrencyToken();
        });
    }
}

/// <summary>Stores a decimal as an integer count of ten-thousandths: exact for money, hours, quantities and rates.</summary>
public sealed class FixedPointDecimalConverter() : ValueConverter<decimal, long>(v => ToStored(v), v => FromStored(v))
{
    private const decimal Scale = 10_000m;

    public static long ToStored(decimal value) => (long)decimal.Round(value * Scale, MidpointRounding.AwayFromZero);

    // Dividing by 1.000... drops the trailing zeros the scale would leave (1.5000 shows as 1.5 in forms).
    public static decimal FromStored(long value) => value / Scale / 1.0000000000000000000000000000m;
}
