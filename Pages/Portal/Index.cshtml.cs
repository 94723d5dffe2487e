using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Services.Email;
using ShopPortal.Services.Portal;

namespace ShopPortal.Pages.Portal;

/// <summary>
/// The customer portal: one view of one work order, opened by the token in the link. Everything is loaded
/// from the key the token names; ids posted by the form only pick an item within that work order.
/// </summary>
[RequestSizeLimit(PortalForm.MaxRequestBytes)]
[RequestFormLimits(ValueLengthLimit = PortalForm.MaxRequestBytes, MultipartBodyLengthLimit = PortalForm.MaxRequestBytes)]
public class IndexModel(
    PortalAccessResolver resolver,
    PortalWorkOrders workOrders,
    CustomerApprovals approvals,
    Comments comments,
    WorkAuthorizations authorizations,
    PortalViews views,
    IAntiforgery antiforgery,
    CustomerNotifications notifications,
    ShopProfile profile) : PageModel
{
    public PortalAccessState State { get; private set; }
    public PortalAccess Access { get; private set; } = null!;
    public PortalWorkOrder WorkOrder { get; private set; } = null!;
    public ShopSettings Shop { get; private set; } = null!;
    public AuthorizationSnapshot? ToSign { get; private set; }
    public string? ConsentText { get; private set; }
    public string? SnapshotHash { get; private set; }
    public bool IsStaffPreview { get; private set; }

    /// <summary>The antiforgery token every form of the page carries (the views write it without tag helpers).</summary>
    public string RequestToken => requestToken ??= antiforgery.GetAndStoreTokens(HttpContext).RequestToken!;

    private string? requestToken;

    [BindProperty]
    public PortalForm Form { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>
    /// Where on the page the message belongs (an item, the signature): shown there, where the page lands, and spoken
    /// by the live region at the top, which then holds it out of sight.
    /// </summary>
    [TempData]
    public string? StatusFor { get; set; }

    /// <summary>Whether this view of the work order shows <paramref name="place"/>, where a message may be put.</summary>
    private bool Shows(string place) => Access.AllowsDecisions && place switch
    {
        "sign" => Access.AllowsSigning && WorkOrder.AcceptsDecisions,
        "signatures" => WorkOrder.Signatures.Count > 0,
        _ => WorkOrder.Items.Any(i => place == $"item-{i.Sequence}"),
    };

    /// <summary>The message after a post, where it belongs.</summary>
    public string? MessageAt(string place) => StatusFor is not null && StatusFor == place ? StatusMessage : null;

    public static string MessageClass(string message) => message.StartsWith("Error", StringComparison.Ordinal) ? "message error" : "message";

    public string Money(decimal amount) => ShopProfile.FormatMoney(amount, Shop.Currency);

    /// <summary>The view's name; an invoice before the work order is invoiced is the invoice to date.</summary>
    public string ViewName => Access.View == PortalView.Invoice && WorkOrder.AcceptsDecisions ? "Invoice to date" : Access.View.Label();

    /// <summary>The message for a field of one item's form, after a refused post.</summary>
    public string? ErrorFor(int itemId, string field) =>
        ModelState.TryGetValue(PortalForm.Key(itemId, field), out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (await OpenAsync(token, cancellationToken) is { } closed)
        {
            return closed;
        }
        await views.RecordAsync(PortalActor.FromRequest(Access, HttpContext), Access.WorkOrderId, PortalActivityKind.Viewed, cancellationToken);
        if (StatusFor is not null && !Shows(StatusFor))
        {
            // The item was removed, or the work order invoiced, since the post: the message shows at the top instead.
            StatusFor = null;
        }
        // A plain view is the same bytes for every visit of this link until the work order changes; a message
        // after a post is shown once.
        return StatusMessage is null ? WorkOrder.Pages.Serve((token, IsStaffPreview)) : Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        // The copy in memory, even if a write since moved the stamp: a post only picks an item from it (the write
        // itself checks the database); whatever shows a page again reloads it first (RefusedAsync, SignAsync).
        if (await OpenAsync(token, cancellationToken, recentCopy: true) is { } closed)
        {
            return closed;
        }
        var actor = PortalActor.FromRequest(Access, HttpContext);
        var item = WorkOrder.Items.FirstOrDefault(i => i.Id == Form.Item);
        if (item is null && Form.Item is not null)
        {
            await ReloadAsync(cancellationToken);
            item = WorkOrder.Items.FirstOrDefault(i => i.Id == Form.Item);
        }

        switch (Form.Action)
        {
            case PortalForm.Approve or PortalForm.Reject or PortalForm.Clear when Access.AllowsDecisions:
                if (item is null)
                {
                    return NotOnThisWorkOrder(token);
                }
                if (Form.Version is null)
                {
                    // Every decision form says which version of the item it showed; without it, a changed price would pass.
                    return BadRequest();
                }
                if (Form.Reason is { Length: > CustomerApprovals.MaxReasonLength })
                {
                    ModelState.AddModelError(Form.FieldKey("reason"), $"The reason can be at most {CustomerApprovals.MaxReasonLength:N0} characters.");
                    return await RefusedAsync(cancellationToken);
                }
                var decision = Form.Action switch { PortalForm.Approve => CustomerDecision.Approve, PortalForm.Reject => CustomerDecision.Reject, _ => CustomerDecision.Clear };
                var outcome = await approvals.DecideAsync(WorkOrder.Id, item.Id, decision, Form.Reason, actor, Form.Version, cancellationToken);
                Notify(actor, outcome == DecisionOutcome.Done);
                StatusMessage = outcome switch
                {
                    DecisionOutcome.Done => decision switch
                    {
                        CustomerDecision.Approve => $"Item {item.Sequence} approved.",
                        CustomerDecision.Reject => $"Item {item.Sequence} rejected.",
                        _ => $"Item {item.Sequence} is pending again.",
                    },
                    DecisionOutcome.Locked => $"Error: item {item.Sequence} is authorized by a signature and can no longer be changed here. Please call the shop.",
                    DecisionOutcome.Closed => ClosedMessage,
                    DecisionOutcome.Changed => $"Error: the shop changed item {item.Sequence} after this page showed it, so it was not approved. Please review it as it is now and decide again.",
                    _ => Removed(item, "your decision was not saved"),
                };
                return BackToItem(token, item);

            case PortalForm.Comment when Access.AllowsDecisions:
                if (item is null)
                {
                    return NotOnThisWorkOrder(token);
                }
                var body = Form.Body?.Trim() ?? "";
                if (body.Length == 0 || body.Length > Comment.MaxLength)
                {
                    ModelState.AddModelError(Form.FieldKey("body"), body.Length == 0
                        ? "Write your comment or question first."
                        : $"Comments can be at most {Comment.MaxLength:N0} characters.");
                    return await RefusedAsync(cancellationToken);
                }
                var sent = await comments.AddFromCustomerAsync(WorkOrder.Id, item.Id, body, actor, cancellationToken);
                Notify(actor, sent);
                StatusMessage = sent ? $"Comment on item {item.Sequence} sent to the shop." : Removed(item, "your comment was not sent");
                return BackToItem(token, item);

            case PortalForm.SaveInstructions when Access.AllowsDecisions:
                if (item is null)
                {
                    return NotOnThisWorkOrder(token);
                }
                if (Form.Instructions is { Length: > PortalForm.MaxInstructions })
                {
                    ModelState.AddModelError(Form.FieldKey("instructions"), $"Instructions can be at most {PortalForm.MaxInstructions:N0} characters.");
                    return await RefusedAsync(cancellationToken);
                }
                var saved = await approvals.SetInstructionsAsync(WorkOrder.Id, item.Id, Form.Instructions, actor, cancellationToken);
                Notify(actor, saved == DecisionOutcome.Done);
                StatusMessage = saved switch
                {
                    DecisionOutcome.Done => $"Instructions for item {item.Sequence} saved.",
                    DecisionOutcome.Closed => ClosedMessage,
                    _ => Removed(item, "your instructions were not saved"),
                };
                return BackToItem(token, item);

            case PortalForm.Sign when Access.AllowsSigning:
                return await SignAsync(token, actor, cancellationToken);

            default:
                return NotFound();
        }
    }

    private async Task<IActionResult> SignAsync(string token, PortalActor actor, CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        if (actor.IsStaff)
        {
            StatusMessage = "Error: staff previewing a link cannot sign for the customer.";
            return BackTo(token, "sign");
        }
        var name = Form.SignerName?.Trim() ?? "";
        // A name is letters: spaces and invisible characters alone do not sign.
        if (!name.EnumerateRunes().Any(Rune.IsLetter) || name.Length > WorkAuthorizations.MaxSignerName)
        {
            ModelState.AddModelError("Form.SignerName", name.Length <= WorkAuthorizations.MaxSignerName ? "Type your full name." : "Your name is too long.");
        }
        // Without JavaScript there is no pad: the customer ticks "use my typed name" and the server draws it.
        var (png, error) = Form.TypedSignature && string.IsNullOrEmpty(Form.Signature) && ModelState.IsValid
            ? (SignaturePng.FromTypedName(name), null)
            : SignaturePng.Read(Form.Signature);
        if (error is not null)
        {
            ModelState.AddModelError("Form.Signature", error);
        }
        if (!ModelState.IsValid || png is null)
        {
            return Page();
        }

        var (outcome, _) = await authorizations.SignAsync(WorkOrder.Id, Form.Snapshot ?? "", name, png, actor, cancellationToken);
        switch (outcome)
        {
            case SignOutcome.Signed:
                Notify(actor, true);
                StatusMessage = "Thank you. Your signature authorizes the approved work.";
                return BackTo(token, "signatures");
            case SignOutcome.Closed:
                StatusMessage = ClosedMessage;
                return Redirect($"/portal/{token}");
            case SignOutcome.SnapshotChanged:
                await ReloadAsync(cancellationToken);
                ModelState.AddModelError("Form.Signature", ToSign is null
                    ? "The approved items changed since this page was opened, and none waits for a signature now, so nothing was signed. Please review the items and approve what you want done."
                    : "The approved items changed since this page was opened, so nothing was signed. Please review them and sign again.");
                return Page();
            case SignOutcome.AlreadySigned:
                StatusMessage = "Your signature is recorded; there is nothing new to sign.";
                return BackTo(token, "signatures");
            default:
                StatusMessage = "Error: approve at least one item before signing.";
                return BackTo(token, "sign");
        }
    }

    private const string ClosedMessage = "Error: the shop has invoiced or closed this work order, so decisions and signatures can no longer change here. Please call the shop.";

    /// <summary>Resolves the token and loads the work order; returns the response to send when the link does not open.</summary>
    private async Task<IActionResult?> OpenAsync(string token, CancellationToken cancellationToken, bool recentCopy = false)
    {
        Shop = await profile.GetAsync(cancellationToken);
        var (state, access) = await resolver.ResolveAsync(token, cancellationToken);
        State = state;
        if (state == PortalAccessState.NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (state == PortalAccessState.Expired)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }
        Access = access!;
        var workOrder = recentCopy ? await workOrders.GetRecentAsync(Access.WorkOrderId, cancellationToken) : await workOrders.GetAsync(Access.WorkOrderId, cancellationToken);
        if (workOrder is null)
        {
            State = PortalAccessState.NotFound;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        WorkOrder = workOrder;
        IsStaffPreview = User.Identity?.IsAuthenticated == true;
        if (Access.AllowsSigning && !recentCopy)
        {
            LoadSigning();
        }
        return null;
    }

    /// <summary>The work order as it is now, for a page shown again after a post.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        WorkOrder = await workOrders.GetAsync(WorkOrder.Id, cancellationToken) ?? WorkOrder;
        if (Access.AllowsSigning)
        {
            LoadSigning();
        }
    }

    private async Task<IActionResult> RefusedAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        return Page();
    }

    private void LoadSigning()
    {
        var signing = WorkOrder.Signing(Shop.Currency, Shop.ShopName);
        ToSign = signing?.Snapshot;
        ConsentText = signing?.ConsentText;
        SnapshotHash = signing?.Sha256;
    }

    // The managers hear about what the customer did; a staff preview is the shop's own doing.
    private void Notify(PortalActor actor, bool changed)
    {
        if (changed && !actor.IsStaff)
        {
            notifications.CustomerActed(WorkOrder.Id);
        }
    }

    // Post/Redirect/Get, so a reload never posts twice.
    private RedirectResult BackToItem(string token, PortalItem item) => BackTo(token, $"item-{item.Sequence}");

    private RedirectResult BackTo(string token, string place)
    {
        StatusFor = place;
        return Redirect($"/portal/{token}#{place}");
    }

    /// <summary>
    /// A post names an item this work order does not have: one the shop removed (added by mistake) since the page was
    /// loaded, or a crafted id. Nothing is written, and the answer is the same for both.
    /// </summary>
    private RedirectResult NotOnThisWorkOrder(string token)
    {
        StatusMessage = "Error: that item is not on this work order (the shop may have removed it), so nothing was saved. Please call the shop with any question.";
        return Redirect($"/portal/{token}");
    }

    /// <summary>The shop removed an item (added by mistake) while the customer had it on screen.</summary>
    private static string Removed(PortalItem item, string what) =>
        $"Error: the shop has removed item {item.Sequence} from this work order, so {what}. Please call the shop with any question.";
}

/// <summary>Every portal form posts here; <see cref="Action"/> says which button was pressed.</summary>
public sealed class PortalForm
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Clear = "clear";
    public const string Comment = "comment";
    public const string SaveInstructions = "instructions";
    public const string Sign = "sign";
    public const int MaxInstructions = 2000;

    /// <summary>A signature PNG (200 KB, base64) plus a little form text.</summary>
    public const int MaxRequestBytes = 300 * 1024;

    public string? Action { get; set; }
    public int? Item { get; set; }

    /// <summary>The version of the item the page showed: an approval is of what the customer saw.</summary>
    public int? Version { get; set; }

    public string? Reason { get; set; }
    public string? Body { get; set; }
    public string? Instructions { get; set; }
    public string? SignerName { get; set; }
    public string? Signature { get; set; }

    /// <summary>Ticked (only offered without JavaScript) to sign with the typed full name.</summary>
    public bool TypedSignature { get; set; }

    public string? Snapshot { get; set; }

    /// <summary>Model state key for a field of one item's form, so its message shows under that form.</summary>
    public string FieldKey(string field) => Key(Item ?? 0, field);

    public static string Key(int itemId, string field) => $"item-{itemId}-{field}";
}
