using System.Net;
using System.Text;
using AngleSharp;
using AngleSharp.Html.Dom;
using AngleSharp.Io;

namespace ShopPortal.Tests.TestHost;

/// <summary>A page as a browser sees it: status, final address and a DOM to query and submit forms from.</summary>
public sealed record HtmlPage(HttpResponseMessage Response, IHtmlDocument Document, string Html)
{
    public HttpStatusCode Status => Response.StatusCode;
    public Uri Url => Response.RequestMessage!.RequestUri!;
    public string Text => Document.Body?.TextContent ?? "";

    public IHtmlFormElement Form(string selector) =>
        Document.QuerySelector(selector) as IHtmlFormElement ?? throw new AssertFailedException($"No form '{selector}' on {Url}.");

    /// <summary>The form that contains the button whose text or accessible name starts with <paramref name="label"/>.</summary>
    public (IHtmlFormElement Form, IHtmlElement Button) FormWithButton(string label)
    {
        foreach (var button in Document.QuerySelectorAll("button, input[type=submit]").OfType<IHtmlElement>())
        {
            var name = button.GetAttribute("aria-label") ?? button.TextContent.Trim();
            if (name.StartsWith(label, StringComparison.Ordinal) && button.Closest("form") is IHtmlFormElement form)
            {
                return (form, button);
            }
        }
        throw new AssertFailedException($"No button '{label}' on {Url}.");
    }

    public IReadOnlyList<string> ValidationMessages() =>
        Document.QuerySelectorAll(".field-validation-error, .validation-summary-errors li").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();
}

public static class Html
{
    public static async Task<HtmlPage> ReadPageAsync(this HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        // A browsing context per page, as per browser tab: one context cancels its previous navigation when it
        // opens the next, which parallel clients would otherwise do to each other.
        var context = BrowsingContext.New(Configuration.Default);
        var document = (IHtmlDocument)await context.OpenAsync(r => r.Content(html).Address(response.RequestMessage!.RequestUri!));
        return new HtmlPage(response, document, html);
    }

    public static async Task<HtmlPage> GetPageAsync(this HttpClient client, string url) => await (await client.GetAsync(url)).ReadPageAsync();

    /// <summary>Fills the named fields and submits the form the way a browser would, antiforgery token included.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlFormElement form, Dictionary<string, string>? values = null, IHtmlElement? submitter = null)
    {
        foreach (var (name, value) in values ?? [])
        {
            var field = form.Elements.FirstOrDefault(e => e.GetAttribute("name") == name);
            switch (field)
            {
                case IHtmlInputElement { Type: "checkbox" } checkbox:
                    checkbox.IsChecked = value == "true";
                    break;
                case IHtmlInputElement input:
                    input.Value = value;
                    break;
                case IHtmlTextAreaElement area:
                    area.Value = value;
                    break;
                case IHtmlSelectElement select:
                    if (select.Options.All(o => o.Value != value))
                    {
                        // Not one of the choices: send it anyway, as a crafted request would.
                        var option = (IHtmlOptionElement)form.Owner!.CreateElement("option");
                        option.Value = value;
                        select.AppendChild(option);
                    }
                    select.Value = value;
                    break;
                default:
                    // Not on the form (a field the page did not render): send it anyway, as a crafted request would.
                    var extra = form.Owner!.CreateElement("input");
                    extra.SetAttribute("type", "hidden");
                    extra.SetAttribute("name", name);
                    extra.SetAttribute("value", value);
                    form.AppendChild(extra);
                    break;
            }
        }

        var submission = submitter is null ? form.GetSubmission() : form.GetSubmission(submitter);
        if (submission is null)
        {
            throw new AssertFailedException("The form could not be submitted.");
        }
        using var request = new HttpRequestMessage(new System.Net.Http.HttpMethod(submission.Method.ToString().ToUpperInvariant()), submission.Target.Href);
        if (submission.Method == AngleSharp.Io.HttpMethod.Post)
        {
            using var reader = new StreamReader(submission.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(submission.MimeType ?? MimeTypeNames.UrlencodedForm);
        }
        return await client.SendAsync(request);
    }

    public static async Task<HtmlPage> SubmitPageAsync(this HttpClient client, IHtmlFormElement form, Dictionary<string, string>? values = null, IHtmlElement? submitter = null) =>
        await (await client.SubmitAsync(form, values, submitter)).ReadPageAsync();
}
