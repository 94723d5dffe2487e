using Microsoft.EntityFrameworkCore;

using ShopPortal.Services;

namespace ShopPortal.Data;

/// <summary>A small aviation and vehicle shop's worth of data, for a first look and for benchmarks.</summary>
public static class SampleData
{
    /// <summary>Loads the sample data only into an empty database; returns whether it did.</summary>
    public static async Task<bool> LoadIfEmptyAsync(ShopDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Customers.AnyAsync(cancellationToken) || await db.WorkOrders.AnyAsync(cancellationToken))
        {
            return false;
        }

        var settings = await db.ShopSettings.SingleOrDefaultAsync(cancellationToken);
        var laborRate = settings?.LaborRate is > 0 ? settings.LaborRate : 95m;
        var taxRate = settings?.TaxRate ?? 0m;
        var now = clock.GetUtcNow();
        var today = settings?.Today(clock) ?? DateOnly.FromDateTime(now.UtcDateTime);

        var skyline = new Customer { Name = "Dana Whitfield", Company = "Skyline Charter LLC", Email = "dana@skyline-charter.example", Phone = "+1 555 0142" };
        var prairie = new Customer { Name = "Marcus Oyelaran", Company = "Prairie Farms Co-op", Email = "marcus@prairiefarms.example", Phone = "+1 555 0178" };
        var lena = new Customer { Name = "Lena Järvinen", Email = "lena.jarvinen@example.com", Phone = "+1 555 0113" };
        var redTail = new Customer { Name = "Owen Castillo", Company = "Red Tail Aviation", Email = "ops@redtail-aviation.example", Phone = "+1 555 0190" };

        var cessna = new Asset { Registration = "N172SP", Make = "Cessna", Model = "172S Skyhawk", Year = 2004, Customer = skyline };
        var tractor = new Asset { Registration = "1RW8320RCKD012345", Make = "John Deere", Model = "8320R", Year = 2019, Customer = prairie };
        var cirrus = new Asset { Registration = "N815LJ", Make = "Cirrus", Model = "SR22", Year = 2012, Customer = lena };
        var kingAir = new Asset { Registration = "N350RT", Make = "Beechcraft", Model = "King Air 350", Year = 2009, Customer = redTail };

        db.AddRange(skyline, prairie, lena, redTail, cessna, tractor, cirrus, kingAir);

        var annual = NewWorkOrder(1001, "Annual inspection and squawks", WorkOrderStatus.InProgress, skyline, cessna, laborRate, taxRate, now);
        Add(annual, now, today, ("Left main tire worn to cord on outboard side", "Replace left main tire and tube; inspect brake disc.", 1.5m, CustomerApprovalStatus.Approved,
            [("070-00419", "Tire, 6.00-6 6-ply", 1, 189.00m), ("095-06001", "Tube, 6.00-6", 1, 42.50m)], [2.0m]));
        Add(annual, now, today, ("Cracked exhaust muffler heat shield", "Remove muffler, weld-repair per AC 43.13, reinstall and leak check.", 3m, CustomerApprovalStatus.Approved,
            [("C294510-0201", "Shield, muffler heat", 1, 312.75m)], [1.5m, 1.25m]));
        Add(annual, now, today, ("ELT battery due", "Replace ELT battery pack and perform ELT test.", 0.8m, CustomerApprovalStatus.Pending,
            [("452-0133", "ELT battery pack", 1, 164.00m)], []));
        Add(annual, now, today, ("Right cabin door seal torn", "Replace door seal.", 1.2m, CustomerApprovalStatus.Rejected,
            [("0511101-12", "Seal, cabin door", 1, 96.20m), ("MEK-1", "Adhesive, seal", 1, 18.40m)], []));
        Add(annual, now, today, ("Vacuum pump at 1,350 hours since overhaul", "Replace dry vacuum pump and filter.", 2.0m, CustomerApprovalStatus.Pending,
            [("215CC", "Vacuum pump", 1, 545.00m), ("B3-5-1", "Vacuum filter", 1, 37.90m)], []));

        var harvest = NewWorkOrder(1002, "Pre-harvest service", WorkOrderStatus.Open, prairie, tractor, laborRate, taxRate, now);
        Add(harvest, now, today, ("Hydraulic leak at rear remote valve", "Replace O-rings and coupler on SCV 2.", 1.8m, CustomerApprovalStatus.Pending,
            [("RE253296", "Coupler, hydraulic", 1, 138.60m), ("AR99621", "O-ring kit", 2, 12.35m)], []));
        Add(harvest, now, today, ("Engine air filter restricted", "Replace primary and secondary air filters.", 0.5m, CustomerApprovalStatus.Pending,
            [("RE587794", "Filter, primary air", 1, 96.10m), ("RE587793", "Filter, secondary air", 1, 58.45m)], []));
        Add(harvest, now, today, ("Front axle grease points dry", "Lubricate chassis, check king pins for play.", 0.7m, CustomerApprovalStatus.Pending,
            [("TY6341", "Grease, multi-purpose (14 oz)", 3, 9.99m)], []));

        var pitot = NewWorkOrder(1003, "Avionics and pitot-static certification", WorkOrderStatus.Completed, lena, cirrus, laborRate, taxRate, now);
        Add(pitot, now, today, ("Pitot-static and transponder check due (91.411/91.413)", "Perform pitot-static leak test, altimeter and transponder certification.", 3.5m, CustomerApprovalStatus.Approved,
            [("CERT-91411", "Certification tag and report", 1, 25.00m)], [3.0m, 0.75m]));
        Add(pitot, now, today, ("Static port fitting weeping", "Replace static port fitting and re-test.", 1.0m, CustomerApprovalStatus.Approved,
            [("12345-002", "Fitting, static port", 1, 48.90m)], [1.25m]));
        Add(pitot, now, today, ("Garmin GTX 345 firmware out of date", "Load current firmware per service bulletin; functional test.", 0.5m, CustomerApprovalStatus.Approved,
            [("SB-FW", "Service bulletin compliance record", 1, 0.00m)], [0.5m]));
        Add(pitot, now, today, ("Cabin speaker rattles", "Secure speaker grille, add foam isolator.", 0.4m, CustomerApprovalStatus.Rejected,
            [("FOAM-10", "Foam isolator strip", 1, 6.25m)], []));

        var phase = NewWorkOrder(1004, "Phase 3 inspection", WorkOrderStatus.InProgress, redTail, kingAir, laborRate, taxRate, now);
        for (var i = 1; i <= 20; i++)
        {
            Add(phase, now, today, ($"Phase 3 task card {i:00}: inspect zone {100 + i * 10} per maintenance manual",
                $"Inspect zone {100 + i * 10}, correct findings, lubricate and record per task card {i:00}.",
                0.5m + (i % 4) * 0.75m, (i % 3) switch { 0 => CustomerApprovalStatus.Approved, 1 => CustomerApprovalStatus.Pending, _ => CustomerApprovalStatus.Rejected },
                [($"KA-{4000 + i}", $"Consumable kit, task card {i:00}", 1 + i % 3, 14.75m + i), ($"MS29513-{300 + i}", "O-ring", 2, 3.15m)],
                [0.25m + (i % 5) * 0.5m]));
        }

        db.WorkOrders.AddRange(annual, harvest, pitot, phase);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static WorkOrder NewWorkOrder(int sequence, string title, WorkOrderStatus status, Customer customer, Asset asset, decimal laborRate, decimal taxRate, DateTimeOffset now) => new()
    {
        Sequence = sequence,
        Number = WorkOrder.FormatNumber(sequence),
        Title = title,
        Status = status,
        Customer = customer,
        Asset = asset,
        LaborRate = laborRate,
        TaxRate = taxRate,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static void Add(
        WorkOrder workOrder,
        DateTimeOffset now,
        DateOnly today,
        (string Description, string Action, decimal Hours, CustomerApprovalStatus Approval,
            (string Number, string Description, decimal Quantity, decimal Price)[] Parts, decimal[] Labor) item)
    {
        var discrepancy = new Discrepancy
        {
            Sequence = workOrder.Discrepancies.Count + 1,
            Description = item.Description,
            CorrectiveAction = item.Action,
            EstimatedHours = item.Hours,
            ApprovalStatus = item.Approval,
            ApprovalChangedAt = item.Approval == CustomerApprovalStatus.Pending ? null : now.AddHours(-20),
            ApprovalChangedBy = item.Approval == CustomerApprovalStatus.Pending ? null : "Customer (by phone, recorded by the shop)",
            ApprovalMethod = item.Approval == CustomerApprovalStatus.Pending ? null : ApprovalMethod.Phone,
            WorkStatus = item.Labor.Length == 0 ? DiscrepancyWorkStatus.NotStarted
                : workOrder.Status == WorkOrderStatus.Completed ? DiscrepancyWorkStatus.Completed : DiscrepancyWorkStatus.InProgress,
            CreatedAt = now,
        };
        foreach (var part in item.Parts)
        {
            discrepancy.Parts.Add(new PartLine { PartNumber = part.Number, Description = part.Description, Quantity = part.Quantity, UnitPrice = part.Price });
        }
        for (var i = 0; i < item.Labor.Length; i++)
        {
            discrepancy.Labor.Add(new LaborEntry
            {
                TechnicianName = i % 2 == 0 ? "Sam Reyes" : "Priya Natarajan",
                Date = today.AddDays(-item.Labor.Length + i),
                Hours = item.Labor[i],
                Note = i == 0 ? "Started work" : "Continued",
                CreatedAt = now,
            });
        }
        workOrder.Discrepancies.Add(discrepancy);
    }
}
