using AngleSharp.Html.Dom;
using ShopPortal.Data;

namespace ShopPortal.Tests.TestHost;

/// <summary>
/// The sample shop after a few days of use, so that every section of every page has something in it: WO-1001 has a
/// customer comment with the shop's reply, a signature and portal activity, an emailed Estimate link in the outbox
/// and the direct links the Email page makes.
/// </summary>
public static class ShopWithHistory
{
    public const string WorkOrder = "WO-1001";

    public static async Task PrepareAsync(TestApp app)
    {
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync(WorkOrder);
        var staff = await app.SignInAsync();

        var compose = await staff.GetPageAsync($"/WorkOrders/{id}/Email?compose=Estimate");
        var queued = await staff.SubmitPageAsync(compose.Form("#compose"), new() { ["Compose.AdditionalText"] = "Hi Dana, the estimate for the annual is ready." });
        StringAssert.Contains(queued.Text, "Estimate email queued");

        var link = await app.CreateLinkAsync(WorkOrder, PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var page = await customer.GetPageAsync(link.Path());
        var comment = page.FormWithButton("Comment on item 2");
        page = await customer.SubmitPageAsync(comment.Form, new() { ["Form.Body"] = "Can you send a photo of the crack?" }, comment.Button);
        var reply = (await staff.GetPageAsync($"/WorkOrders/{id}")).FormWithButton("Post reply on item 2");
        await staff.SubmitAsync(reply.Form, new() { ["reply.Body"] = "Photo sent to your email." }, reply.Button);

        page = await customer.SubmitPageAsync(page.Form("#sign-form"), new()
        {
            ["Form.SignerName"] = "Dana Whitfield",
            ["Form.Signature"] = PortalKit.SignatureDataUrl(),
        }, page.Document.QuerySelector("#sign-form button[type=submit]") as IHtmlElement);
        StringAssert.Contains(page.Text, "Your signature authorizes the approved work.");
    }
}
