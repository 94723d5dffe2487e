using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;

namespace ShopPortal.Pages.WorkOrders;

/// <summary>The work order header fields, shared by the Create and Edit pages.</summary>
public class WorkOrderInput
{
    [Required(ErrorMessage = "Choose the customer.")]
    [Display(Name = "Customer")]
    public int? CustomerId { get; set; }

    [Required(ErrorMessage = "Choose the asset being worked on.")]
    [Display(Name = "Asset")]
    public int? AssetId { get; set; }

    [Required, StringLength(200)]
    public string Title { get; set; } = "";

    [StringLength(4000)]
    public string? Description { get; set; }

    public WorkOrderStatus Status { get; set; }

    [Range(typeof(decimal), "0", "100000", ErrorMessage = "The labor rate must be between 0 and 100,000 per hour.")]
    [DecimalPlaces(2)]
    [Display(Name = "Labor rate per hour")]
    public decimal LaborRate { get; set; }

    [Range(typeof(decimal), "0", "100", ErrorMessage = "The tax rate must be a percentage between 0 and 100.")]
    [DecimalPlaces(3)]
    [DisplayFormat(DataFormatString = "{0:0.###}", ApplyFormatInEditMode = true)]
    [Display(Name = "Tax rate (%)")]
    public decimal TaxRate { get; set; }

    public int Version { get; set; }

    public void ApplyTo(WorkOrder workOrder)
    {
        workOrder.CustomerId = CustomerId!.Value;
        workOrder.AssetId = AssetId!.Value;
        workOrder.Title = Title.Trim();
        workOrder.Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        workOrder.Status = Status;
        workOrder.LaborRate = LaborRate;
        workOrder.TaxRate = TaxRate;
    }
}

/// <summary>Choices and cross-field checks for the work order form.</summary>
public sealed class WorkOrderFormOptions
{
    public required IReadOnlyList<SelectListItem> Customers { get; init; }
    public required IReadOnlyList<SelectListItem> Assets { get; init; }

    public static async Task<WorkOrderFormOptions> LoadAsync(ShopDbContext db, CancellationToken cancellationToken)
    {
        var customers = await db.Customers.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new { c.Id, Text = c.Company == null ? c.Name : c.Name + " (" + c.Company + ")" })
            .ToListAsync(cancellationToken);
        var assets = await db.Assets.AsNoTracking().OrderBy(a => a.Registration)
            .Select(a => new { a.Id, Text = a.Registration + " · " + (a.Make ?? "") + " " + (a.Model ?? "") + " — " + a.Customer.Name })
            .ToListAsync(cancellationToken);
        return new WorkOrderFormOptions
        {
            Customers = customers.ConvertAll(c => new SelectListItem(c.Text, c.Id.ToString(CultureInfo.InvariantCulture))),
            Assets = assets.ConvertAll(a => new SelectListItem(a.Text, a.Id.ToString(CultureInfo.InvariantCulture))),
        };
    }

    /// <summary>
    /// The customer and asset must exist and the asset belong to the customer. A work order that keeps its customer
    /// and asset is not checked again: the asset may have changed hands since, and the work was the old owner's.
    /// </summary>
    public static async Task ValidateAsync(ShopDbContext db, WorkOrderInput input, ModelStateDictionary modelState, string prefix, CancellationToken cancellationToken, WorkOrder? existing = null)
    {
        if (input.CustomerId is not { } customerId || input.AssetId is not { } assetId
            || (existing is not null && existing.CustomerId == customerId && existing.AssetId == assetId))
        {
            return;
        }
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            modelState.AddModelError($"{prefix}.{nameof(WorkOrderInput.CustomerId)}", "That customer no longer exists.");
            return;
        }
        var owner = await db.Assets.Where(a => a.Id == assetId).Select(a => (int?)a.CustomerId).SingleOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            modelState.AddModelError($"{prefix}.{nameof(WorkOrderInput.AssetId)}", "That asset no longer exists.");
        }
        else if (owner != customerId)
        {
            modelState.AddModelError($"{prefix}.{nameof(WorkOrderInput.AssetId)}", "That asset belongs to another customer. Choose one of this customer's assets.");
        }
    }
}
