using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ShopPortal.Pages;

[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "The shop has been told. Please try again in a moment.";

    /// <summary>Errors under /portal render in the portal's layout, with no way into the staff side.</summary>
    public bool ForPortal { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        ForPortal = original is not null && ShopPortal.Services.SecurityHeaders.IsPortal(original);
        (Title, Message) = code switch
        {
            404 => ("Not found", "There is nothing at this address. It may have been removed, or the link may be mistyped."),
            403 => ("Access denied", "Your account is not allowed to open this page. Ask a manager if you need it."),
            400 => ("Bad request", "The request could not be understood. Go back, reload the page and try again."),
            429 => ("Too many requests", "Please wait a moment and try again."),
            _ => (Title, Message),
        };
    }
}
