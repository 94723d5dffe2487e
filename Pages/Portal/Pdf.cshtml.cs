using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopPortal.Data;
using ShopPortal.Services.Pdf;
using ShopPortal.Services.Portal;

namespace ShopPortal.Pages.Portal;

/// <summary>The Print link: the estimate or invoice PDF of the link's work order. Other views have no PDF.</summary>
public class PdfModel(PortalAccessResolver resolver, WorkOrderDocuments documents, PortalViews views) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        var (state, access) = await resolver.ResolveAsync(token, cancellationToken);
        if (state == PortalAccessState.Expired)
        {
            return Redirect($"/portal/{token}");
        }
        if (access is not { HasPdf: true })
        {
            return NotFound();
        }
        var file = access.View == PortalView.Estimate
            ? await documents.EstimateAsync(access.WorkOrderId, cancellationToken)
            : await documents.InvoiceAsync(access.WorkOrderId, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }
        await views.RecordAsync(PortalActor.FromRequest(access, HttpContext), access.WorkOrderId, PortalActivityKind.DownloadedPdf, cancellationToken);
        return File(file.Content, PdfFile.ContentType, file.FileName);
    }
}
