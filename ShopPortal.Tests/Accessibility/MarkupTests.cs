using System.Net;
using AngleSharp.Html.Dom;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Accessibility;

/// <summary>
/// The server-rendered HTML of every portal view (and the states its actions lead to) and of the main staff pages:
/// unique ids, no control inside another, labels bound to real controls, every field named, every id reference resolved.
/// </summary>
[TestClass]
public sealed class MarkupTests
{
    private static readonly Dictionary<string, Func<Task<HtmlPage>>> PortalPages = new()
    {
        ["Work Authorization"] = async () => (await OpenAsync(ShopWithHistory.WorkOrder, PortalView.WorkAuthorization)).Page,
        ["Work Authorization after approving"] = async () => await PressAsync(await OpenNewWorkOrderAsync(PortalView.WorkAuthorization), "Approve item 1", "Item 1 approved."),
        ["Work Authorization after rejecting"] = async () =>
            await PressAsync(await OpenNewWorkOrderAsync(PortalView.WorkAuthorization), "Reject item 1", "Item 1 rejected.", new() { ["Form.Reason"] = "Not this year." }),
        ["Work Authorization after an empty comment"] = async () => await PressAsync(await OpenNewWorkOrderAsync(PortalView.WorkAuthorization), "Comment on item 1", "Write your comment or question first."),
        ["Work Authorization after too long a reason"] = async () => await PressAsync(await OpenNewWorkOrderAsync(PortalView.WorkAuthorization), "Reject item 1",
            "The reason can be at most", new() { ["Form.Reason"] = new string('x', 1001) }),
        ["Work Authorization after too long instructions"] = async () => await PressAsync(await OpenNewWorkOrderAsync(PortalView.WorkAuthorization), "Save instructions for item 1",
            "Instructions can be at most", new() { ["Form.Instructions"] = new string('x', 2001) }),
        ["Estimate"] = async () => (await OpenAsync(ShopWithHistory.WorkOrder, PortalView.Estimate)).Page,
        ["Estimate after approving"] = async () => await PressAsync(await OpenNewWorkOrderAsync(PortalView.Estimate), "Approve item 1", "Item 1 approved."),
        ["Estimate after rejecting"] = async () => await PressAsync(await OpenNewWorkOrderAsync(PortalView.Estimate), "Reject item 1", "Item 1 rejected."),
        ["Estimate after a refused signature"] = async () =>
        {
            var (client, page) = await OpenNewWorkOrderAsync(PortalView.Estimate);
            return await SignAsync(client, await PressAsync((client, page), "Approve item 1", "Item 1 approved."), " ", "", "Type your full name.");
        },
        ["Estimate after signing"] = async () =>
        {
            var (client, page) = await OpenNewWorkOrderAsync(PortalView.Estimate);
            return await SignAsync(client, await PressAsync((client, page), "Approve item 1", "Item 1 approved."), "Dana Whitfield", PortalKit.SignatureDataUrl(), "Your signature authorizes the approved work.");
        },
        ["Progress Report"] = async () => (await OpenAsync(ShopWithHistory.WorkOrder, PortalView.ProgressReport)).Page,
        ["Invoice"] = async () => (await OpenAsync(ShopWithHistory.WorkOrder, PortalView.Invoice)).Page,
    };

    /// <summary>Staff pages by address; {wo} is WO-1001's id and {item} its item 2's.</summary>
    private static readonly Dictionary<string, string> StaffPages = new()
    {
        ["Work orders"] = "/WorkOrders",
        ["Work order"] = "/WorkOrders/{wo}",
        ["Work order edit"] = "/WorkOrders/{wo}/Edit",
        ["Discrepancy"] = "/WorkOrders/{wo}/Items/{item}",
        ["New discrepancy"] = "/WorkOrders/{wo}/Items",
        ["New work order"] = "/WorkOrders/Create",
        ["Customers"] = "/Customers",
        ["Customer"] = "/Customers/Edit/1",
        ["Assets"] = "/Assets",
        ["Asset"] = "/Assets/Edit/1",
        ["Team"] = "/Team",
        ["Settings"] = "/Settings",
        ["Outbox"] = "/Outbox",
        ["Email"] = "/WorkOrders/{wo}/Email",
        ["Email compose"] = "/WorkOrders/{wo}/Email?compose=Invoice",
    };

    private static TestApp app = null!;
    private static HttpClient staff = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        app = new TestApp();
        await ShopWithHistory.PrepareAsync(app);
        staff = await app.SignInAsync();
    }

    [ClassCleanup]
    public static void Stop() => app.Dispose();

    public static IEnumerable<object[]> PortalRows => PortalPages.Keys.Select(name => new object[] { name });

    public static IEnumerable<object[]> StaffRows => StaffPages.Keys.Select(name => new object[] { name });

    [TestMethod]
    [DynamicData(nameof(PortalRows))]
    public async Task Portal_page_markup_is_sound(string name) => AssertSound(await PortalPages[name]());

    [TestMethod]
    [DataRow("Work Authorization after an empty comment")]
    [DataRow("Work Authorization after too long a reason")]
    [DataRow("Work Authorization after too long instructions")]
    [DataRow("Estimate after a refused signature")]
    public async Task A_portal_error_message_is_the_description_of_its_field(string name)
    {
        var page = await PortalPages[name]();

        var errors = page.Document.QuerySelectorAll(".field-error").Where(e => e.Closest("noscript") is null).ToList();
        Assert.IsTrue(errors.Count > 0, "The refused post shows a message.");
        foreach (var error in errors)
        {
            var described = string.IsNullOrEmpty(error.Id) ? [] : page.Document.QuerySelectorAll("[aria-describedby]")
                .Where(e => e.GetAttribute("aria-describedby")!.Split(' ').Contains(error.Id)).ToList();
            Assert.AreEqual(1, described.Count, $"\"{error.TextContent.Trim()}\" describes exactly one field.");
        }
    }

    [TestMethod]
    [DynamicData(nameof(StaffRows))]
    public async Task Staff_page_markup_is_sound(string name)
    {
        var item = await app.ItemAsync(ShopWithHistory.WorkOrder, 2);
        var url = StaffPages[name].Replace("{wo}", $"{item.WorkOrderId}", StringComparison.Ordinal).Replace("{item}", $"{item.Id}", StringComparison.Ordinal);
        AssertSound(await staff.GetPageAsync(url));
    }

    [TestMethod]
    public async Task Sign_in_page_markup_is_sound() => AssertSound(await app.CreateBrowserClient().GetPageAsync("/Account/Login"));

    [TestMethod]
    public async Task First_run_setup_page_markup_is_sound_before_and_after_a_refused_submission()
    {
        using var firstRun = new TestApp(withManager: false);
        var client = firstRun.CreateBrowserClient();
        var page = await client.GetPageAsync("/Setup");
        AssertSound(page);

        var refused = await client.SubmitPageAsync(page.Form("form[method=post]"));
        Assert.IsTrue(refused.ValidationMessages().Count > 0, "The empty form is refused with messages.");
        AssertSound(refused);
    }

    [TestMethod]
    public async Task A_refused_staff_form_marks_each_refused_field_and_ties_its_message_to_it()
    {
        var page = await staff.GetPageAsync("/Customers/Edit");
        var save = page.FormWithButton("Save customer");
        var refused = await staff.SubmitPageAsync(save.Form, new() { ["Input.Name"] = "", ["Input.Email"] = "not an address" }, save.Button);

        var messages = refused.Document.QuerySelectorAll(".field-validation-error").ToList();
        Assert.AreEqual(2, messages.Count, string.Join(" ", refused.ValidationMessages()));
        foreach (var message in messages)
        {
            var field = refused.Document.QuerySelectorAll("[aria-describedby]").Single(e => e.GetAttribute("aria-describedby")!.Split(' ').Contains(message.Id));
            Assert.AreEqual(message.GetAttribute("data-valmsg-for"), field.GetAttribute("name"));
            Assert.AreEqual("true", field.GetAttribute("aria-invalid"));
        }
        Assert.IsNull(refused.Document.QuerySelector("[name='Input.Company'][aria-invalid]"), "A field that was not refused is not marked.");
        AssertSound(refused);
    }

    [TestMethod]
    public void The_checks_find_each_kind_of_fault()
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("""
            <p id="twice"></p><p id="twice"></p>
            <a href="/x"><button>Inside a link</button></a>
            <details><summary>More <a href="/y">here</a></summary></details>
            <label for="name">Name <input id="other" name="other"></label><input id="name" name="name">
            <label for="nothing">Orphan</label>
            <select name="unnamed"><option>1</option></select>
            <textarea aria-describedby="missing-help" aria-label="Notes"></textarea>
            <label>Wrapped <input name="wrapped"></label><input type="hidden" name="hidden"><button type="submit">Go</button>
            <section aria-labelledby="notes-1"><h2 id="notes-1">Notes</h2></section><section aria-labelledby="notes-2"><h2 id="notes-2">Notes</h2></section>
            <nav aria-label="Main"></nav><nav aria-label="Breadcrumb"></nav>
            """);

        var faults = MarkupChecks.Faults(document);

        var expected = new[]
        {
            "The id \"twice\" is used 2 times",
            "<button>Inside a link is inside <a>",
            "<a>here is inside <summary>",
            "<input id=\"other\" name=\"other\"> is inside <label>",
            "is for \"nothing\", which is not on the page",
            "<select name=\"unnamed\">1 has no label",
            "aria-describedby \"missing-help\", which is not on the page",
            "2 region landmarks are named \"Notes\"",
        };
        foreach (var fault in expected)
        {
            Assert.IsTrue(faults.Any(f => f.Contains(fault, StringComparison.Ordinal)), $"Expected a fault like '{fault}' in:{Environment.NewLine}{string.Join(Environment.NewLine, faults)}");
        }
        Assert.AreEqual(expected.Length, faults.Count, string.Join(Environment.NewLine, faults));
    }

    private static void AssertSound(HtmlPage page)
    {
        Assert.AreEqual(HttpStatusCode.OK, page.Status, page.Url.ToString());
        var faults = MarkupChecks.Faults(page.Document);
        Assert.AreEqual(0, faults.Count, $"{page.Url}:{Environment.NewLine}{string.Join(Environment.NewLine, faults)}");
    }

    private static async Task<(HttpClient Client, HtmlPage Page)> OpenAsync(string workOrder, PortalView view)
    {
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync((await app.CreateLinkAsync(workOrder, view)).Path());
        StringAssert.Contains(page.Document.QuerySelector("h1")!.TextContent, workOrder);
        return (client, page);
    }

    private static async Task<(HttpClient Client, HtmlPage Page)> OpenNewWorkOrderAsync(PortalView view) => await OpenAsync(await app.AddWorkOrderAsync(), view);

    /// <summary>Presses the button and returns the page it leads to, which says <paramref name="outcome"/>.</summary>
    private static async Task<HtmlPage> PressAsync((HttpClient Client, HtmlPage Page) at, string button, string outcome, Dictionary<string, string>? values = null)
    {
        var (form, submitter) = at.Page.FormWithButton(button);
        var page = await at.Client.SubmitPageAsync(form, values, submitter);
        StringAssert.Contains(page.Text, outcome);
        return page;
    }

    private static async Task<HtmlPage> SignAsync(HttpClient client, HtmlPage page, string name, string signature, string outcome)
    {
        var signed = await client.SubmitPageAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = name, ["Form.Signature"] = signature },
            page.Document.QuerySelector("#sign-form button[type=submit]") as IHtmlElement);
        StringAssert.Contains(signed.Text, outcome);
        return signed;
    }
}
