using AngleSharp.Dom;

namespace ShopPortal.Tests.TestHost;

/// <summary>
/// Markup faults that browsers repair or ignore without a word but that leave a screen reader guessing: duplicate ids,
/// controls inside controls, labels for nothing, unnamed fields, references to ids that are not there and landmarks that
/// share a name (a screen reader's list of regions then offers the same entry twice).
/// </summary>
public static class MarkupChecks
{
    private const string Interactive = "a[href], button, input:not([type=hidden]), select, textarea, label, details, summary, [tabindex]";
    private const string Labelable = "button, input:not([type=hidden]), meter, output, progress, select, textarea";
    private const string NeedsName = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea";
    private const string Landmarks = "nav, aside, section[aria-label], section[aria-labelledby], form[aria-label], form[aria-labelledby], [role=region], [role=navigation], [role=complementary], [role=search]";
    private static readonly string[] IdReferences = ["aria-labelledby", "aria-describedby", "aria-controls", "aria-errormessage", "aria-owns", "aria-activedescendant", "list", "form"];

    /// <summary>Every fault found, one sentence each; empty when the page is sound.</summary>
    public static IReadOnlyList<string> Faults(IDocument document)
    {
        var faults = new List<string>();

        foreach (var duplicate in document.QuerySelectorAll("[id]").GroupBy(e => e.Id).Where(g => g.Count() > 1))
        {
            faults.Add($"The id \"{duplicate.Key}\" is used {duplicate.Count()} times: {string.Join(", ", duplicate.Select(Describe))}.");
        }

        foreach (var element in document.QuerySelectorAll(Interactive))
        {
            for (var outer = element.ParentElement; outer is not null; outer = outer.ParentElement)
            {
                if (outer.Matches("a[href], button, summary") || (outer.LocalName == "label" && !IsControlOf(outer, element)))
                {
                    faults.Add($"{Describe(element)} is inside {Describe(outer)}.");
                }
            }
        }

        foreach (var label in document.QuerySelectorAll("label[for]"))
        {
            var target = document.GetElementById(label.GetAttribute("for")!);
            if (target is null || !target.Matches(Labelable))
            {
                faults.Add($"{Describe(label)} is for \"{label.GetAttribute("for")}\", which is {(target is null ? "not on the page" : $"not a form control but {Describe(target)}")}.");
            }
        }

        foreach (var control in document.QuerySelectorAll(NeedsName))
        {
            var labelled = !string.IsNullOrWhiteSpace(control.GetAttribute("aria-label"))
                || control.HasAttribute("aria-labelledby")
                || control.Closest("label") is not null
                || (!string.IsNullOrEmpty(control.Id) && document.QuerySelectorAll("label[for]").Any(l => l.GetAttribute("for") == control.Id));
            if (!labelled)
            {
                faults.Add($"{Describe(control)} has no label.");
            }
        }

        foreach (var attribute in IdReferences)
        {
            foreach (var element in document.QuerySelectorAll($"[{attribute}]"))
            {
                var ids = element.GetAttribute(attribute)!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (ids.Length == 0)
                {
                    faults.Add($"{Describe(element)} has an empty {attribute}.");
                }
                foreach (var id in ids.Where(id => document.GetElementById(id) is null))
                {
                    faults.Add($"{Describe(element)} has {attribute} \"{id}\", which is not on the page.");
                }
            }
        }

        var landmarks = document.QuerySelectorAll(Landmarks).Where(e => !e.HasAttribute("role") || e.GetAttribute("role") is "region" or "navigation" or "complementary" or "search");
        foreach (var shared in landmarks.GroupBy(e => (Kind: LandmarkKind(e), Name: AccessibleName(document, e))).Where(g => g.Count() > 1))
        {
            faults.Add($"{shared.Count()} {shared.Key.Kind} landmarks are named \"{shared.Key.Name}\": {string.Join(", ", shared.Select(Describe))}.");
        }

        return faults;
    }

    private static string LandmarkKind(IElement element) => element.GetAttribute("role") ?? element.LocalName switch
    {
        "nav" => "navigation",
        "aside" => "complementary",
        "form" => "form",
        _ => "region",
    };

    /// <summary>The name from aria-labelledby or aria-label, as far as landmarks need it.</summary>
    private static string AccessibleName(IDocument document, IElement element) =>
        element.GetAttribute("aria-labelledby") is { } ids
            ? string.Join(" ", ids.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(id => document.GetElementById(id)?.TextContent.Trim()))
            : element.GetAttribute("aria-label")?.Trim() ?? "";

    /// <summary>A label may hold its own control (the one it is for, or else its first form control) and nothing else that acts.</summary>
    private static bool IsControlOf(IElement label, IElement element)
    {
        if (!element.Matches(Labelable))
        {
            return false;
        }
        var target = label.GetAttribute("for");
        return target is not null ? element.Id == target : label.QuerySelector(Labelable) == element;
    }

    private static string Describe(IElement element)
    {
        var id = string.IsNullOrEmpty(element.Id) ? "" : $" id=\"{element.Id}\"";
        var name = element.GetAttribute("name") is { } n ? $" name=\"{n}\"" : "";
        var text = element.TextContent.Trim();
        return $"<{element.LocalName}{id}{name}>{(text.Length > 40 ? text[..40] + "…" : text)}";
    }
}
