using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopPortal.Services.Pdf;

namespace ShopPortal.Pages.WorkOrders;

/// <summary>The printable estimate or invoice of a work order, downloaded from the Work Order page.</summary>
public class PdfModel(WorkOrderDocuments documents) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, string kind, CancellationToken cancellationToken)
    {
        var file = kind switch
        {
            "estimate" => await documents.EstimateAsync(id, cancellationToken),
            "invoice" => await documents.InvoiceAsync(id, cancellationToken),
            _ => null,
        };
        if (file is null)
        {
            return NotFound();
        }
        // Prices and customer details: kept out of caches, as the staff pages, the backup and the portal's PDFs are.
        Response.Headers.CacheControl = "no-store";
        return File(file.Content, PdfFile.ContentType, file.FileName);
    }
}
