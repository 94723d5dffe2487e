using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ShopPortal.Pages;

/// <summary>
/// Ties a field to the message the server refused it with, so a screen reader reads the message with the field:
/// the message gets an id, the field <c>aria-invalid</c> and <c>aria-describedby</c>. (In the browser, jQuery Validation
/// ties its own messages the same way, with ids ending in <c>-error</c>.)
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class RefusedFieldTagHelper : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes.TryGetAttribute("type", out var type) && type.Value?.ToString() == "hidden")
        {
            return;
        }
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0)
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            var described = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? $"{existing.Value} " : "";
            output.Attributes.SetAttribute("aria-describedby", described + FieldMessageTagHelper.Id(name));
        }
    }
}

/// <summary>Gives the message under a field (<c>asp-validation-for</c>) the id its refused field points to.</summary>
[HtmlTargetElement("span", Attributes = "asp-validation-for")]
public sealed class FieldMessageTagHelper : TagHelper
{
    [HtmlAttributeName("asp-validation-for")]
    public ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public static string Id(string fullName) => TagBuilder.CreateSanitizedId(fullName, "_") + "-message";

    public override void Process(TagHelperContext context, TagHelperOutput output) =>
        output.Attributes.SetAttribute("id", Id(ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name)));
}
